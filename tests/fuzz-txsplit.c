/*
 * fuzz-txsplit: a libFuzzer target for txsplit
 *
 * Copyright (c) 2026 the txsplit developers; see LICENSE.
 *
 *	make fuzz [FUZZTIME=seconds]
 *
 * txsplit.c is compiled into this file, with its main renamed and its
 * exit(), stdout and stderr taken over: exit() jumps back here, and
 * what txsplit writes goes to memory.  Each input is run through
 * txsplit's own reading, parsing and splitting, and the result is
 * checked against what txsplit promises:
 *
 *  - it exits 0 or 1 (bad input), never 2, and on 1 its last message
 *    names the file and line;
 *  - the output is well formed for nsupdate: blocks of [zone] prereq
 *    and update lines ended by send, with "; COMMIT" and session lines
 *    only between blocks, and nothing left unsent at the end (nsupdate
 *    would send it at end of file);
 *  - every prereq and update line of a block with a zone line has an
 *    owner at or below that zone, and no block without a zone line
 *    follows a zone line (nsupdate keeps the last zone);
 *  - the output, fed to txsplit again with the same budget (its blocks
 *    are then plain nsupdate batches ended by send), is taken without
 *    a message and gives the same blocks (with -m, the same number of
 *    blocks and the same lines): a block over the budget, or with an
 *    owner outside its zone, would be split or refused;
 *  - the "; COMMIT" lines written are those of the complete frames
 *    before the line of the error, and on exit 1 the output is exactly
 *    what it is when that line and all after it are replaced by one
 *    bad line: everything before the bad transaction is written and
 *    nothing of it; when there are no changes outside frames, no
 *    block follows the last "; COMMIT" line.
 *
 * Before any input, every field letter of every type in rrtypes must
 * have its field_kinds entry (a letter without one would call a null
 * function).  A failed check aborts, so libFuzzer keeps the input.
 * The first two octets of an input choose the options (see
 * fz_options); with bit 7 of the first, the text up to a line "%%" is
 * the -z zone file.
 *
 * Everything txsplit keeps between inputs is in its globals, which are
 * reset (and freed) before each run: a global added to txsplit.c must
 * be added to fz_reset.
 */

#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static FILE *fz_out, *fz_err;
static jmp_buf fz_jump;
static int fz_status;
static void fz_exit(int status) __attribute__((noreturn));

#define main txsplit_main
#define exit fz_exit
#undef stdout
#define stdout fz_out
#undef stderr
#define stderr fz_err
#define printf(...) fprintf(fz_out, __VA_ARGS__)
#define putchar(c) fputc((c), fz_out)

#include "../txsplit.c"

#undef main
#undef exit
#undef stdout
#undef stderr
#undef printf
#undef putchar

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* the options of a run */
struct fz_options {
	size_t budget, tsig;
	bool merge, verbose, after;
	uint64_t after_lsn;
	const char *zones;	/* -z file's text, or NULL */
	size_t zoneslen;
};

/* what a run wrote */
struct fz_result {
	int status;
	char *out, *err;
	size_t outlen, errlen;
};

static char fz_path[64], fz_zpath[64];	/* the input and -z files */
static struct input fz_in;
static const uint8_t *fz_data;		/* the whole input, for messages */
static size_t fz_size;
static bool fz_verbose;			/* -v: comments in blocks */

static void
fz_exit(int status)
{
	/*
	 * read_zonefile's input is on its stack, which longjmp leaves:
	 * give back its buffer and descriptor while they still exist.
	 */
	if (current != NULL && current != &fz_in) {
		if (current->fd > STDIN_FILENO)
			close(current->fd);
		free(current->buf);
		current->buf = NULL;
	}
	fz_status = status;
	longjmp(fz_jump, 1);
}

