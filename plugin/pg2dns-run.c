/*
 * pg2dns-run - the replication engine of pg2dns(1)
 *
 * Copyright (c) 2026 the txsplit developers; see LICENSE.
 *
 * Streams the changes of a logical replication slot (wal2nsupdate output)
 * over PostgreSQL's streaming replication protocol, as pg_recvlogical
 * does, and applies them with two child processes, "txsplit -m" and
 * "nsupdate", all at once: receiving, splitting, sending and
 * checkpointing overlap.  The stream is parsed here and only here: the
 * BEGIN and COMMIT lines frame each transaction and give its xid, end
 * lsn and commit time.
 *
 * How it knows what nsupdate applied: txsplit writes a "; COMMIT" line
 * for each transaction, after all of its messages; the driver counts
 * them and writes, in place of each run of them, nsupdate's "version"
 * command, whose answer is the same line every time; nsupdate says
 * nothing when an update succeeds, so each answer, with nothing before
 * it, means that the transactions of that run are in the DNS.  Anything else nsupdate says, its exit, or no answer in
 * PG2DNS_TIMEOUT seconds ends both children; the retry starts fresh ones
 * (a long-lived nsupdate can stay broken after the server restarts) and
 * sends again what was not acknowledged, one transaction at a time until
 * past the ones that were in flight, so that a transaction the server
 * refuses is found and held, with everything before it applied.
 *
 * The applied position is recorded in STATE/applied (write, fsync,
 * rename, fsync of the directory) every PG2DNS_CHECKPOINT seconds or
 * PG2DNS_CHECKPOINT_TX transactions, and only a recorded position is
 * reported to the server as flushed.  When every received transaction is
 * applied, the position follows the server's keepalives, so that WAL
 * written for other tables lets the slot move.
 *
 *   pg2dns-run check               check the configuration, exit 2 if bad
 *   pg2dns-run run                 replicate until SIGTERM
 *   pg2dns-run replay STATE FILE   apply a saved stream
 *   pg2dns-run drain SNAPSHOT      apply what the snapshot sees (verify)
 *   pg2dns-run pending APPLIED     the commit time of the oldest
 *                                  transaction after APPLIED in the slot
 *
 * The configuration comes from the environment (pg2dns exports it).
 */

#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#define PROG "pg2dns"
#define DRIVER_OPTIONS "\"skip-hint\" 'pg2dns', \"batch-writes\" 'on'"

/* ------------------------------------------------------------ types */

struct buf {
	char	*p;
	size_t	 len, cap;
};

/* one complete transaction, as the plugin wrote it */
struct tx {
	struct tx *next;
	uint64_t lsn;			/* end of its commit record */
	char	 xid[16];
	char	 time[40];		/* commit time, or "-" */
	size_t	 len;
	char	 text[];		/* BEGIN ... COMMIT, '\n' after each */
};

enum mode { M_RUN, M_REPLAY, M_DRAIN, M_PENDING };

enum value_kind { V_STRING, V_SECONDS, V_COUNT, V_PORT, V_FILE, V_WORD };

struct setting {
	const char *name;
	const char *dflt;
	enum value_kind kind;
	const char **str;
	long	*num;			/* milliseconds for V_SECONDS */
};

/* -------------------------------------------------------- prototypes */

static void	 logmsg(const char *, ...);
static void	 die(const char *, ...);
static uint64_t	 now_ms(void);
static void	 utc_now(char *, size_t);
static void	 buf_add(struct buf *, const char *, size_t);
static void	 buf_drop(struct buf *, size_t);
static int	 parse_lsn(const char *, uint64_t *);
static void	 fmt_lsn(uint64_t, char *);
static int	 split_words(char *, char **, int);
static void	 load_config(void);
static void	 check_plugin_options(void);
static int	 ingest(const char *, size_t);
static int	 ingest_line(const char *, size_t);
static void	 commit_tx(const char *, uint64_t, const char *);
static int	 drain_visible(const char *);
static void	 free_head(void);
static void	 clear_queue(void);
static int	 spawn(char **, int *, int *, int *);
static void	 dns_start(void);
static void	 dns_stop(void);
static int	 unreachable(const char *);
static void	 dns_fail(const char *);
static void	 dns_feed(void);
static void	 dns_read_txsplit(void);
static void	 dns_read_nsupdate(void);
static void	 dns_write(int *, struct buf *);
static void	 dns_ack(void);
static void	 dns_timers(void);
static void	 state_path(char *, const char *);
static void	 unlink_state(const char *);
static int	 write_file_durably(const char *, const char *, size_t, int);
static void	 read_applied(void);
static int	 checkpoint(void);
static void	 write_status(const char *, const char *);
static void	 set_state(const char *, const char *);
static void	 note_error(const char *);
static void	 write_held(const char *, uint64_t, const char *, const char *,
		     const char *);
static void	 take_skip(void);
static void	 pg_connect(void);
static void	 pg_close(void);
static uint64_t	 undecodable(PGresult *, char *, size_t);
static void	 pg_fail(const char *, PGresult *);
static void	 pg_read(void);
static void	 pg_status_update(int);
static void	 on_signal(int);
static int	 run_loop(void);
static int	 cmd_pending(const char *);
static void	 remove_pid_file(void);

/* ------------------------------------------------------ configuration */

static const char *c_slot, *c_options, *c_server, *c_port, *c_keyfile,
	*c_zones, *c_state, *c_trace, *c_nsupdate_opts, *c_txsplit_opts,
	*c_backoff_min_s, *c_plugin;
static long c_backoff_min, c_backoff_max, c_timeout, c_ckpt_interval,
	c_ckpt_tx, c_queue_max, c_port_n;

/* every value is checked before anything starts */
static const struct setting settings[] = {
	{ "PG2DNS_SLOT", "pg2dns", V_WORD, &c_slot, NULL },
	{ "PG2DNS_PLUGIN", "wal2nsupdate", V_WORD, &c_plugin, NULL },
	{ "PG2DNS_OPTIONS", "", V_STRING, &c_options, NULL },
	{ "PG2DNS_SERVER", "127.0.0.1", V_WORD, &c_server, NULL },
	{ "PG2DNS_PORT", "53", V_PORT, &c_port, &c_port_n },
	{ "PG2DNS_KEYFILE", "", V_FILE, &c_keyfile, NULL },
	{ "PG2DNS_ZONES", "", V_FILE, &c_zones, NULL },
	{ "PG2DNS_STATE", "/var/lib/pg2dns", V_STRING, &c_state, NULL },
	{ "PG2DNS_TRACE", "", V_STRING, &c_trace, NULL },
	{ "PG2DNS_NSUPDATE_OPTS", "-t 10 -u 2 -r 2", V_STRING,
	  &c_nsupdate_opts, NULL },
	{ "PG2DNS_TXSPLIT_OPTS", "", V_STRING, &c_txsplit_opts, NULL },
	{ "PG2DNS_BACKOFF_MIN", "0.5", V_SECONDS, &c_backoff_min_s,
	  &c_backoff_min },
	{ "PG2DNS_BACKOFF_MAX", "30", V_SECONDS, NULL, &c_backoff_max },
	{ "PG2DNS_TIMEOUT", "60", V_SECONDS, NULL, &c_timeout },
	{ "PG2DNS_CHECKPOINT", "0.1", V_SECONDS, NULL, &c_ckpt_interval },
	{ "PG2DNS_CHECKPOINT_TX", "1000", V_COUNT, NULL, &c_ckpt_tx },
	{ "PG2DNS_QUEUE_MAX", "64", V_COUNT, NULL, &c_queue_max },
	{ NULL, NULL, V_STRING, NULL, NULL }
};

/* plugin options the driver cannot do without, and why */
static const struct {
	const char *name;
	const char *why;
} needed_options[] = {
	{ "include-lsn", "the COMMIT lsn is where pg2dns confirms and resumes" },
	{ "include-xids", "the xid names a held or skipped transaction" },
	{ NULL, NULL }
};

/* -------------------------------------------------------------- state */

static enum mode mode;
static volatile sig_atomic_t got_stop, got_wake;
static int sig_pipe[2] = { -1, -1 };

