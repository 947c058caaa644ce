/*
 * The framing and the queue: lines of the stream become whole
 * transactions, queued until nsupdate has applied them.  No I/O.
 */

#include "engine.h"

static void commit_tx(const char *xid, uint64_t lsn, const char *ctime);
static int drain_visible(const char *xid);

/* a message of the plugin (or a chunk of a saved stream): lines */
int
ingest(const char *s, size_t n)
{
	while (n > 0) {
		const char *nl = memchr(s, '\n', n);
		size_t len = nl ? (size_t)(nl - s) : n;

		if (ingest_line(s, len) != 0)
			return -1;
		s += len + (nl != NULL);
		n -= len + (nl != NULL);
	}
	return 0;
}

/* One line of the stream: frame it.  -1 (and pg_error) when it is not
 * what the plugin writes. */
int
ingest_line(const char *s, size_t n)
{
	char line[256], *w[5];
	int nw;
	uint64_t lsn;

	line_no++;
	/* only BEGIN and COMMIT lines are read; others are kept as they are */
	nw = 0;
	if (n < sizeof(line)) {
		memcpy(line, s, n);
		line[n] = '\0';
		nw = split_words(line, w, 5);
	}
	if (nw >= 1 && word_is(w[0], "BEGIN")) {
		if (in_frame) {
			snprintf(pg_error, sizeof(pg_error),
			    "line %lu: BEGIN inside a transaction", line_no);
			return -1;
		}
		in_frame = 1;
		partial.len = 0;
		snprintf(partial_xid, sizeof(partial_xid), "%s",
		    nw >= 2 ? w[1] : "-");
		buf_add(&partial, s, n);
		buf_add(&partial, "\n", 1);
		return 0;
	}
	if (!in_frame) {
		if (n == 0)
			return 0;
		snprintf(pg_error, sizeof(pg_error),
		    "line %lu: outside a transaction", line_no);
		return -1;
	}
	buf_add(&partial, s, n);
	buf_add(&partial, "\n", 1);
	if (nw >= 1 && word_is(w[0], "COMMIT")) {
		in_frame = 0;
		if (nw < 3 || parse_lsn(w[2], &lsn) != 0) {
			snprintf(pg_error, sizeof(pg_error), "line %lu: COMMIT "
			    "without xid and lsn (pg2dns needs the plugin's "
			    "include-xids and include-lsn)", line_no);
			return -1;
		}
		if (strcmp(partial_xid, "-") != 0 &&
		    strcmp(partial_xid, w[1]) != 0) {
			snprintf(pg_error, sizeof(pg_error), "line %lu: COMMIT "
			    "%s ends BEGIN %s", line_no, w[1], partial_xid);
			return -1;
		}
		/* drain: a commit after the marker means that every
		 * transaction the snapshot sees has come */
		if (mode == M_DRAIN && drain_end && lsn > drain_end) {
			drain_past = 1;
			return 0;
		}
		commit_tx(w[1], lsn, nw >= 4 ? w[3] : "-");
	}
	return 0;
}

/* a complete transaction: queue it unless it was applied or queued */
static void
commit_tx(const char *xid, uint64_t lsn, const char *ctime)
{
	struct tx *t;

	if (lsn <= pos || lsn <= last_queued)
		return;
	if (mode == M_DRAIN && !drain_visible(xid)) {
		drain_invisible = 1;
		return;
	}
	if (mode == M_DRAIN && drain_invisible) {
		drain_disagree = 1;
		return;
	}
	t = malloc(sizeof(*t) + partial.len + 1);
	if (t == NULL)
		die("out of memory");
	t->next = NULL;
	t->lsn = lsn;
	snprintf(t->xid, sizeof(t->xid), "%s", xid);
	snprintf(t->time, sizeof(t->time), "%s", ctime);
	t->len = partial.len;
	memcpy(t->text, partial.p, partial.len + 1);
	if (q_tail)
		q_tail->next = t;
	else
		q_head = t;
	q_tail = t;
	if (q_feed == NULL)
		q_feed = t;
	q_bytes += t->len;
	q_count++;
	last_queued = lsn;
	partial.len = 0;
}

/* drain: does the snapshot xmin:xmax:xip,... see this (32-bit) xid? */
static int
drain_visible(const char *xid)
{
	unsigned long long xmax, full;
	uint32_t x = (uint32_t)strtoul(xid, NULL, 10);
	const char *p = strchr(drain_snapshot, ':');
	int64_t d;

	xmax = strtoull(p + 1, NULL, 10);
	/* the 64-bit xid nearest xmax with these low 32 bits */
	d = (int32_t)(x - (uint32_t)xmax);
	full = xmax + d;
	if (full >= xmax)
		return 0;
	p = strchr(p + 1, ':');
	while (p && *++p) {
		if (strtoull(p, NULL, 10) == full)
			return 0;
		p = strchr(p, ',');
	}
	return 1;
}

void
free_head(void)
{
	struct tx *t = q_head;

	q_head = t->next;
	if (q_head == NULL)
		q_tail = NULL;
	q_bytes -= t->len;
	q_count--;
	free(t);
}

void
clear_queue(void)
{
	while (q_head)
		free_head();
	q_feed = NULL;
	last_queued = pos;
	in_frame = 0;
	partial.len = 0;
}