static void
fz_table_free(struct table *t)
{
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

/* txsplit as it is when it starts */
static void
fz_reset(void)
{
	budget = BUDGET_DEFAULT;
	tsig_reserve = TSIG_MAX;
	verbose = merge = after_set = false;
	after_lsn = 0;
	for (size_t i = 0; i < zonefile.size; i++)
		if (zonefile.slots[i].gen == zonefile.gen) {
			struct listed_zone *lz = (void *)zonefile.slots[i].value;

			free((void *)zonefile.slots[i].key);
			if (lz != NULL)
				free(lz->text);
			free(lz);
		}
	fz_table_free(&zonefile);
	zonefile_name = NULL;
	current = NULL;
	free(st.xid);
	free(st.frame.zone_text);
	free(st.script.zone_text);
	memset(&st, 0, sizeof(st));
	free(grp.changes);
	free(grp.zones);
	free(grp.commits);
	memset(&grp, 0, sizeof(grp));
	free(owners.slots);
	memset(&owners, 0, sizeof(owners));
	fz_table_free(&zone_index);
	while (arena != NULL) {
		struct chunk *next = arena->next;

		free(arena);
		arena = next;
	}
	free(rdata_tokens.tok);
	memset(&rdata_tokens, 0, sizeof(rdata_tokens));
	txn_count = 0;
	wrote_zone = false;
	outlen = 0;
	zones_epoch = 1;
}

static void
fz_write_file(const char *path, const void *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_TRUNC);

	if (fd < 0 || write(fd, data, size) != (ssize_t)size || close(fd) != 0) {
		perror(path);
		abort();
	}
}

/* Run txsplit on data with the options; the result is the caller's */
static void
fz_run(const struct fz_options *o, const void *data, size_t size,
    struct fz_result *r)
{
	fz_reset();
	fz_write_file(fz_path, data, size);
	if (o->zones != NULL)
		fz_write_file(fz_zpath, o->zones, o->zoneslen);
	fz_out = open_memstream(&r->out, &r->outlen);
	fz_err = open_memstream(&r->err, &r->errlen);
	if (fz_out == NULL || fz_err == NULL)
		abort();
	memset(&fz_in, 0, sizeof(fz_in));
	fz_in.fd = -1;
	if (setjmp(fz_jump) == 0) {
		budget = o->budget;
		tsig_reserve = o->tsig;
		merge = o->merge;
		verbose = o->verbose;
		after_set = o->after;
		after_lsn = o->after_lsn;
		if (o->zones != NULL)
			read_zonefile(fz_zpath);
		st.script.class = CLASS_IN;
		if (!input_open(&fz_in, fz_path))
			abort();
		read_stream(&fz_in);
		fz_status = 0;
	}
	if (fz_in.fd > STDIN_FILENO)
		close(fz_in.fd);
	free(fz_in.buf);
	fz_in.buf = NULL;
	r->status = fz_status;
	fclose(fz_out);
	fclose(fz_err);
	/* read by txsplit's word scanner again: padded as its buffers are */
	if ((r->out = realloc(r->out, r->outlen + 1 + SLACK)) == NULL)
		abort();
	memset(r->out + r->outlen, 0, 1 + SLACK);
	fz_out = fz_err = NULL;
	fz_reset();
}

static void
fz_free(struct fz_result *r)
{
	free(r->out);
	free(r->err);
}

static void fz_fail(const struct fz_result *r, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 2, 3)));

static void
fz_fail(const struct fz_result *r, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "\n==== fuzz-txsplit: invariant failed: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n==== input (%zu octets, options %02x %02x):\n%.*s\n",
	    fz_size, fz_size > 0 ? fz_data[0] : 0, fz_size > 1 ? fz_data[1] : 0,
	    (int)(fz_size > 4000 ? 4000 : fz_size), (const char *)fz_data);
	if (r != NULL)
		fprintf(stderr, "==== exit %d, stdout:\n%.*s==== stderr:\n%.*s====\n",
		    r->status, (int)(r->outlen > 4000 ? 4000 : r->outlen), r->out,
		    (int)r->errlen, r->err);
	abort();
}