/* the queue: received, not yet acknowledged by nsupdate */
static struct tx *q_head, *q_tail, *q_feed;	/* q_feed: next to send */
static size_t q_bytes;
static unsigned long q_count;
static uint64_t last_queued;			/* highest lsn queued */

/* the transaction being received */
static struct buf partial;
static int in_frame;
static char partial_xid[16];
static unsigned long line_no;			/* replay: line of FILE */

/* positions */
static uint64_t pos;		/* everything up to here is applied */
static char pos_time[40] = "-", pos_xid[16] = "-";
static uint64_t ckpt_pos;	/* recorded durably */
static uint64_t last_ckpt_ms;
static unsigned long acks_since_ckpt;
static char ckpt_file[PATH_MAX];
static char ckpt_error[512];

/* the children */
static pid_t ts_pid = -1, ns_pid = -1;
static int ts_in = -1, ts_out = -1, ts_err = -1, ns_in = -1, ns_out = -1;
static struct buf ts_inbuf, ns_inbuf, ts_line, ns_line, ts_errbuf, ns_errbuf;
static char ns_version[256];	/* nsupdate's answer to "version" */
static unsigned long n_fed, n_commits, n_acked;
static unsigned long batch_before;	/* n_fed where the last batch began */
static struct buf ack_runs;	/* unsigned long: COMMITs each "version" acks */
static uint64_t last_progress, ns_error_at;
static int dns_up;
static uint64_t dns_retry_at;
static long dns_backoff;
static uint64_t careful_until;	/* one transaction at a time up to here */
static struct tx *held;		/* refused alone: the head of the queue */
static char held_msg[1500];

/* PostgreSQL */
static PGconn *conn;
static uint64_t pg_retry_at, last_heard, last_status_sent, keepalive_pos;
static uint64_t connected_at;
static long pg_backoff;
static int caught_up;		/* a keepalive came with nothing pending */
static uint64_t decode_held_lsn;	/* the plugin cannot decode it */
static char decode_held_xid[16];
static char pg_error[1024];
static uint64_t drain_end;	/* drain: stop when decoded past this */
static const char *drain_snapshot;
static int drain_invisible, drain_disagree, drain_past;

/* status */
static char st_state[16], st_since[32], st_error[2048];
static uint64_t status_written;
static int paused, locked, lock_fd = -1;
static FILE *replay_fp;
static int replay_eof;
static const char *replay_name;

/* -------------------------------------------------------------- utils */

static void
vlog(const char *fmt, va_list ap)
{
	char t[32];

	utc_now(t, sizeof(t));
	fprintf(stderr, "%s %s[%ld]: ", t, PROG, (long)getpid());
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

static void
logmsg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(fmt, ap);
	va_end(ap);
}

static void
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(fmt, ap);
	va_end(ap);
	exit(2);
}

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
utc_now(char *s, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(s, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void
buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;

		while (cap < b->len + n + 1)
			cap *= 2;
		b->p = realloc(b->p, cap);
		if (b->p == NULL)
			die("out of memory");
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
buf_drop(struct buf *b, size_t n)
{
	memmove(b->p, b->p + n, b->len - n);
	b->len -= n;
	if (b->p)
		b->p[b->len] = '\0';
}

/* X/Y, two hexadecimal numbers of up to 32 bits */
static int
parse_lsn(const char *s, uint64_t *lsn)
{
	uint64_t hi = 0, lo = 0;
	int n = 0;

	for (; isxdigit((unsigned char)*s) && n < 9; s++, n++)
		hi = hi * 16 + (isdigit((unsigned char)*s) ? *s - '0' :
		    tolower((unsigned char)*s) - 'a' + 10);
	if (n == 0 || n > 8 || *s++ != '/')
		return -1;
	for (n = 0; isxdigit((unsigned char)*s) && n < 9; s++, n++)
		lo = lo * 16 + (isdigit((unsigned char)*s) ? *s - '0' :
		    tolower((unsigned char)*s) - 'a' + 10);
	if (n == 0 || n > 8 || (*s != '\0' && !isspace((unsigned char)*s)))
		return -1;
	*lsn = hi << 32 | lo;
	return 0;
}

static void
fmt_lsn(uint64_t lsn, char *s)
{
	sprintf(s, "%" PRIX64 "/%" PRIX64, lsn >> 32, lsn & 0xffffffff);
}

/* split s in place at blanks; at most max words */
static int
split_words(char *s, char **w, int max)
{
	int n = 0;

	while (*s && n < max) {
		while (*s == ' ' || *s == '\t')
			*s++ = '\0';
		if (*s == '\0')
			break;
		w[n++] = s;
		while (*s && *s != ' ' && *s != '\t')
			s++;
	}
	return n;
}

/* seconds, decimal: "0.5", "30" */
static long
parse_seconds(const char *name, const char *s)
{
	long ms = 0, scale = 1000;
	const char *p = s;

	if (*p == '\0')
		die("%s is empty (seconds, such as 0.5)", name);
	for (; isdigit((unsigned char)*p); p++) {
		ms = ms * 10 + (*p - '0') * 1000;
		if (ms > 86400L * 1000)
			die("%s=%s: more than a day", name, s);
	}
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++)
			if ((scale /= 10) > 0)
				ms += (*p - '0') * scale;
	if (*p != '\0' || p == s || (p == s + 1 && *s == '.'))
		die("%s=%s is not a number of seconds", name, s);
	return ms;
}

static void
load_config(void)
{
	const struct setting *st;

	for (st = settings; st->name; st++) {
		const char *v = getenv(st->name);
		const char *p;
		char *end;

		if (v == NULL || (*v == '\0' && st->kind != V_STRING &&
		    st->kind != V_FILE))
			v = st->dflt;
		if (st->str)
			*st->str = v;
		switch (st->kind) {
		case V_STRING:
			for (p = v; *p; p++)
				if (*p == '\n' || *p == '\r')
					die("%s: no line breaks, please", st->name);
			break;
		case V_WORD:
			for (p = v; *p; p++)
				if (!isgraph((unsigned char)*p))
					die("%s='%s': one word of printable "
					    "characters", st->name, v);
			if (*v == '\0')
				die("%s is empty", st->name);
			break;
		case V_FILE:
			if (*v && access(v, R_OK) != 0)
				die("%s: cannot read %s: %s", st->name, v,
				    strerror(errno));
			break;
		case V_SECONDS:
			*st->num = parse_seconds(st->name, v);
			break;
		case V_COUNT:
		case V_PORT:
			errno = 0;
			*st->num = strtol(v, &end, 10);
			if (!isdigit((unsigned char)*v) || *end || errno ||
			    *st->num <= 0 || *st->num > INT_MAX ||
			    (st->kind == V_PORT && *st->num > 65535))
				die("%s=%s is not a %s", st->name, v,
				    st->kind == V_PORT ? "port (1 to 65535)" :
				    "positive whole number");
			break;
		}
	}
	for (const char *p = c_slot; *p; p++)
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) ||
		    *p == '_'))
			die("bad slot name '%s' (lower case letters, digits, _)",
			    c_slot);
	if (c_backoff_min < 1)
		c_backoff_min = 1;
	if (c_backoff_max < c_backoff_min)
		die("PG2DNS_BACKOFF_MAX (%s) is less than PG2DNS_BACKOFF_MIN "
		    "(%s)", getenv("PG2DNS_BACKOFF_MAX"), c_backoff_min_s);
	if (c_timeout < 1000)
		die("PG2DNS_TIMEOUT: at least 1 second");
	c_queue_max *= 1024 * 1024;
	check_plugin_options();
}

/* name=value words; refuse those that take away what the driver reads */
static void
check_plugin_options(void)
{
	char *copy = strdup(c_options), *w[64];
	int n = split_words(copy, w, 64);

	for (int i = 0; i < n; i++) {
		char *eq = strchr(w[i], '=');

		if (eq == NULL || eq == w[i])
			die("bad plugin option '%s' in PG2DNS_OPTIONS (name=value)",
			    w[i]);
		*eq = '\0';
		if (strcmp(w[i], "skip-hint") == 0)
			die("PG2DNS_OPTIONS: pg2dns sets skip-hint itself; "
			    "remove skip-hint=%s", eq + 1);
		for (int j = 0; needed_options[j].name; j++) {
			const char *v = eq + 1;

			if (strcmp(w[i], needed_options[j].name) != 0)
				continue;
			if (strcasecmp(v, "on") && strcasecmp(v, "true") &&
			    strcasecmp(v, "yes") && strcmp(v, "1"))
				die("PG2DNS_OPTIONS: pg2dns needs %s (%s); "
				    "remove %s=%s", w[i], needed_options[j].why,
				    w[i], v);
		}
	}
	free(copy);
}

/* --------------------------------------------------- the stream parser */

/* a message of the plugin (or a chunk of a saved stream): lines */
static int
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

static int
word_is(const char *w, const char *kw)
{
	return strcasecmp(w, kw) == 0;
}

/* One line of the stream: frame it.  -1 (and pg_error) when it is not
 * what the plugin writes. */
static int
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

static void
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

static void
clear_queue(void)
{
	while (q_head)
		free_head();
	q_feed = NULL;
	last_queued = pos;
	in_frame = 0;
	partial.len = 0;
}

/* ------------------------------------------------------- the children */

/* fork and exec argv; pipes to its standard input, output and error
 * (err may be NULL: then error goes to output) */
static int
spawn(char **argv, int *in, int *out, int *err)
{
	int pi[2], po[2], pe[2] = { -1, -1 };
	pid_t pid;

	if (pipe2(pi, O_CLOEXEC) || pipe2(po, O_CLOEXEC) ||
	    (err && pipe2(pe, O_CLOEXEC)))
		die("pipe: %s", strerror(errno));
#ifdef F_SETPIPE_SZ
	/* room for many transactions: txsplit -m merges what is waiting on
	 * its input into full messages, and writes ahead what is waiting
	 * for nsupdate (Linux; elsewhere the default) */
	fcntl(pi[1], F_SETPIPE_SZ, 1 << 20);
	fcntl(po[1], F_SETPIPE_SZ, 1 << 20);
#endif
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		sigset_t none;

		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		signal(SIGPIPE, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGINT, SIG_IGN);	/* a terminal's ^C is ours */
		dup2(pi[0], 0);
		dup2(po[1], 1);
		dup2(err ? pe[1] : po[1], 2);
		/* nothing else: not the lock that pg2dns may hold */
		for (int fd = 3; fd < 256; fd++)
			close(fd);
		execvp(argv[0], argv);
		fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(pi[0]);
	close(po[1]);
	*in = pi[1];
	*out = po[0];
	fcntl(*in, F_SETFL, O_NONBLOCK);
	fcntl(*out, F_SETFL, O_NONBLOCK);
	if (err) {
		close(pe[1]);
		*err = pe[0];
		fcntl(*err, F_SETFL, O_NONBLOCK);
	}
	return pid;
}

static void
dns_start(void)
{
	static char *ts_argv[72], *ns_argv[72];
	static char *ts_words, *ns_words;
	char head[600];
	int n;

	if (ts_words == NULL) {
		ts_words = strdup(c_txsplit_opts);
		ns_words = strdup(c_nsupdate_opts);
		n = 0;
		ts_argv[n++] = "txsplit";
		ts_argv[n++] = "-m";
		n += split_words(ts_words, ts_argv + n, 64);
		if (*c_zones) {
			ts_argv[n++] = "-z";
			ts_argv[n++] = (char *)c_zones;
		}
		ts_argv[n] = NULL;
		n = 0;
		/* nsupdate writes each line at once */
		ns_argv[n++] = "stdbuf";
		ns_argv[n++] = "-oL";
		ns_argv[n++] = "nsupdate";
		n += split_words(ns_words, ns_argv + n, 64);
		if (*c_keyfile) {
			ns_argv[n++] = "-k";
			ns_argv[n++] = (char *)c_keyfile;
		}
		ns_argv[n] = NULL;
	}
	ts_pid = spawn(ts_argv, &ts_in, &ts_out, &ts_err);
	ns_pid = spawn(ns_argv, &ns_in, &ns_out, NULL);
	ts_inbuf.len = ns_inbuf.len = ts_line.len = ns_line.len = 0;
	ts_errbuf.len = ns_errbuf.len = 0;
	ns_version[0] = '\0';
	/* the first answer proves the session works, and is the marker */
	snprintf(head, sizeof(head), "server %s %ld\nversion\n", c_server,
	    c_port_n);
	buf_add(&ns_inbuf, head, strlen(head));
	n_fed = n_commits = n_acked = batch_before = 0;
	ack_runs.len = 0;
	q_feed = q_head;
	last_progress = now_ms();
	ns_error_at = 0;
	dns_up = 1;
}