/* The lines of a text, one at a time: false at the end */
static bool
fz_line(const char *text, size_t len, size_t *pos, const char **line,
    size_t *linelen)
{
	const char *nl;

	if (*pos >= len)
		return false;
	*line = text + *pos;
	nl = memchr(*line, '\n', len - *pos);
	*linelen = nl ? (size_t)(nl - *line) : len - *pos;
	*pos += *linelen + 1;
	return true;
}

static bool
fz_prefix(const char *line, size_t len, const char *prefix)
{
	return len >= strlen(prefix) && memcmp(line, prefix, strlen(prefix)) == 0;
}

static bool
fz_word_in(const struct token *t, const char *const *words)
{
	for (size_t i = 0; words[i] != NULL; i++)
		if (t->len == strlen(words[i]) &&
		    strncasecmp(t->start, words[i], t->len) == 0)
			return true;
	return false;
}

static const char *const fz_session[] = {
	"server", "local", "key", "realm", "gsstsig", "oldgsstsig", "debug",
	"answer", "show", NULL,
};
static const char *const fz_changes[] = {
	"update", "prereq", "add", "delete", "del", NULL,
};

/*
 * The output is blocks that nsupdate reads as meant: check its form,
 * each owner against its block's zone, and count the blocks.
 */
static size_t
fz_check_form(const struct fz_result *r)
{
	const char *line;
	size_t len, pos = 0, blocks = 0, changes = 0;
	bool open = false, zoned = false, any_zone = false;
	struct dname zone, owner;

	while (fz_line(r->out, r->outlen, &pos, &line, &len)) {
		struct token w[4];
		size_t n = split_words(line, len, w, 4);

		if (fz_prefix(line, len, "zone ")) {
			if (open)
				fz_fail(r, "zone line inside a block");
			if (n != 2 || name_from_text(w[1].start, w[1].len, &zone) != NULL)
				fz_fail(r, "bad zone line '%.*s'", (int)len, line);
			open = zoned = any_zone = true;
			changes = 0;
		} else if (fz_prefix(line, len, "update add ") ||
		    fz_prefix(line, len, "update delete ") ||
		    fz_prefix(line, len, "prereq ")) {
			if (!open) {
				if (any_zone)
					fz_fail(r, "a block without a zone line after "
					    "one with a zone line");
				open = true;
				zoned = false;
				changes = 0;
			}
			changes++;
			if (n < 3 || name_from_text(w[2].start, w[2].len, &owner) != NULL)
				fz_fail(r, "bad owner in '%.*s'", (int)len, line);
			if (zoned && !name_is_below(&owner, &zone, false))
				fz_fail(r, "owner of '%.*s' is outside its block's zone",
				    (int)len, line);
		} else if (len == 4 && memcmp(line, "send", 4) == 0) {
			if (!open || changes == 0)
				fz_fail(r, "send with nothing to send");
			open = false;
			blocks++;
		} else if (fz_prefix(line, len, "class ")) {
			/* around a block of another class than IN */
			if (open)
				fz_fail(r, "class line inside a block");
		} else if (fz_prefix(line, len, "; COMMIT")) {
			if (open)
				fz_fail(r, "; COMMIT inside a block");
		} else if (fz_prefix(line, len, "; ")) {
			if (!fz_verbose || !open)
				fz_fail(r, "a comment other than COMMIT, or outside a block");
		} else if (n > 0 && fz_word_in(&w[0], fz_session)) {
			if (open)
				fz_fail(r, "session command inside a block");
		} else {
			fz_fail(r, "unexpected output line '%.*s'", (int)len, line);
		}
	}
	if (open)
		fz_fail(r, "a block without send at the end: nsupdate would send it");
	return blocks;
}

/*
 * The size of each block of the output, computed here from the record
 * sizes txsplit's parse_change finds, must be within the budget; with
 * -v, the comment before send must say that size and record count.
 * nsupdate compresses an owner only against the zone or the owner of
 * the record before it.
 */
static void
fz_check_sizes(const struct fz_options *o, const struct fz_result *r)
{
	static const char *line;
	static size_t len, pos, size, records;
	static char comment[128];

	fz_reset();
	budget = o->budget;
	tsig_reserve = o->tsig;
	st.script.class = CLASS_IN;
	fz_out = fopen("/dev/null", "w");
	fz_err = fopen("/dev/null", "w");
	current = &fz_in;
	fz_in.name = "output";
	fz_in.line = 0;
	pos = 0;
	comment[0] = '\0';
	if (setjmp(fz_jump) != 0)
		fz_fail(r, "output line %lu refused when read again: '%.*s'",
		    fz_in.line, (int)len, line);
	while (fz_line(r->out, r->outlen, &pos, &line, &len)) {
		struct token w[2];
		size_t n = split_words(line, len, w, 2);

		fz_in.line++;
		if (fz_prefix(line, len, "zone ")) {
			set_zone(&st.script, w, n);
		} else if (fz_prefix(line, len, "class ")) {
			set_class(&st.script, w, n);
		} else if (fz_prefix(line, len, "update ") ||
		    fz_prefix(line, len, "prereq ")) {
			size_t after = 0;
			struct token cmd;

			if (!st.in_batch) {
				st.in_batch = true;
				transaction_start();
			}
			next_word(line, len, &after, &cmd);
			parse_change(line, len, after, &cmd,
			    line[0] == 'u' ? UPDATE : PREREQ);
		} else if (fz_prefix(line, len, "; ") &&
		    !fz_prefix(line, len, "; COMMIT")) {
			snprintf(comment, sizeof(comment), "%.*s", (int)len, line);
		} else if (len == 4 && memcmp(line, "send", 4) == 0) {
			struct zone *z = &grp.zones[grp.changes[0].zone];

			for (size_t i = 0; i < grp.nchanges; i++)
				if (grp.changes[i].zone != grp.changes[0].zone)
					fz_fail(r, "output line %lu: a block for more "
					    "than one zone or class", fz_in.line);
			/* its exact size, every name as nsupdate writes it */
			pack_start(z, 0);
			pack_build(grp.nchanges);
			size = pack_size();
			records = grp.nchanges;
			if (size > o->budget - o->tsig)
				fz_fail(r, "the block ending at output line %lu needs "
				    "%zu octets, over the budget of %zu", fz_in.line,
				    size, o->budget - o->tsig);
			if (o->verbose) {
				char expect[128];

				snprintf(expect, sizeof(expect),
				    "; %zu records, %zu octets%s", records, size,
				    o->tsig ? " and TSIG" : "");
				if (strcmp(comment, expect) != 0)
					fz_fail(r, "output line %lu: the block's comment "
					    "'%s' is not '%s'", fz_in.line, comment,
					    expect);
			}
			comment[0] = '\0';
			st.in_batch = false;
			grp.nchanges = grp.nzones = 0;
			grp.known_zone = false;
			table_clear(&zone_index);
		}
	}
	fclose(fz_out);
	fclose(fz_err);
	fz_out = fz_err = NULL;
	fz_reset();
}

/* The output's lines, sorted, with the comments left out */
static int
fz_cmp_lines(const void *a, const void *b)
{
	const char *const *x = a, *const *y = b;

	return strcmp(*x, *y);
}

static char **
fz_sorted_lines(const char *text, size_t len, size_t *count)
{
	char **lines = NULL;
	const char *line;
	size_t linelen, pos = 0, n = 0;

	while (fz_line(text, len, &pos, &line, &linelen)) {
		if (fz_prefix(line, linelen, "; "))
			continue;
		lines = realloc(lines, (n + 1) * sizeof(*lines));
		lines[n++] = strndup(line, linelen);
	}
	if (n > 1)
		qsort(lines, n, sizeof(*lines), fz_cmp_lines);
	*count = n;
	return lines;
}