static void
close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static void
reap(pid_t *pid)
{
	if (*pid > 0) {
		kill(*pid, SIGKILL);
		while (waitpid(*pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	*pid = -1;
}

static void
dns_stop(void)
{
	close_fd(&ts_in);
	close_fd(&ts_out);
	close_fd(&ts_err);
	close_fd(&ns_in);
	close_fd(&ns_out);
	reap(&ts_pid);
	reap(&ns_pid);
	dns_up = 0;
	q_feed = q_head;
}

/*
 * What nsupdate or the engine says when the server could not be reached
 * or did not answer, or a child died: nothing was refused, so the
 * transaction in flight is retried and not held (skipping it would lose
 * a good transaction).
 */
static const char *const unreachable_marks[] = {
	"; Communication with ",
	"timed out",
	"connection refused",
	"gave no answer",
	"killed by signal",
	"txsplit ended",
	"nsupdate ended",
	"nsupdate did not start",
};

static int
unreachable(const char *why)
{
	for (size_t i = 0; i < sizeof(unreachable_marks) /
	    sizeof(unreachable_marks[0]); i++)
		if (strstr(why, unreachable_marks[i]) != NULL)
			return 1;
	return 0;
}

/* Something went wrong on the DNS side: end both children, and retry
 * after the backoff.  The first transaction not acknowledged is to
 * blame when it was alone in flight and was refused: hold at it. */
static void
dns_fail(const char *why)
{
	unsigned long outstanding = n_fed - n_acked;
	char lsn[24], msg[1400];
	struct tx *last = q_head;

	for (unsigned long i = 1; last && i < outstanding; i++)
		last = last->next;
	dns_stop();
	if (dns_backoff == 0)
		dns_backoff = c_backoff_min;
	dns_retry_at = now_ms() + dns_backoff;
	dns_backoff = dns_backoff * 2 > c_backoff_max ? c_backoff_max :
	    dns_backoff * 2;
	if (outstanding == 1 && q_head && unreachable(why)) {
		fmt_lsn(q_head->lsn, lsn);
		snprintf(msg, sizeof(msg), "transaction %s (commit %s): %.1000s; "
		    "retrying", q_head->xid, lsn, why);
		note_error(msg);
		set_state("failing", msg);
		if (careful_until < q_head->lsn)
			careful_until = q_head->lsn;
		return;
	}
	if (outstanding == 1 && q_head) {
		fmt_lsn(q_head->lsn, lsn);
		snprintf(msg, sizeof(msg), "transaction %s (commit %s at %s): %s",
		    q_head->xid, lsn, q_head->time, why);
		if (held == q_head && strcmp(held_msg, msg) == 0) {
			logmsg("still held at %s", msg);
		} else {
			held = q_head;
			snprintf(held_msg, sizeof(held_msg), "%.1400s", msg);
			snprintf(msg, sizeof(msg), "held at %.1300s; pg2dns skip "
			    "passes it", held_msg);
			note_error(msg);
			write_held("refused", held->lsn, held->xid, why,
			    held->text);
		}
		snprintf(msg, sizeof(msg), "held at %.1300s; pg2dns skip passes it",
		    held_msg);
		set_state("failing", msg);
		if (careful_until < q_head->lsn)
			careful_until = q_head->lsn;
		return;
	}
	if (outstanding > 1 && last) {
		/* find the one to blame at once: it may be refused alone */
		if (careful_until < last->lsn)
			careful_until = last->lsn;
		logmsg("%s; sending again one transaction at a time", why);
		dns_retry_at = now_ms();
		return;
	}
	note_error(why);
	set_state("failing", why);
}

/*
 * Give txsplit the next batch: what is waiting, up to what its input pipe
 * holds, all at once, so that txsplit -m packs it into full messages (fed
 * as it came, a backlog would go in pieces of what one read from the
 * server holds, a few dozen transactions a message).  That is once
 * txsplit has turned all it was given into messages and nsupdate has
 * applied all but the last batch: the next batch is split and waits on
 * nsupdate's input while the one before it is sent, so that nsupdate
 * never waits for the driver or txsplit, and what comes meanwhile goes
 * in the batch after.
 */
#define BATCH_MAX (1024 * 1024)

/*
 * How long an nsupdate that has sent may stay idle before a fresh one
 * takes its place.  After named closes an idle TCP connection
 * (tcp-idle-timeout, 30 s by default), or restarts, a long-lived
 * nsupdate can fail the next TCP-sized message with "timed out"; a fresh
 * one, which has sent nothing, cannot hold such a connection.
 */
#define SESSION_IDLE_MS 5000
static void
dns_feed(void)
{
	unsigned long start = n_fed;

	if (!dns_up || paused || got_stop || n_commits < n_fed ||
	    n_acked < batch_before)
		return;
	while (q_feed && ts_inbuf.len < BATCH_MAX) {
		/* after a failure, one transaction at a time */
		if (n_fed > n_acked && (careful_until >= q_feed->lsn ||
		    careful_until > pos))
			break;
		if (n_fed == n_acked)
			last_progress = now_ms();
		buf_add(&ts_inbuf, q_feed->text, q_feed->len);
		q_feed = q_feed->next;
		n_fed++;
	}
	if (n_fed > start)
		batch_before = start;
}

static void
dns_write(int *fd, struct buf *b)
{
	ssize_t n;

	if (*fd < 0 || b->len == 0)
		return;
	n = write(*fd, b->p, b->len);
	if (n > 0)
		buf_drop(b, n);
	else if (n < 0 && errno != EAGAIN && errno != EINTR)
		dns_fail(fd == &ts_in ? "txsplit ended" : "nsupdate ended");
}

/* read what fd has into b; 1 at end of file (or error) */
static int
read_into(int fd, struct buf *b)
{
	char chunk[65536];
	ssize_t n;

	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n > 0) {
			buf_add(b, chunk, n);
			if (n < (ssize_t)sizeof(chunk))
				return 0;
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return 0;
		return 1;
	}
}

static const char *
child_exit(pid_t *pid, const char *name, char *s, size_t n)
{
	int st;

	if (*pid > 0 && waitpid(*pid, &st, 0) == *pid) {
		*pid = -1;
		if (WIFEXITED(st))
			snprintf(s, n, "%s exited %d", name, WEXITSTATUS(st));
		else
			snprintf(s, n, "%s killed by signal %d", name,
			    WTERMSIG(st));
	} else
		snprintf(s, n, "%s ended", name);
	return s;
}

/* nsupdate answers "version" once the transactions before it are in */
static void
ask_version(unsigned long *run)
{
	buf_add(&ns_inbuf, "version\n", 8);
	buf_add(&ack_runs, (const char *)run, sizeof(*run));
	*run = 0;
}

/* txsplit's messages go to nsupdate; in place of each run of "; COMMIT"
 * lines (the transactions of a merged group, or of what one read brought)
 * a "version", so that nsupdate does not read the comments, half of what
 * txsplit writes for small transactions */
static void
dns_read_txsplit(void)
{
	int eof = read_into(ts_out, &ts_line);
	size_t start = 0;
	unsigned long run = 0;
	char *nl;

	while ((nl = memchr(ts_line.p + start, '\n',
	    ts_line.len - start)) != NULL) {
		size_t len = nl - (ts_line.p + start) + 1;
		int commit = len > 9 &&
		    memcmp(ts_line.p + start, "; COMMIT", 8) == 0;

		if (!commit && run)
			ask_version(&run);
		if (commit) {
			run++;
			n_commits++;
		} else
			buf_add(&ns_inbuf, ts_line.p + start, len);
		start += len;
	}
	if (run)
		ask_version(&run);
	if (start)
		buf_drop(&ts_line, start);
	if (ts_err >= 0)
		read_into(ts_err, &ts_errbuf);
	if (eof) {
		char s[200], msg[1300];

		child_exit(&ts_pid, "txsplit", s, sizeof(s));
		while (ts_errbuf.len && ts_errbuf.p[ts_errbuf.len - 1] == '\n')
			ts_errbuf.p[--ts_errbuf.len] = '\0';
		snprintf(msg, sizeof(msg), "%s: %.1000s", s,
		    ts_errbuf.len ? ts_errbuf.p : "no message");
		dns_fail(msg);
	}
}

/* nsupdate's answers: the marker, or what went wrong */
static void
dns_read_nsupdate(void)
{
	int eof = read_into(ns_out, &ns_line);
	char *nl;

	while (dns_up && (nl = memchr(ns_line.p, '\n', ns_line.len)) != NULL) {
		size_t len = nl - ns_line.p;

		*nl = '\0';
		if (ns_version[0] == '\0') {
			if (strncmp(ns_line.p, "nsupdate ", 9) != 0) {
				char msg[600];

				snprintf(msg, sizeof(msg), "nsupdate did not "
				    "start: %.500s", ns_line.p);
				dns_fail(msg);
				return;
			}
			snprintf(ns_version, sizeof(ns_version), "%s",
			    ns_line.p);
		} else if (strcmp(ns_line.p, ns_version) == 0) {
			if (ns_errbuf.len) {
				char msg[1100];

				snprintf(msg, sizeof(msg), "%.1000s", ns_errbuf.p);
				dns_fail(msg);
				return;
			}
			unsigned long run = 0;

			if (ack_runs.len >= sizeof(run)) {
				memcpy(&run, ack_runs.p, sizeof(run));
				buf_drop(&ack_runs, sizeof(run));
			}
			if (run == 0) {
				dns_fail("nsupdate answered more than it was asked");
				return;
			}
			while (run-- > 0 && dns_up)
				dns_ack();
		} else {
			if (ns_errbuf.len)
				buf_add(&ns_errbuf, " ", 1);
			buf_add(&ns_errbuf, ns_line.p, len);
			if (ns_error_at == 0)
				ns_error_at = now_ms();
		}
		buf_drop(&ns_line, len + 1);
	}
	if (eof && dns_up) {
		char s[200], msg[1300];

		child_exit(&ns_pid, "nsupdate", s, sizeof(s));
		snprintf(msg, sizeof(msg), "%s: %.1000s", s,
		    ns_errbuf.len ? ns_errbuf.p : "no message");
		dns_fail(msg);
	}
}

/* one more transaction is in the DNS */
static void
dns_ack(void)
{
	struct tx *t = q_head;
	char lsn[24];

	if (t == NULL || n_acked >= n_fed || n_acked >= n_commits) {
		dns_fail("nsupdate answered more than it was asked");
		return;
	}
	n_acked++;
	last_progress = now_ms();
	pos = t->lsn;
	snprintf(pos_time, sizeof(pos_time), "%s", t->time);
	snprintf(pos_xid, sizeof(pos_xid), "%s", t->xid);
	acks_since_ckpt++;
	if (*c_trace) {
		FILE *f = fopen(c_trace, "a");
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		fmt_lsn(t->lsn, lsn);
		if (f) {
			fprintf(f, "%s %lld.%09ld %s\n", t->time,
			    (long long)ts.tv_sec, ts.tv_nsec, lsn);
			fclose(f);
		}
	}
	if (held == t) {
		held = NULL;
		unlink_state("held");
		logmsg("recovered; applied through transaction %s", t->xid);
	}
	free_head();
	dns_backoff = 0;
	if (careful_until && pos >= careful_until)
		careful_until = 0;
	if (strcmp(st_state, "failing") == 0 && !*ckpt_error &&
	    decode_held_lsn == 0 && (conn || mode == M_REPLAY))
		set_state("running", "");
}

/* the watchdog, and nsupdate's complaints that no marker follows */
static void
dns_timers(void)
{
	uint64_t now = now_ms();
	char msg[1200];

	if (!dns_up)
		return;
	if (ns_error_at && now - ns_error_at > 300) {
		snprintf(msg, sizeof(msg), "%.1000s", ns_errbuf.p);
		dns_fail(msg);
	} else if ((n_fed > n_acked || ns_version[0] == '\0') &&
	    now - last_progress > (uint64_t)c_timeout) {
		snprintf(msg, sizeof(msg), "nsupdate gave no answer in %ld s; "
		    "ended it", c_timeout / 1000);
		dns_fail(msg);
	}
}

/* ------------------------------------------------------- state files */

static void
state_path(char *p, const char *name)
{
	snprintf(p, PATH_MAX, "%s/%s", c_state, name);
}

static void
unlink_state(const char *name)
{
	char p[PATH_MAX];

	state_path(p, name);
	unlink(p);
}

/* write, fsync, rename, fsync the directory; -1 and ckpt_error if not
 * (append: open for appending instead, and fsync) */
static int
write_file_durably(const char *path, const char *s, size_t n, int append)
{
	char tmp[PATH_MAX + 8], dir[PATH_MAX];
	int fd, ok;
	char *slash;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	fd = open(append ? path : tmp, O_WRONLY | O_CREAT | O_CLOEXEC |
	    (append ? O_APPEND : O_TRUNC), 0600);
	ok = fd >= 0 && write(fd, s, n) == (ssize_t)n && fsync(fd) == 0;
	if (fd >= 0 && close(fd) != 0)
		ok = 0;
	if (ok && !append && rename(tmp, path) != 0)
		ok = 0;
	if (ok) {
		snprintf(dir, sizeof(dir), "%s", path);
		slash = strrchr(dir, '/');
		if (slash)
			*slash = '\0';
		else
			strcpy(dir, ".");
		fd = open(dir, O_RDONLY | O_CLOEXEC);
		ok = fd >= 0 && fsync(fd) == 0;
		if (fd >= 0)
			close(fd);
	}
	if (!ok) {
		snprintf(ckpt_error, sizeof(ckpt_error), "cannot write %s: %s",
		    path, strerror(errno));
		if (!append)
			unlink(tmp);
		return -1;
	}
	return 0;
}

/* the applied position: "LSN COMMIT-TIME XID" */
static void
read_applied(void)
{
	FILE *f = fopen(ckpt_file, "r");
	char l[24] = "", t[40] = "-", x[16] = "-";

	pos = 0;
	if (f == NULL) {
		if (errno != ENOENT)
			die("cannot read %s: %s", ckpt_file, strerror(errno));
	} else {
		if (fscanf(f, "%23s %39s %15s", l, t, x) < 1 ||
		    parse_lsn(l, &pos) != 0)
			die("%s: not an applied position", ckpt_file);
		fclose(f);
	}
	snprintf(pos_time, sizeof(pos_time), "%s", t);
	snprintf(pos_xid, sizeof(pos_xid), "%s", x);
	ckpt_pos = pos;
	last_queued = pos;
}

static int
checkpoint(void)
{
	char line[128], lsn[24];

	last_ckpt_ms = now_ms();
	if (pos == ckpt_pos && !*ckpt_error)
		return 0;
	fmt_lsn(pos, lsn);
	snprintf(line, sizeof(line), "%s %s %s\n", lsn, pos_time, pos_xid);
	if (write_file_durably(ckpt_file, line, strlen(line), 0) != 0) {
		char msg[700];

		snprintf(msg, sizeof(msg), "cannot record the applied position "
		    "(%s): %s", lsn, ckpt_error);
		if (strcmp(st_error, msg) != 0)
			note_error(msg);
		set_state("failing", msg);
		return -1;
	}
	if (*ckpt_error) {
		*ckpt_error = '\0';
		logmsg("recorded the applied position again (%s)", lsn);
		if (strcmp(st_state, "failing") == 0 && held == NULL &&
		    decode_held_lsn == 0)
			set_state("running", "");
	}
	ckpt_pos = pos;
	acks_since_ckpt = 0;
	if (conn)
		pg_status_update(0);
	return 0;
}

/* The status file, rewritten in place at a fixed size, so that it can be
 * written when the file system is full. */
#define STATUS_SIZE 4096
static void
write_status(const char *state, const char *pending)
{
	static int fd = -1, complained;
	char s[STATUS_SIZE];
	int n;

	if (mode != M_RUN)
		return;
	if (fd < 0) {
		char p[PATH_MAX];

		state_path(p, "status");
		fd = open(p, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
		if (fd < 0)
			die("cannot open %s: %s", p, strerror(errno));
	}
	memset(s, '\n', sizeof(s));
	n = snprintf(s, sizeof(s) - 1, "state=%s\nsince=%s\npending=%s\n"
	    "error=%.3000s\n", state, st_since, pending, st_error);
	if (n >= (int)sizeof(s) - 1)
		n = sizeof(s) - 2;
	s[n] = '\n';
	status_written = now_ms();
	if (pwrite(fd, s, sizeof(s), 0) != (ssize_t)sizeof(s) && !complained) {
		logmsg("cannot write the status file: %s", strerror(errno));
		complained = 1;
	}
}

/* what status says of the lag: the oldest unapplied commit time, empty
 * when known to be caught up, else unknown */
static const char *
pending_time(void)
{
	if (q_head)
		return q_head->time;
	if (conn && caught_up && !paused)
		return "";
	return "unknown";
}

static void
set_state(const char *state, const char *error)
{
	if (strcmp(state, st_state) != 0)
		utc_now(st_since, sizeof(st_since));
	snprintf(st_state, sizeof(st_state), "%s", state);
	snprintf(st_error, sizeof(st_error), "%s", error);
	write_status(st_state, pending_time());
}

static void
note_error(const char *msg)
{
	char t[32], line[1600], p[PATH_MAX];

	logmsg("%s", msg);
	utc_now(t, sizeof(t));
	snprintf(line, sizeof(line), "%s %s\n", t, msg);
	state_path(p, "last_error");
	if (mode == M_RUN)
		write_file_durably(p, line, strlen(line), 0);
}

/* STATE/held: what is held and why, for pg2dns skip and status */
static void
write_held(const char *kind, uint64_t lsn, const char *xid, const char *why,
    const char *text)
{
	struct buf b = { 0 };
	char p[PATH_MAX], l[24], head[1400];

	if (mode != M_RUN)
		return;
	fmt_lsn(lsn, l);
	snprintf(head, sizeof(head), "%s %s %s\n%s\n", kind, l, xid, why);
	buf_add(&b, head, strlen(head));
	buf_add(&b, text, strlen(text));
	state_path(p, "held");
	if (write_file_durably(p, b.p, b.len, 0) != 0)
		logmsg("%s", ckpt_error);
	free(b.p);
}

/* pg2dns skip left STATE/skip (an lsn): pass the held transaction with
 * that lsn, recording it in STATE/skipped */
static void
take_skip(void)
{
	char p[PATH_MAX], hp[PATH_MAX], l[32] = "", t[32], lsn[24];
	struct buf rec = { 0 }, text = { 0 };
	uint64_t want;
	FILE *f;

	state_path(p, "skip");
	if ((f = fopen(p, "r")) == NULL)
		return;
	if (fscanf(f, "%31s", l) != 1 || parse_lsn(l, &want) != 0)
		want = 0;
	fclose(f);
	if (held && held->lsn == want && (!dns_up || n_fed == n_acked)) {
		buf_add(&text, held->text, held->len);
	} else if (decode_held_lsn && decode_held_lsn == want && q_head == NULL) {
		state_path(hp, "held");
		if ((f = fopen(hp, "r")) != NULL) {
			char chunk[4096];
			size_t n;

			while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
				buf_add(&text, chunk, n);
			fclose(f);
		}
	} else {
		if (want <= pos) {
			logmsg("pg2dns skip %s: applied already; ignored", l);
			unlink(p);
		}
		return;
	}
	utc_now(t, sizeof(t));
	fmt_lsn(want, lsn);
	snprintf(l, sizeof(l), "%s", held ? held->xid : decode_held_xid);
	buf_add(&rec, "skipped ", 8);
	buf_add(&rec, t, strlen(t));
	buf_add(&rec, " transaction ", 13);
	buf_add(&rec, l, strlen(l));
	buf_add(&rec, " commit ", 8);
	buf_add(&rec, lsn, strlen(lsn));
	buf_add(&rec, ": ", 2);
	buf_add(&rec, held ? held_msg : pg_error,
	    strlen(held ? held_msg : pg_error));
	buf_add(&rec, "\n", 1);
	buf_add(&rec, text.p ? text.p : "", text.len);
	if (rec.p[rec.len - 1] != '\n')
		buf_add(&rec, "\n", 1);
	state_path(hp, "skipped");
	if (write_file_durably(hp, rec.p, rec.len, 1) != 0) {
		char msg[700];

		snprintf(msg, sizeof(msg), "cannot skip: %s", ckpt_error);
		note_error(msg);
		free(rec.p);
		free(text.p);
		return;
	}
	/* the position passes it; the time and xid stay those of the last
	 * transaction applied */
	pos = want;
	if (held) {
		free_head();
		held = NULL;
		n_fed = n_acked = 0;
		q_feed = q_head;
		dns_stop();
		dns_retry_at = 0;
	}
	decode_held_lsn = 0;
	careful_until = 0;
	if (checkpoint() == 0) {
		unlink(p);
		unlink_state("held");
		logmsg("skipped transaction %s (commit %s); recorded in %s", l,
		    lsn, hp);
		set_state("running", "");
		pg_retry_at = 0;
		pg_backoff = 0;
	}
	free(rec.p);
	free(text.p);
}

/* ---------------------------------------------------------- PostgreSQL */

static void
pg_close(void)
{
	if (conn == NULL)
		return;
	PQfinish(conn);
	conn = NULL;
	caught_up = 0;
	/* the transaction being received comes again */
	in_frame = 0;
	partial.len = 0;
}

/*
 * The plugin cannot decode a transaction: under skip-hint=pg2dns its
 * error carries a context line of fixed form, "undecodable transaction
 * XID commit LSN", written for the driver.  0 when there is none.
 */
static uint64_t
undecodable(PGresult *res, char *xid, size_t n)
{
	const char *ctx = res ? PQresultErrorField(res, PG_DIAG_CONTEXT) : NULL;
	static const char mark[] = "undecodable transaction ";
	char x[16], l[24];
	uint64_t lsn;

	for (; ctx && *ctx; ctx += strcspn(ctx, "\n"), ctx += *ctx == '\n') {
		if (strncmp(ctx, mark, sizeof(mark) - 1) != 0)
			continue;
		if (sscanf(ctx + sizeof(mark) - 1, "%15[0-9] commit %23[0-9A-Fa-f/]",
		    x, l) == 2 && parse_lsn(l, &lsn) == 0) {
			snprintf(xid, n, "%s", x);
			return lsn;
		}
	}
	return 0;
}

/* the connection failed or ended: say why, retry after the backoff */
static void
pg_fail(const char *what, PGresult *res)
{
	char msg[1500], l[24];
	uint64_t lsn;

	snprintf(pg_error, sizeof(pg_error), "%s", what);
	for (char *c = pg_error; *c; c++)
		if (*c == '\n')
			*c = ' ';
	lsn = undecodable(res, decode_held_xid, sizeof(decode_held_xid));
	if (lsn && mode == M_RUN) {
		fmt_lsn(lsn, l);
		if (decode_held_lsn != lsn)
			write_held("undecodable", lsn, decode_held_xid, pg_error,
			    in_frame ? partial.p : "");
		decode_held_lsn = lsn;
		snprintf(msg, sizeof(msg), "held at transaction %s (commit %s): "
		    "PostgreSQL cannot decode it: %s; pg2dns skip passes it",
		    decode_held_xid, l, pg_error);
	} else
		snprintf(msg, sizeof(msg), "PostgreSQL: %s", pg_error);
	if (strcmp(msg, st_error) != 0)
		note_error(msg);
	else
		logmsg("still %s", msg);
	pg_close();
	if (mode == M_DRAIN)
		die("cannot drain replication: %s", msg);
	if (pg_backoff == 0)
		pg_backoff = c_backoff_min;
	pg_retry_at = now_ms() + pg_backoff;
	pg_backoff = pg_backoff * 2 > c_backoff_max ? c_backoff_max :
	    pg_backoff * 2;
	set_state("failing", msg);
}

static void
add_quoted(struct buf *b, const char *s, size_t n, char q)
{
	buf_add(b, &q, 1);
	for (size_t i = 0; i < n; i++) {
		buf_add(b, s + i, 1);
		if (s[i] == q)
			buf_add(b, &q, 1);
	}
	buf_add(b, &q, 1);
}

static void
pg_connect(void)
{
	const char *keys[] = { "replication", "fallback_application_name",
	    "dbname", NULL };
	const char *vals[] = { "database", PROG, getenv("PGDATABASE"), NULL };
	struct buf cmd = { 0 };
	char *copy, *w[64], l[24];
	PGresult *res;
	int n;

	if (vals[2] == NULL)
		keys[2] = NULL;
	conn = PQconnectdbParams(keys, vals, 0);
	if (PQstatus(conn) != CONNECTION_OK) {
		pg_fail(PQerrorMessage(conn), NULL);
		return;
	}
	if (mode == M_DRAIN && drain_end == 0) {
		/* a WAL record after the snapshot: once decoding has passed
		 * it, every transaction the snapshot sees has been sent */
		res = PQexec(conn, "SELECT pg_logical_emit_message(false, "
		    "'pg2dns', 'verify')::text");
		if (PQresultStatus(res) != PGRES_TUPLES_OK ||
		    parse_lsn(PQgetvalue(res, 0, 0), &drain_end) != 0) {
			pg_fail(PQerrorMessage(conn), res);
			PQclear(res);
			return;
		}
		PQclear(res);
	}
	fmt_lsn(pos, l);
	buf_add(&cmd, "START_REPLICATION SLOT ", 23);
	buf_add(&cmd, c_slot, strlen(c_slot));
	buf_add(&cmd, " LOGICAL ", 9);
	buf_add(&cmd, l, strlen(l));
	copy = strdup(c_options);
	n = split_words(copy, w, 64);
	for (int i = 0; i < n; i++) {
		char *eq = strchr(w[i], '=');

		buf_add(&cmd, i ? ", " : " (", 2);
		add_quoted(&cmd, w[i], eq - w[i], '"');
		buf_add(&cmd, " ", 1);
		add_quoted(&cmd, eq + 1, strlen(eq + 1), '\'');
	}
	/* the plugin's hints name pg2dns skip, and its errors say what
	 * transaction a skip passes; a small transaction comes in one
	 * message, not one a line */
	buf_add(&cmd, n ? ", " : " (", 2);
	buf_add(&cmd, DRIVER_OPTIONS, strlen(DRIVER_OPTIONS));
	buf_add(&cmd, ")", 1);
	free(copy);
	res = PQexec(conn, cmd.p);
	free(cmd.p);
	if (PQresultStatus(res) != PGRES_COPY_BOTH) {
		pg_fail(PQerrorMessage(conn), res);
		PQclear(res);
		return;
	}
	PQclear(res);
	PQsetnonblocking(conn, 1);
	last_heard = last_status_sent = now_ms();
	keepalive_pos = 0;
	caught_up = 0;
	if (pg_backoff || strcmp(st_state, "failing") == 0)
		logmsg("streaming from slot %s at %s", c_slot, l);
	connected_at = now_ms();
	if (strcmp(st_state, "failing") == 0 && held == NULL &&
	    decode_held_lsn == 0 && !*ckpt_error && !dns_retry_at) {
		logmsg("recovered; applied through %s", l);
		set_state("running", "");
	}
}

static void
put64(char *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (char)(v & 0xff);
}

static uint64_t
get64(const char *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | (unsigned char)p[i];
	return v;
}

/* Standby status update: the recorded position is written, flushed and
 * applied; nothing past it */
static void
pg_status_update(int reply)
{
	char m[34];
	struct timeval tv;
	int64_t t;

	if (conn == NULL)
		return;
	gettimeofday(&tv, NULL);
	/* microseconds since 2000-01-01 */
	t = ((int64_t)tv.tv_sec - 946684800) * 1000000 + tv.tv_usec;
	m[0] = 'r';
	put64(m + 1, ckpt_pos);
	put64(m + 9, ckpt_pos);
	put64(m + 17, ckpt_pos);
	put64(m + 25, (uint64_t)t);
	m[33] = (char)reply;
	if (PQputCopyData(conn, m, sizeof(m)) <= 0 || PQflush(conn) < 0)
		pg_fail(PQerrorMessage(conn), NULL);
	last_status_sent = now_ms();
}

static void
pg_read(void)
{
	char *m;
	int n;

	if (PQconsumeInput(conn) == 0) {
		pg_fail(PQerrorMessage(conn), NULL);
		return;
	}
	while (conn && q_bytes < (size_t)c_queue_max &&
	    (n = PQgetCopyData(conn, &m, 1)) > 0) {
		last_heard = now_ms();
		/* a connection that lasts is a success: the next failure
		 * starts the backoff afresh */
		if (last_heard - connected_at > 1000)
			pg_backoff = 0;
		if (m[0] == 'w' && n >= 25) {
			uint64_t start = get64(m + 1);

			if (ingest(m + 25, n - 25) != 0) {
				char msg[1200];

				snprintf(msg, sizeof(msg), "the stream at %" PRIX64
				    ": %s", start, pg_error);
				PQfreemem(m);
				pg_fail(msg, NULL);
				return;
			}
		} else if (m[0] == 'k' && n >= 18) {
			keepalive_pos = get64(m + 1);
			/* nothing pending: the position follows the WAL */
			if (q_head == NULL && !in_frame && mode == M_RUN &&
			    !paused) {
				if (keepalive_pos > pos)
					pos = keepalive_pos;
				if (!caught_up) {
					caught_up = 1;
					write_status(st_state, pending_time());
				}
			}
			if (m[17])
				pg_status_update(0);
		}
		PQfreemem(m);
	}
	if (conn && q_bytes < (size_t)c_queue_max && n == -1) {
		PGresult *res = PQgetResult(conn);

		pg_fail(PQresultErrorMessage(res)[0] ? PQresultErrorMessage(res) :
		    "replication ended", res);
		PQclear(res);
	} else if (conn && n == -2)
		pg_fail(PQerrorMessage(conn), NULL);
}

/* ------------------------------------------------------------ the loop */

static void
on_signal(int sig)
{
	int e = errno;

	if (sig == SIGUSR1)
		got_wake = 1;
	else
		got_stop = 1;
	if (write(sig_pipe[1], "x", 1) < 0)
		got_wake |= 0;	/* the pipe is full: it wakes the loop anyway */
	errno = e;
}

/* pause: stop applying once nothing is in flight, release the slot and
 * the lock; resume: take them again */
static void
check_pause(void)
{
	char p[PATH_MAX];
	int want;

	if (mode != M_RUN)
		return;
	state_path(p, "paused");
	want = access(p, F_OK) == 0;
	if (want && !paused) {
		paused = 1;
		logmsg("pausing");
	}
	if (paused && locked && (n_fed == n_acked || !dns_up)) {
		char l[24];

		checkpoint();
		pg_status_update(0);
		pg_close();
		dns_stop();
		clear_queue();
		held = NULL;
		flock(lock_fd, LOCK_UN);
		locked = 0;
		fmt_lsn(pos, l);
		logmsg("paused; applied through %s", l);
		set_state("paused", "");
	}
	if (!want && paused && !locked && !got_stop) {
		char l[24];

		if (flock(lock_fd, LOCK_EX | LOCK_NB) != 0)
			return;		/* verify is draining */
		locked = 1;
		paused = 0;
		read_applied();
		fmt_lsn(pos, l);
		logmsg("resumed at %s", l);
		set_state("running", "");
		pg_retry_at = 0;
		dns_retry_at = 0;
	} else if (!want && paused && locked)
		paused = 0;
}

static int
run_loop(void)
{
	for (;;) {
		struct pollfd pf[8];
		int npf = 0, i_sig, i_ts_in = -1, i_ts_out = -1, i_ts_err = -1,
		    i_ns_in = -1, i_ns_out = -1, i_pg = -1;
		uint64_t now = now_ms();
		int timeout = 100;

		check_pause();
		if (got_wake) {
			got_wake = 0;
			take_skip();
		}
		if (held || decode_held_lsn)
			take_skip();
		if (got_stop && (n_fed == n_acked || !dns_up))
			break;
		if (paused && !locked) {
			poll(NULL, 0, 100);
			continue;
		}
		/* the DNS side; a session that has sent and then stayed idle
		 * is replaced by one that has not: it may be stale */
		if (dns_up && n_fed > 0 && n_fed == n_acked && q_feed == NULL &&
		    now - last_progress >= SESSION_IDLE_MS) {
			dns_stop();
			dns_start();
		}
		if (!dns_up && !paused && !got_stop && now >= dns_retry_at &&
		    (q_feed || q_head)) {
			dns_retry_at = 0;
			dns_start();
		}
		dns_feed();
		/* the source */
		if (mode == M_REPLAY) {
			char *l = NULL;
			size_t cap = 0;
			ssize_t n;

			while (!replay_eof && q_bytes < (size_t)c_queue_max &&
			    (n = getline(&l, &cap, replay_fp)) >= 0) {
				if (n > 0 && l[n - 1] == '\n')
					n--;
				if (ingest_line(l, n) != 0) {
					logmsg("%s %s", replay_name, pg_error);
					replay_eof = 2;
				}
			}
			free(l);
			if (!replay_eof && feof(replay_fp))
				replay_eof = 1;
			if (replay_eof && q_head == NULL)
				break;
			dns_feed();
		} else if (mode != M_PENDING && !conn && !paused && !got_stop &&
		    now >= pg_retry_at) {
			pg_connect();
		}
		if (mode == M_DRAIN && conn && q_head == NULL && !in_frame &&
		    drain_end && (keepalive_pos > drain_end || drain_past))
			break;
		if (mode == M_DRAIN && drain_disagree && q_head == NULL)
			break;

		pf[npf].fd = sig_pipe[0];
		pf[npf].events = POLLIN;
		i_sig = npf++;
		if (ts_in >= 0 && ts_inbuf.len) {
			pf[npf].fd = ts_in;
			pf[npf].events = POLLOUT;
			i_ts_in = npf++;
		}
		if (ns_in >= 0 && ns_inbuf.len) {
			pf[npf].fd = ns_in;
			pf[npf].events = POLLOUT;
			i_ns_in = npf++;
		}
		if (ts_out >= 0) {
			pf[npf].fd = ts_out;
			pf[npf].events = POLLIN;
			i_ts_out = npf++;
		}
		if (ts_err >= 0) {
			pf[npf].fd = ts_err;
			pf[npf].events = POLLIN;
			i_ts_err = npf++;
		}
		if (ns_out >= 0) {
			pf[npf].fd = ns_out;
			pf[npf].events = POLLIN;
			i_ns_out = npf++;
		}
		if (conn) {
			int want = 0;

			if (q_bytes < (size_t)c_queue_max)
				want |= POLLIN;
			else
				last_heard = now;	/* we stopped reading */
			if (PQflush(conn) == 1)
				want |= POLLOUT;
			if (want) {
				pf[npf].fd = PQsocket(conn);
				pf[npf].events = want;
				i_pg = npf++;
			}
		}
		if (dns_retry_at && dns_retry_at > now &&
		    dns_retry_at - now < (uint64_t)timeout)
			timeout = dns_retry_at - now;
		if (pg_retry_at && !conn && pg_retry_at > now &&
		    pg_retry_at - now < (uint64_t)timeout)
			timeout = pg_retry_at - now;
		if (poll(pf, npf, timeout) < 0 && errno != EINTR)
			die("poll: %s", strerror(errno));
		if (pf[i_sig].revents) {
			char c[16];

			while (read(sig_pipe[0], c, sizeof(c)) > 0)
				;
		}
		if (i_ts_in >= 0 && pf[i_ts_in].revents)
			dns_write(&ts_in, &ts_inbuf);
		if (i_ns_in >= 0 && pf[i_ns_in].revents && ns_in >= 0)
			dns_write(&ns_in, &ns_inbuf);
		if (i_ts_out >= 0 && ts_out >= 0 &&
		    (pf[i_ts_out].revents || (i_ts_err >= 0 &&
		    pf[i_ts_err].revents)))
			dns_read_txsplit();
		if (i_ns_out >= 0 && ns_out >= 0 && pf[i_ns_out].revents)
			dns_read_nsupdate();
		/* what txsplit wrote goes on at once */
		if (ns_in >= 0 && ns_inbuf.len)
			dns_write(&ns_in, &ns_inbuf);
		if (i_pg >= 0 && conn && (pf[i_pg].revents & POLLIN))
			pg_read();
		else if (conn && q_bytes < (size_t)c_queue_max)
			pg_read();	/* libpq may hold what was read */
		dns_timers();

		now = now_ms();
		if (mode != M_DRAIN && pos > ckpt_pos &&
		    (now - last_ckpt_ms >= (uint64_t)c_ckpt_interval ||
		    acks_since_ckpt >= (unsigned long)c_ckpt_tx))
			checkpoint();
		else if (*ckpt_error && now - last_ckpt_ms >= 1000)
			checkpoint();
		/* drain: a keepalive at once says how far the server has
		 * decoded, so that verify need not wait for the next one */
		if (conn && now - last_status_sent >= (mode == M_DRAIN &&
		    q_head == NULL && !in_frame ? 200 : 10000))
			pg_status_update(1);
		if (conn && now - last_heard > (uint64_t)c_timeout) {
			char msg[200];

			snprintf(msg, sizeof(msg), "no message from the server "
			    "in %ld s; reconnecting", c_timeout / 1000);
			pg_fail(msg, NULL);
		}
		/* the lag moves with every transaction: now and then */
		if (mode == M_RUN && now - status_written >= 100)
			write_status(st_state, pending_time());
	}
	checkpoint();
	pg_status_update(0);
	if (conn)
		PQflush(conn);
	pg_close();
	dns_stop();
	return 0;
}

/* ---------------------------------------------------------- commands */

/* status: the commit time of the oldest transaction after APPLIED that
 * the slot holds; "none" if there is none, "unknown" if that cannot be
 * known (the slot is in use, PostgreSQL does not answer, ...) */
static int
cmd_pending(const char *applied)
{
	PGconn *c = PQconnectdb("fallback_application_name=pg2dns");
	struct buf sql = { 0 };
	char *copy = strdup(c_options), *w[64];
	int n = split_words(copy, w, 64), rows;
	PGresult *res;

	if (parse_lsn(applied, &pos) != 0)
		die("pending: bad lsn %s", applied);
	last_queued = pos;
	if (PQstatus(c) != CONNECTION_OK) {
		puts("unknown");
		return 0;
	}
	buf_add(&sql, "SELECT data FROM pg_logical_slot_peek_changes('", 47);
	buf_add(&sql, c_slot, strlen(c_slot));
	buf_add(&sql, "', NULL, 2000", 13);
	for (int i = 0; i < n; i++) {
		char *eq = strchr(w[i], '='), *lit;

		*eq = '\0';
		lit = PQescapeLiteral(c, w[i], strlen(w[i]));
		buf_add(&sql, ", ", 2);
		buf_add(&sql, lit, strlen(lit));
		PQfreemem(lit);
		lit = PQescapeLiteral(c, eq + 1, strlen(eq + 1));
		buf_add(&sql, ", ", 2);
		buf_add(&sql, lit, strlen(lit));
		PQfreemem(lit);
	}
	buf_add(&sql, ")", 1);
	res = PQexec(c, sql.p);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		puts("unknown");
		return 0;
	}
	rows = PQntuples(res);
	for (int i = 0; i < rows && q_head == NULL; i++)
		if (ingest(PQgetvalue(res, i, 0), PQgetlength(res, i, 0)) != 0) {
			puts("unknown");
			return 0;
		}
	if (q_head)
		puts(q_head->time);
	else
		puts(rows < 2000 ? "none" : "unknown");
	PQclear(res);
	PQfinish(c);
	return 0;
}

/* STATE/pid, written by pg2dns before it became this process */
static void
remove_pid_file(void)
{
	char p[PATH_MAX];
	FILE *f;
	long pid = 0;

	state_path(p, "pid");
	if ((f = fopen(p, "r")) != NULL) {
		if (fscanf(f, "%ld", &pid) == 1 && pid == (long)getpid())
			unlink(p);
		fclose(f);
	}
}

static void
usage(void)
{
	fprintf(stderr, "usage: pg2dns-run check | run | replay STATEFILE FILE |"
	    " drain SNAPSHOT | pending LSN\n"
	    "(the engine of pg2dns; run pg2dns -h)\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct sigaction sa;
	char p[PATH_MAX], l[24];
	int rc;

	if (argc < 2)
		usage();
	load_config();
	if (strcmp(argv[1], "check") == 0 && argc == 2)
		return 0;
	if (strcmp(argv[1], "run") == 0 && argc == 2)
		mode = M_RUN;
	else if (strcmp(argv[1], "replay") == 0 && argc == 4)
		mode = M_REPLAY;
	else if (strcmp(argv[1], "drain") == 0 && argc == 3)
		mode = M_DRAIN;
	else if (strcmp(argv[1], "pending") == 0 && argc == 3) {
		mode = M_PENDING;
		return cmd_pending(argv[2]);
	}
	else
		usage();

	if (pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
		die("pipe: %s", strerror(errno));
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	snprintf(st_state, sizeof(st_state), "starting");

	state_path(p, "lock");
	lock_fd = open(p, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (lock_fd < 0)
		die("cannot open %s: %s", p, strerror(errno));
	if (mode == M_REPLAY) {
		/* not while pg2dns run applies: the two would race */
		if (flock(lock_fd, LOCK_EX | LOCK_NB) != 0)
			die("pg2dns run is applying; pause it first");
		snprintf(ckpt_file, sizeof(ckpt_file), "%s", argv[2]);
		replay_name = argv[3];
		replay_fp = fopen(argv[3], "r");
		if (replay_fp == NULL)
			die("cannot read %s: %s", argv[3], strerror(errno));
		read_applied();
		if (pos) {
			fmt_lsn(pos, l);
			logmsg("replay of %s resumes after %s", argv[3], l);
		}
		rc = run_loop();
		fmt_lsn(pos, l);
		if (*ckpt_error)
			die("replay of %s: %s", argv[3], ckpt_error);
		logmsg("replayed %s through %s", argv[3], l);
		if (in_frame)
			logmsg("%s ends inside a transaction (line %lu)",
			    argv[3], line_no);
		return got_stop ? 2 : (in_frame || replay_eof == 2) ? 1 : rc;
	}

	state_path(ckpt_file, "applied");
	if (mode == M_DRAIN) {
		/* verify holds the lock and has paused the driver */
		drain_snapshot = argv[2];
		if (strchr(drain_snapshot, ':') == NULL)
			die("drain: bad snapshot %s", drain_snapshot);
		read_applied();
		rc = run_loop();
		if (*ckpt_error)
			die("%s", ckpt_error);
		return drain_disagree ? 3 : rc;
	}

	read_applied();
	set_state("running", "");
	state_path(p, "paused");
	if (access(p, F_OK) != 0) {
		while (flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
			if (got_stop)
				return 0;
			poll(NULL, 0, 100);	/* verify is draining */
		}
		locked = 1;
		read_applied();
	} else {
		paused = 1;
		set_state("paused", "");
	}
	fmt_lsn(pos, l);
	logmsg("starting: slot %s, applied through %s, DNS server %s port %ld",
	    c_slot, l, c_server, c_port_n);
	rc = run_loop();
	fmt_lsn(pos, l);
	logmsg("stopped; applied through %s", l);
	set_state("stopped", "");
	remove_pid_file();
	return *ckpt_error ? 1 : rc;
}