static void
fz_free_lines(char **lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

/* The output without its "; COMMIT" lines: a plain nsupdate script */
static char *
fz_strip_commits(const struct fz_result *r, size_t *len)
{
	char *s = malloc(r->outlen + 1), *p = s;
	const char *line;
	size_t linelen, pos = 0;

	while (fz_line(r->out, r->outlen, &pos, &line, &linelen))
		if (!fz_prefix(line, linelen, "; COMMIT")) {
			memcpy(p, line, linelen);
			p += linelen;
			*p++ = '\n';
		}
	*len = p - s;
	return s;
}

/*
 * Fed again to txsplit, the output's blocks must go through as they
 * are: none over the budget, none to be refused.
 */
static void
fz_check_refeed(const struct fz_options *o, const struct fz_result *r,
    size_t blocks)
{
	struct fz_options again = { o->budget, o->tsig, false, o->verbose,
	    false, 0, NULL, 0 };
	struct fz_result r2;
	size_t len, n1, n2;
	char *script = fz_strip_commits(r, &len);

	fz_run(&again, script, len, &r2);
	if (r2.status != 0 || r2.errlen != 0)
		fz_fail(r, "the output fed again: exit %d, %.*s", r2.status,
		    (int)r2.errlen, r2.err);
	if (!o->merge) {
		if (r2.outlen != len || memcmp(r2.out, script, len) != 0)
			fz_fail(r, "the output fed again gives other blocks:\n%.*s",
			    (int)(r2.outlen > 4000 ? 4000 : r2.outlen), r2.out);
	} else {
		char **l1 = fz_sorted_lines(r->out, r->outlen, &n1);
		char **l2 = fz_sorted_lines(r2.out, r2.outlen, &n2);
		bool same = n1 == n2;

		for (size_t i = 0; same && i < n1; i++)
			same = strcmp(l1[i], l2[i]) == 0;
		fz_free_lines(l1, n1);
		fz_free_lines(l2, n2);
		if (!same || fz_check_form(&r2) != blocks)
			fz_fail(r, "the output fed again gives other blocks:\n%.*s",
			    (int)(r2.outlen > 4000 ? 4000 : r2.outlen), r2.out);
	}
	free(script);
	fz_free(&r2);
}

/* The line of the error on exit 1, or 0 if it is in the zone file */
static unsigned long
fz_error_line(const struct fz_result *r)
{
	const char *last = r->err, *p;
	char prefix[128];
	unsigned long line = 0;

	if (r->errlen == 0 || r->err[r->errlen - 1] != '\n')
		fz_fail(r, "exit 1 with no message");
	for (p = r->err; p < r->err + r->errlen - 1; p++)
		if (*p == '\n')
			last = p + 1;
	snprintf(prefix, sizeof(prefix), "txsplit: %s:", fz_zpath);
	if (strncmp(last, prefix, strlen(prefix)) == 0)
		return 0;
	snprintf(prefix, sizeof(prefix), "txsplit: %s:", fz_path);
	if (strncmp(last, prefix, strlen(prefix)) != 0)
		fz_fail(r, "the message does not name the file");
	p = last + strlen(prefix);
	while (isdigit((unsigned char)*p))
		line = line * 10 + (*p++ - '0');
	/* (the last line is the error: a warning comes before it) */
	if (line == 0 || strncmp(p, ": ", 2) != 0)
		fz_fail(r, "the message does not name the line");
	return line;
}

/*
 * The "; COMMIT" lines of the frames complete before line `before`
 * (0: all), as txsplit writes them, with those -a skips left out.
 */
static void
fz_check_commits(const struct fz_options *o, const char *text, size_t size,
    unsigned long before, const struct fz_result *r)
{
	const char *line, *outline;
	size_t len, pos = 0, outlen, outpos = 0;
	unsigned long number = 0;
	struct token xid = { NULL, 0, false };
	bool in_frame = false, batches = false;

	while (fz_line(text, size, &pos, &line, &len) &&
	    (before == 0 || ++number < before)) {
		struct token w[5];
		size_t n = split_words(line, len, w, 5);
		char *expect, *p;
		uint64_t lsn;

		if (n == 0)
			continue;
		if (word_is(&w[0], "BEGIN")) {
			in_frame = true;
			xid.start = n == 2 ? w[1].start : NULL;
			xid.len = n == 2 ? w[1].len : 0;
			continue;
		}
		if (!in_frame && fz_word_in(&w[0], fz_changes))
			batches = true;
		if (!word_is(&w[0], "COMMIT"))
			continue;
		in_frame = false;
		if (o->after && n >= 3 && parse_lsn(w[2].start, w[2].len, &lsn) &&
		    lsn <= o->after_lsn)
			continue;
		p = expect = malloc(len + xid.len + 16);
		p += sprintf(p, "; COMMIT");
		if (n == 1 && xid.start != NULL)
			p += sprintf(p, " %.*s", (int)xid.len, xid.start);
		for (size_t i = 1; i < n; i++)
			p += sprintf(p, " %.*s", (int)w[i].len, w[i].start);
		/* the next "; COMMIT" line of the output must be this */
		for (;;) {
			if (!fz_line(r->out, r->outlen, &outpos, &outline, &outlen))
				fz_fail(r, "'%s' is missing from the output", expect);
			if (fz_prefix(outline, outlen, "; COMMIT"))
				break;
		}
		if (outlen != strlen(expect) || memcmp(outline, expect, outlen) != 0)
			fz_fail(r, "the output has '%.*s' where '%s' was expected",
			    (int)outlen, outline, expect);
		free(expect);
	}
	while (fz_line(r->out, r->outlen, &outpos, &outline, &outlen)) {
		if (fz_prefix(outline, outlen, "; COMMIT"))
			fz_fail(r, "'%.*s' is in the output, but its frame is not "
			    "complete before the error", (int)outlen, outline);
		if (!batches && outlen == 4 && memcmp(outline, "send", 4) == 0)
			fz_fail(r, "a block after the last complete frame");
	}
}

/*
 * On exit 1: cut the input before the line of the error and put a bad
 * line there instead.  What is written must be the same.
 */
static void
fz_check_cut(const struct fz_options *o, const char *text, size_t size,
    unsigned long before, const struct fz_result *r)
{
	struct fz_result r2;
	const char *line;
	size_t len, pos = 0, cut;
	unsigned long number = 0;
	char *cutted, expect[128];

	while (++number < before && fz_line(text, size, &pos, &line, &len))
		;
	cut = pos > size ? size : pos;
	cutted = malloc(cut + 3);
	memcpy(cutted, text, cut);
	if (cut > 0 && cutted[cut - 1] != '\n')
		fz_fail(r, "the error's line %lu is past the end", before);
	memcpy(cutted + cut, "\001\n", 2);
	fz_run(o, cutted, cut + 2, &r2);
	snprintf(expect, sizeof(expect), "txsplit: %s:%lu: control character",
	    fz_path, before);
	if (r2.status != 1 || r2.errlen < strlen(expect) ||
	    strstr(r2.err, expect) == NULL)
		fz_fail(r, "cut before line %lu: exit %d, %.*s", before, r2.status,
		    (int)r2.errlen, r2.err);
	if (r2.outlen != r->outlen || memcmp(r2.out, r->out, r->outlen) != 0)
		fz_fail(r, "cut before line %lu, the output is not the same:\n%.*s",
		    before, (int)(r2.outlen > 4000 ? 4000 : r2.outlen), r2.out);
	free(cutted);
	fz_free(&r2);
}

/*
 * The options from the first two octets:
 *   0: bits 0-2 budget, 3-4 TSIG reserve, 5 -m, 6 -v, 7 -z (the text up
 *      to a line "%%" is the zone file)
 *   1: bit 0 -a, with the lsn 0/ the other seven bits
 */
static void
fz_options(const uint8_t *data, struct fz_options *o)
{
	static const size_t budgets[] = {
		65535, 536, 600, 1024, 1500, 4096, 16384, 900,
	};
	static const size_t tsigs[] = { TSIG_MAX, 0, 78, 200 };

	o->budget = budgets[data[0] & 7];
	o->tsig = tsigs[(data[0] >> 3) & 3];
	if (o->tsig + HEADER_SIZE + QUESTION_FIXED + UNKNOWN_ZONE_SIZE +
	    NAME_MAX_WIRE + RR_FIXED > o->budget)
		o->budget = o->tsig + HEADER_SIZE + QUESTION_FIXED +
		    UNKNOWN_ZONE_SIZE + NAME_MAX_WIRE + RR_FIXED;
	o->merge = data[0] & 0x20;
	o->verbose = data[0] & 0x40;
	o->after = data[1] & 1;
	o->after_lsn = data[1] >> 1;
	o->zones = NULL;
	o->zoneslen = 0;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = getenv("TMPDIR");
	int fd;

	(void)argc;
	(void)argv;
	/* every field letter of every type is a field kind txsplit reads */
	for (size_t i = 0; i < sizeof(rrtypes) / sizeof(rrtypes[0]); i++)
		for (const char *f = rrtypes[i].fields; *f != '\0'; f++)
			if (field_kinds[(unsigned char)*f].text == NULL) {
				fprintf(stderr, "%s: field '%c' has no field_kinds "
				    "entry\n", rrtypes[i].name, *f);
				abort();
			}
	snprintf(fz_path, sizeof(fz_path), "%s/fuzz-txsplit.XXXXXX",
	    dir != NULL && strlen(dir) < 32 ? dir : "/tmp");
	snprintf(fz_zpath, sizeof(fz_zpath), "%s", fz_path);
	if ((fd = mkstemp(fz_path)) < 0 || close(fd) != 0 ||
	    (fd = mkstemp(fz_zpath)) < 0 || close(fd) != 0) {
		perror("mkstemp");
		abort();
	}
	return 0;
}

__attribute__((destructor)) static void
fz_cleanup(void)
{
	if (fz_path[0] != '\0')
		unlink(fz_path);
	if (fz_zpath[0] != '\0')
		unlink(fz_zpath);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_options o;
	struct fz_result r;
	const char *text;
	size_t blocks, textlen;
	unsigned long line = 0;

	static uint8_t *copy;

	if (size < 2)
		return 0;
	/* ended by a NUL and padded, as txsplit's input buffer is (SLACK) */
	copy = realloc(copy, size + 1 + SLACK);
	memcpy(copy, data, size);
	memset(copy + size, 0, 1 + SLACK);
	data = copy;
	fz_data = data;
	fz_size = size;
	fz_options(data, &o);
	text = (const char *)data + 2;
	textlen = size - 2;
	if (data[0] & 0x80) {
		const char *sep = NULL;

		for (size_t i = 0; i + 3 <= textlen; i++)
			if ((i == 0 || text[i - 1] == '\n') &&
			    memcmp(text + i, "%%\n", 3) == 0) {
				sep = text + i;
				break;
			}
		if (sep == NULL)
			return 0;
		o.zones = text;
		o.zoneslen = sep - text;
		textlen -= sep + 3 - text;
		text = sep + 3;
	}

	fz_run(&o, text, textlen, &r);
	fz_verbose = o.verbose;
	if (r.status != 0 && r.status != 1)
		fz_fail(&r, "exit %d", r.status);
	if (r.status == 1 && (line = fz_error_line(&r)) == 0) {
		/* the zone file was refused before any input was read */
		if (r.outlen != 0)
			fz_fail(&r, "output after a bad zone file");
		fz_free(&r);
		return 0;
	}
	blocks = fz_check_form(&r);
	fz_check_sizes(&o, &r);
	fz_check_commits(&o, text, textlen, line, &r);
	fz_check_refeed(&o, &r, blocks);
	if (r.status == 1)
		fz_check_cut(&o, text, textlen, line, &r);
	fz_free(&r);
	return 0;
}
