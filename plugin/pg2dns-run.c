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
 * Before streaming, the slot is looked at: one that is missing,
 * invalidated (wal_status lost) or confirmed past the applied position
 * holds the driver (state held), since streaming from it would skip
 * changes without a word.  For monitoring, a second connection asks for
 * the slot's WAL once a second, dig for the zones' SOA serials on the
 * primary and the secondaries, and PG2DNS_METRICS gets all of it, with
 * the counters, at most once a second.
 *
 *   pg2dns-run check               check the configuration, exit 2 if bad
 *   pg2dns-run run                 replicate until SIGTERM
 *   pg2dns-run replay STATE FILE   apply a saved stream
 *   pg2dns-run drain SNAPSHOT      apply what the snapshot sees (verify)
 *   pg2dns-run pending APPLIED     the commit time of the oldest
 *                                  transaction after APPLIED in the slot
 *   pg2dns-run snapshot CMD ...    create the slot, and run CMD in its
 *                                  exported snapshot (resync)
 *   pg2dns-run facts [-j] RUNNING  what status shows (RUNNING: 1 if the
 *                                  driver runs), key=value lines or JSON
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

enum mode { M_RUN, M_REPLAY, M_DRAIN, M_PENDING, M_FACTS };

enum value_kind { V_STRING, V_SECONDS, V_COUNT, V_PORT, V_FILE, V_WORD };

/* what PostgreSQL says of the slot */
struct slot_facts {
	int	 known;			/* the query answered */
	char	 wal_status[16];	/* reserved, extended, unreserved,
					 * lost; missing: no such slot */
	int64_t	 retained;		/* WAL from restart_lsn, bytes; -1 */
	int	 has_safe;		/* not without max_slot_wal_keep_size */
	int64_t	 safe;			/* WAL until it is lost */
	uint64_t current;		/* pg_current_wal_lsn() */
	uint64_t confirmed;		/* confirmed_flush_lsn; 0 if none */
	uint64_t at;			/* when it answered (now_ms) */
	char	 error[512];		/* why it is not known */
};

/* a DNS server whose SOA serials status shows: the primary, secondaries */
struct dns_server {
	char	 name[280];		/* ADDRESS#PORT */
	char	**argv;			/* dig, asking for every zone's SOA */
	const char *role;
	pid_t	 pid;			/* dig, asking it */
	int	 out;
	struct buf answer;
	uint64_t started, next;
	long long *serial;		/* one a zone; -1 unknown */
};

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
static int	 cmd_snapshot(char **);
static const char *one_line(const char *);
static const char *find_pending(PGconn *);
static const char *slot_sql(void);
static void	 slot_read(PGresult *, struct slot_facts *);
static int	 slot_problem(const struct slot_facts *, char *, size_t);
static int	 slot_check(void);
static int	 lag_bytes(const struct slot_facts *, uint64_t, uint64_t *);
static int	 lag_seconds(const char *, double *);
static void	 monitor_tick(uint64_t);
static void	 load_servers(void);
static void	 dig_start(struct dns_server *);
static int	 dig_read(struct dns_server *);
static void	 serials_tick(uint64_t);
static void	 facts_tick(uint64_t);
static void	 count_applied(const struct tx *);
static void	 count_marker(void);
static const char *public_state(void);
static void	 add_metric(struct buf *, const char *, const char *,
		     const char *);
static void	 add_sample(struct buf *, const char *, const char *, double);
static void	 write_metrics(int);
static int	 cmd_facts(int, int);
static double	 now_real(void);
static int	 parse_commit_time(const char *, double *);
static void	 monitor_close(const char *);
static char	*zone_name(const char *, size_t);
static void	 add_zone(const char *, size_t);
static const char *label_value(const char *, char *, size_t);
static const char *status_value(const char *);
static void	 state_line(const char *, char *, size_t);
static void	 serials_now(void);
static void	 json_str(const char *);
static void	 json_num(int, double);
static void	 remove_pid_file(void);

/* ------------------------------------------------------ configuration */

static const char *c_slot, *c_options, *c_server, *c_port, *c_keyfile,
	*c_zones, *c_state, *c_trace, *c_nsupdate_opts, *c_txsplit_opts,
	*c_backoff_min_s, *c_plugin, *c_metrics, *c_secondaries,
	*c_verify_zones;
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
	{ "PG2DNS_METRICS", "", V_STRING, &c_metrics, NULL },
	{ "PG2DNS_SECONDARIES", "", V_STRING, &c_secondaries, NULL },
	{ "PG2DNS_VERIFY_ZONES", "", V_STRING, &c_verify_zones, NULL },
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

/* what the metrics and status count, since the driver started */
static unsigned long long m_tx, m_changes, m_messages, m_retries_dns,
	m_retries_pg, m_refusals;
static double m_last_apply;		/* epoch seconds; 0: none yet */
/* UPDATE messages: those written before each "; COMMIT" marker not yet
 * acknowledged, counted from the session's start */
static unsigned long long *mk_sends, mk_written, mk_base;
static size_t mk_head, mk_len, mk_cap;
static uint64_t metrics_written;

/* the slot, as last seen; a second connection asks while streaming */
static struct slot_facts slot_now;
static PGconn *mon;
static int mon_busy;
static uint64_t mon_next, mon_sent, mon_retry_at;
static char slot_warned[16];

/* the zones whose serials status shows, and the servers asked */
static char **zones;
static int n_zones;
static struct dns_server *servers;
static int n_servers;

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
	load_servers();
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
	mk_head = mk_len = 0;
	mk_written = 0;
	mk_base = m_messages;
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
	m_retries_dns++;
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
			m_refusals++;
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

	while (start < ts_line.len && (nl = memchr(ts_line.p + start, '\n',
	    ts_line.len - start)) != NULL) {
		size_t len = nl - (ts_line.p + start) + 1;
		int commit = len > 9 &&
		    memcmp(ts_line.p + start, "; COMMIT", 8) == 0;

		if (!commit && run)
			ask_version(&run);
		if (commit) {
			run++;
			n_commits++;
			count_marker();
		} else {
			buf_add(&ns_inbuf, ts_line.p + start, len);
			if (len == 5 && memcmp(ts_line.p + start, "send\n", 5) == 0)
				mk_written++;
		}
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
	count_applied(t);
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
	char s[STATUS_SIZE], l[24];
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
	fmt_lsn(pos, l);
	n = snprintf(s, sizeof(s) - 1, "state=%s\nsince=%s\npending=%s\n"
	    "condition=%s\napplied=%s\ncommit_time=%s\nxid=%s\n"
	    "transactions=%llu\nchanges=%llu\nmessages=%llu\n"
	    "retries_dns=%llu\nretries_postgresql=%llu\nrefusals=%llu\n"
	    "last_apply=%.3f\nerror=%.3000s\n", state, st_since, pending,
	    public_state(), l, pos_time, pos_xid, m_tx, m_changes, m_messages,
	    m_retries_dns, m_retries_pg, m_refusals, m_last_apply, st_error);
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
		if (decode_held_lsn != lsn) {
			m_refusals++;
			write_held("undecodable", lsn, decode_held_xid, pg_error,
			    in_frame ? partial.p : "");
		}
		decode_held_lsn = lsn;
		snprintf(msg, sizeof(msg), "held at transaction %s (commit %s): "
		    "PostgreSQL cannot decode it: %s; pg2dns skip passes it",
		    decode_held_xid, l, pg_error);
	} else
		snprintf(msg, sizeof(msg), "PostgreSQL: %s", pg_error);
	m_retries_pg++;
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
	if (slot_check() != 0)
		return;
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
	if ((strcmp(st_state, "failing") == 0 ||
	    strcmp(st_state, "held") == 0) && held == NULL &&
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

		if (mode == M_RUN)
			facts_tick(now);
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
		    drain_end && (keepalive_pos >= drain_end || drain_past))
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

/* ------------------------------------- the slot, serials and metrics */

/* One row whatever the slot's fate: wal_status "missing" when there is
 * no such slot.  Simple query protocol, which a replication connection
 * also speaks; the slot name is checked (letters, digits, _). */
static const char *
slot_sql(void)
{
	static char sql[600];

	if (!*sql)
		snprintf(sql, sizeof(sql), "SELECT coalesce(s.wal_status, "
		    "'missing'), pg_wal_lsn_diff(pg_current_wal_lsn(), "
		    "s.restart_lsn)::bigint, s.safe_wal_size, "
		    "pg_current_wal_lsn()::text, s.confirmed_flush_lsn::text "
		    "FROM (SELECT 1) AS one LEFT JOIN pg_replication_slots s "
		    "ON s.slot_name = '%s'", c_slot);
	return sql;
}

static void
slot_read(PGresult *res, struct slot_facts *f)
{
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1 ||
	    PQnfields(res) != 5) {
		f->known = 0;
		snprintf(f->error, sizeof(f->error), "%s",
		    PQresultErrorMessage(res)[0] ? PQresultErrorMessage(res) :
		    "no answer");
		f->error[strcspn(f->error, "\n")] = '\0';
		return;
	}
	f->known = 1;
	f->error[0] = '\0';
	snprintf(f->wal_status, sizeof(f->wal_status), "%s",
	    PQgetvalue(res, 0, 0));
	f->retained = PQgetisnull(res, 0, 1) ? -1 :
	    strtoll(PQgetvalue(res, 0, 1), NULL, 10);
	f->has_safe = !PQgetisnull(res, 0, 2);
	f->safe = f->has_safe ? strtoll(PQgetvalue(res, 0, 2), NULL, 10) : 0;
	if (parse_lsn(PQgetvalue(res, 0, 3), &f->current) != 0)
		f->current = 0;
	if (PQgetisnull(res, 0, 4) ||
	    parse_lsn(PQgetvalue(res, 0, 4), &f->confirmed) != 0)
		f->confirmed = 0;
	f->at = now_ms();
}

/* A slot that cannot be trusted to hold every change after the applied
 * position: missing, invalidated, or confirmed past it (made again or
 * moved by someone else).  Streaming from it would skip changes without
 * a word, so the driver holds and names the way out. */
static int
slot_problem(const struct slot_facts *f, char *msg, size_t n)
{
	char a[24], c[24];

	if (!f->known)
		return 0;
	fmt_lsn(pos, a);
	fmt_lsn(f->confirmed, c);
	if (strcmp(f->wal_status, "missing") == 0)
		snprintf(msg, n, "slot %s is missing (dropped, or PostgreSQL "
		    "failed over: a logical slot does not follow a promoted "
		    "standby); changes committed after %s (commit %s) may not "
		    "be in the DNS and pg2dns does not guess which: run pg2dns "
		    "resync (a new slot, and the DNS made equal to the tables)",
		    c_slot, a, pos_time);
	else if (strcmp(f->wal_status, "lost") == 0)
		snprintf(msg, n, "slot %s was invalidated by PostgreSQL "
		    "(wal_status lost: it held more WAL than "
		    "max_slot_wal_keep_size); changes committed after %s "
		    "(commit %s) may not be in the DNS and the WAL that held "
		    "them is gone: run pg2dns resync (a new slot, and the DNS "
		    "made equal to the tables)", c_slot, a, pos_time);
	else if (pos && f->confirmed > pos)
		snprintf(msg, n, "slot %s is confirmed at %s, past the applied "
		    "position %s: it was made again or moved outside pg2dns, "
		    "and changes between the two may not be in the DNS: run "
		    "pg2dns resync (the DNS made equal to the tables)", c_slot,
		    c, a);
	else
		return 0;
	return 1;
}

/* before streaming: is the slot there and whole?  -1 if not (held) */
static int
slot_check(void)
{
	PGresult *res = PQexec(conn, slot_sql());
	char msg[1200];

	slot_read(res, &slot_now);
	PQclear(res);
	if (!slot_now.known) {
		pg_fail(slot_now.error, NULL);
		return -1;
	}
	if (slot_problem(&slot_now, msg, sizeof(msg)) == 0)
		return 0;
	if (mode == M_DRAIN)
		die("%s", msg);
	if (strcmp(msg, st_error) != 0)
		note_error(msg);
	pg_close();
	/* looked at again now and then: a pause and resume (as resync
	 * does) looks at once */
	pg_retry_at = now_ms() + c_backoff_max;
	set_state("held", msg);
	return -1;
}

/* WAL written since APPLIED (or, before anything was applied, since the
 * slot's confirmed position); -1 when unknown */
static int
lag_bytes(const struct slot_facts *f, uint64_t applied, uint64_t *n)
{
	uint64_t base = applied ? applied : f->confirmed;

	if (!f->known || f->current == 0 || base == 0)
		return -1;
	*n = f->current > base ? f->current - base : 0;
	return 0;
}

static double
now_real(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* the plugin's commit time, 2026-11-25T20:27:37.534299Z, as epoch
 * seconds */
static int
parse_commit_time(const char *s, double *t)
{
	struct tm tm;
	long us = 0;

	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d.%6ldZ", &tm.tm_year,
	    &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec,
	    &us) != 7)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*t = (double)timegm(&tm) + us / 1e6;
	return 0;
}

/* the age of PENDING, the oldest unapplied commit time ("" when caught
 * up: 0); -1 when unknown */
static int
lag_seconds(const char *pending, double *age)
{
	double t;

	if (*pending == '\0') {
		*age = 0;
		return 0;
	}
	if (parse_commit_time(pending, &t) != 0)
		return -1;
	*age = now_real() - t;
	if (*age < 0)
		*age = 0;
	return 0;
}

static void
monitor_close(const char *why)
{
	slot_now.known = 0;
	snprintf(slot_now.error, sizeof(slot_now.error), "%s", why);
	slot_now.error[strcspn(slot_now.error, "\n")] = '\0';
	PQfinish(mon);
	mon = NULL;
	mon_busy = 0;
}

/* The slot's WAL, once a second, on a connection of its own (the
 * replication connection cannot ask while it streams), without waiting
 * for the answer. */
static void
monitor_tick(uint64_t now)
{
	PGresult *res;

	if (mon == NULL) {
		/* connecting blocks: only while PostgreSQL answers the
		 * driver, or while paused or held */
		if ((conn == NULL && !paused && strcmp(st_state, "held") != 0) ||
		    now < mon_retry_at)
			return;
		mon_retry_at = now + 10000;
		mon = PQconnectdb("fallback_application_name=pg2dns");
		if (PQstatus(mon) != CONNECTION_OK) {
			monitor_close(PQerrorMessage(mon));
			return;
		}
		mon_next = now;
	}
	if (mon_busy) {
		if (PQconsumeInput(mon) == 0) {
			monitor_close(PQerrorMessage(mon));
			return;
		}
		if (PQisBusy(mon)) {
			if (now - mon_sent > (uint64_t)c_timeout)
				monitor_close("no answer");
			return;
		}
		res = PQgetResult(mon);
		slot_read(res, &slot_now);
		PQclear(res);
		while ((res = PQgetResult(mon)) != NULL)
			PQclear(res);
		mon_busy = 0;
		if (!slot_now.known) {
			monitor_close(slot_now.error);
			return;
		}
		if (strcmp(slot_now.wal_status, slot_warned) != 0) {
			if (strcmp(slot_now.wal_status, "unreserved") == 0)
				logmsg("slot %s holds more WAL than "
				    "max_slot_wal_keep_size (wal_status "
				    "unreserved, %lld bytes): PostgreSQL "
				    "invalidates it at a checkpoint unless "
				    "pg2dns catches up first", c_slot,
				    (long long)slot_now.retained);
			else if (*slot_warned)
				logmsg("slot %s: wal_status %s", c_slot,
				    slot_now.wal_status);
			snprintf(slot_warned, sizeof(slot_warned), "%s",
			    slot_now.wal_status);
		}
		return;
	}
	if (now >= mon_next) {
		if (PQsendQuery(mon, slot_sql()) == 0) {
			monitor_close(PQerrorMessage(mon));
			return;
		}
		mon_busy = 1;
		mon_sent = now;
		mon_next = now + 1000;
	}
}

/* a zone name as compared: lower case, no final dot */
static char *
zone_name(const char *s, size_t n)
{
	char *z = strndup(s, n);

	if (z == NULL)
		die("out of memory");
	for (char *p = z; *p; p++)
		*p = tolower((unsigned char)*p);
	n = strlen(z);
	if (n > 1 && z[n - 1] == '.')
		z[n - 1] = '\0';
	return z;
}

static void
add_zone(const char *s, size_t n)
{
	char *z = zone_name(s, n);

	for (int i = 0; i < n_zones; i++)
		if (strcmp(zones[i], z) == 0) {
			free(z);
			return;
		}
	zones = realloc(zones, (n_zones + 1) * sizeof(*zones));
	if (zones == NULL)
		die("out of memory");
	zones[n_zones++] = z;
}

/* The zones (PG2DNS_ZONES's lines, then PG2DNS_VERIFY_ZONES) and the
 * servers (PG2DNS_SERVER, then PG2DNS_SECONDARIES, ADDRESS[#PORT]
 * words) whose SOA serials status and the metrics show. */
static void
load_servers(void)
{
	char *copy = strdup(c_secondaries), *w[64], *line = NULL;
	int n = split_words(copy, w, 64);
	size_t cap = 0;
	FILE *f;

	if (*c_zones && (f = fopen(c_zones, "r")) != NULL) {
		while (getline(&line, &cap, f) >= 0) {
			char *p = line + strspn(line, " \t");
			size_t len = strcspn(p, " \t\r\n#;");

			if (len)
				add_zone(p, len);
		}
		free(line);
		fclose(f);
	}
	{
		char *vz = strdup(c_verify_zones), *v[1024];
		int nv = split_words(vz, v, 1024);

		for (int i = 0; i < nv; i++)
			add_zone(v[i], strlen(v[i]));
		free(vz);
	}
	servers = calloc(n + 1, sizeof(*servers));
	if (servers == NULL)
		die("out of memory");
	for (int i = 0; i <= n; i++) {
		struct dns_server *s = &servers[i];
		const char *host = i ? w[i - 1] : c_server;
		char *hash = i ? strchr(w[i - 1], '#') : NULL, *end;
		long port = c_port_n;
		int a = 0;

		if (hash) {
			*hash = '\0';
			errno = 0;
			port = strtol(hash + 1, &end, 10);
			if (!isdigit((unsigned char)hash[1]) || *end || errno ||
			    port < 1 || port > 65535)
				die("PG2DNS_SECONDARIES: bad port in '%s#%s' "
				    "(ADDRESS or ADDRESS#PORT)", host, hash + 1);
		} else if (i)
			port = 53;
		if (*host == '\0')
			die("PG2DNS_SECONDARIES: a server without an address");
		snprintf(s->name, sizeof(s->name), "%s#%ld", host, port);
		s->role = i ? "secondary" : "primary";
		s->pid = -1;
		s->out = -1;
		s->serial = malloc((n_zones + 1) * sizeof(*s->serial));
		s->argv = malloc((10 + 2 * n_zones) * sizeof(*s->argv));
		if (s->serial == NULL || s->argv == NULL ||
		    asprintf(&s->argv[1], "@%s", host) < 0 ||
		    asprintf(&s->argv[3], "%ld", port) < 0)
			die("out of memory");
		s->argv[a++] = "dig";
		a++;
		s->argv[a++] = "-p";
		a++;
		s->argv[a++] = "+time=2";
		s->argv[a++] = "+tries=1";
		s->argv[a++] = "+norec";
		s->argv[a++] = "+noall";
		s->argv[a++] = "+answer";
		for (int z = 0; z < n_zones; z++) {
			s->argv[a++] = zones[z];
			s->argv[a++] = "SOA";
			s->serial[z] = -1;
		}
		s->argv[a] = NULL;
	}
	n_servers = n + 1;
	free(copy);
}

/* ask SERVER for every zone's SOA, one dig for all */
static void
dig_start(struct dns_server *s)
{
	int in;

	if (n_zones == 0)
		return;
	s->answer.len = 0;
	s->pid = spawn(s->argv, &in, &s->out, NULL);
	close(in);
	s->started = now_ms();
}

/* read dig's answer; 1 when it is complete, and the serials taken */
static int
dig_read(struct dns_server *s)
{
	const char *p;

	if (s->out < 0 || read_into(s->out, &s->answer) == 0)
		return 0;
	close_fd(&s->out);
	reap(&s->pid);
	for (int z = 0; z < n_zones; z++)
		s->serial[z] = -1;
	for (p = s->answer.p; p && *p; ) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char line[1200], *w[8], *z;
		int nw = 0;

		if (len < sizeof(line)) {
			memcpy(line, p, len);
			line[len] = '\0';
			nw = split_words(line, w, 8);
		}
		if (nw >= 7 && word_is(w[3], "SOA")) {
			z = zone_name(w[0], strlen(w[0]));
			for (int i = 0; i < n_zones; i++)
				if (strcmp(zones[i], z) == 0)
					s->serial[i] = strtoll(w[6], NULL, 10);
			free(z);
		}
		p = nl ? nl + 1 : NULL;
	}
	return 1;
}

/* every 5 s, each server asked at once; an answer that takes over 30 s
 * is given up (its serials unknown) */
static void
serials_tick(uint64_t now)
{
	for (int i = 0; i < n_servers; i++) {
		struct dns_server *s = &servers[i];

		if (s->pid > 0) {
			if (dig_read(s))
				s->next = now + 5000;
			else if (now - s->started > 30000) {
				close_fd(&s->out);
				reap(&s->pid);
				for (int z = 0; z < n_zones; z++)
					s->serial[z] = -1;
				s->next = now + 5000;
			}
		} else if (now >= s->next)
			dig_start(s);
	}
}

/* one more transaction in the DNS: count it and its changes */
static void
count_applied(const struct tx *t)
{
	const char *p = t->text, *end = t->text + t->len, *nl;

	m_tx++;
	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', end - p);
		if (nl == NULL)
			nl = end;
		if (nl - p > 7 && memcmp(p, "update ", 7) == 0)
			m_changes++;
	}
	if (mk_len > 0) {
		m_messages = mk_base + mk_sends[mk_head++];
		mk_len--;
	}
	m_last_apply = now_real();
}

/* txsplit wrote a "; COMMIT": the messages before it are its */
static void
count_marker(void)
{
	if (mk_head + mk_len == mk_cap && mk_head > 0) {
		memmove(mk_sends, mk_sends + mk_head, mk_len * sizeof(*mk_sends));
		mk_head = 0;
	}
	if (mk_len == mk_cap) {
		mk_cap = mk_cap ? mk_cap * 2 : 1024;
		mk_sends = realloc(mk_sends, mk_cap * sizeof(*mk_sends));
		if (mk_sends == NULL)
			die("out of memory");
	}
	mk_sends[mk_head + mk_len++] = mk_written;
}

/* the state the metrics and status -j show: held when replication waits
 * for the operator (a transaction held, a slot that cannot be trusted) */
static const char *
public_state(void)
{
	if (strcmp(st_state, "paused") == 0 || strcmp(st_state, "stopped") == 0)
		return st_state;
	if (strcmp(st_state, "held") == 0 || held || decode_held_lsn)
		return "held";
	if (strcmp(st_state, "failing") == 0)
		return "failing";
	return "running";
}

static const char *const public_states[] = {
	"running", "paused", "failing", "held", "stopped"
};
static const char *const wal_statuses[] = {
	"reserved", "extended", "unreserved", "lost", "missing"
};

static void
add_metric(struct buf *b, const char *name, const char *type,
    const char *help)
{
	char s[800];

	snprintf(s, sizeof(s), "# HELP pg2dns_%s %s\n# TYPE pg2dns_%s %s\n",
	    name, help, name, type);
	buf_add(b, s, strlen(s));
}

static void
add_sample(struct buf *b, const char *name, const char *labels, double v)
{
	char s[900];

	snprintf(s, sizeof(s), "pg2dns_%s%s%s%s %.15g\n", name,
	    labels ? "{" : "", labels ? labels : "", labels ? "}" : "", v);
	buf_add(b, s, strlen(s));
}

/* a label value: \ " and newline escaped */
static const char *
label_value(const char *s, char *out, size_t n)
{
	size_t j = 0;

	for (; *s && j + 3 < n; s++) {
		if (*s == '\\' || *s == '"' || *s == '\n') {
			out[j++] = '\\';
			out[j++] = *s == '\n' ? 'n' : *s;
		} else
			out[j++] = *s;
	}
	out[j] = '\0';
	return out;
}

/*
 * PG2DNS_METRICS: Prometheus's text format, for node_exporter's
 * textfile collector; at most once a second (FORCE: now), replaced
 * whole by a rename.  What is not known is left out, never shown as 0.
 */
static void
write_metrics(int force)
{
	static int complained;
	uint64_t now = now_ms(), bytes;
	struct buf b = { 0 };
	char labels[700], zl[300], tmp[PATH_MAX + 8];
	const char *st = public_state();
	int fresh = slot_now.known && now - slot_now.at < 10000, fd, ok;
	double t;

	if (!*c_metrics || (!force && now - metrics_written < 1000))
		return;
	metrics_written = now;
	add_metric(&b, "state", "gauge", "1 for the state pg2dns run is in: "
	    "running, paused, failing (retrying by itself), held (waits for "
	    "the operator: pg2dns status says what to do), stopped");
	for (size_t i = 0; i < sizeof(public_states) / sizeof(*public_states);
	    i++) {
		snprintf(labels, sizeof(labels), "state=\"%s\"", public_states[i]);
		add_sample(&b, "state", labels, strcmp(st, public_states[i]) == 0);
	}
	add_metric(&b, "applied_lsn", "gauge", "the end of the last "
	    "transaction applied, as a number (X/Y is X * 2^32 + Y)");
	add_sample(&b, "applied_lsn", NULL, (double)pos);
	if (parse_commit_time(pos_time, &t) == 0) {
		add_metric(&b, "applied_commit_timestamp_seconds", "gauge",
		    "commit time of the last transaction applied");
		add_sample(&b, "applied_commit_timestamp_seconds", NULL, t);
	}
	if (fresh && lag_bytes(&slot_now, pos, &bytes) == 0) {
		add_metric(&b, "lag_bytes", "gauge", "WAL written since the "
		    "applied position; absent when unknown");
		add_sample(&b, "lag_bytes", NULL, (double)bytes);
	}
	if (lag_seconds(pending_time(), &t) == 0) {
		add_metric(&b, "lag_seconds", "gauge", "age of the oldest "
		    "committed transaction not yet applied, 0 when caught up; "
		    "absent when unknown (paused, PostgreSQL not answering)");
		add_sample(&b, "lag_seconds", NULL, t);
	}
	if (m_last_apply) {
		add_metric(&b, "seconds_since_last_apply", "gauge", "since the "
		    "DNS last took a transaction; absent before the first");
		add_sample(&b, "seconds_since_last_apply", NULL,
		    now_real() - m_last_apply);
	}
	add_metric(&b, "transactions_applied_total", "counter",
	    "transactions applied to the DNS");
	add_sample(&b, "transactions_applied_total", NULL, m_tx);
	add_metric(&b, "changes_applied_total", "counter",
	    "changes (update add and update delete lines) applied");
	add_sample(&b, "changes_applied_total", NULL, m_changes);
	add_metric(&b, "update_messages_applied_total", "counter",
	    "DNS UPDATE messages the server took");
	add_sample(&b, "update_messages_applied_total", NULL, m_messages);
	add_metric(&b, "retries_total", "counter", "sessions ended by a "
	    "failure and started again, by side (dns: txsplit and nsupdate; "
	    "postgresql: the replication connection)");
	add_sample(&b, "retries_total", "side=\"dns\"", m_retries_dns);
	add_sample(&b, "retries_total", "side=\"postgresql\"", m_retries_pg);
	add_metric(&b, "refusals_total", "counter", "transactions held "
	    "because the server, txsplit or the plugin refused them");
	add_sample(&b, "refusals_total", NULL, m_refusals);
	if (fresh) {
		add_metric(&b, "slot_wal_status", "gauge", "1 for the slot's "
		    "wal_status (missing: no such slot); absent when unknown");
		for (size_t i = 0; i < sizeof(wal_statuses) /
		    sizeof(*wal_statuses); i++) {
			snprintf(labels, sizeof(labels), "wal_status=\"%s\"",
			    wal_statuses[i]);
			add_sample(&b, "slot_wal_status", labels,
			    strcmp(slot_now.wal_status, wal_statuses[i]) == 0);
		}
		if (slot_now.retained >= 0) {
			add_metric(&b, "slot_retained_wal_bytes", "gauge", "WAL "
			    "the slot keeps (pg_current_wal_lsn() - restart_lsn)");
			add_sample(&b, "slot_retained_wal_bytes", NULL,
			    (double)slot_now.retained);
		}
		if (slot_now.has_safe) {
			add_metric(&b, "slot_safe_wal_bytes", "gauge", "WAL that "
			    "can still be written before the slot is lost "
			    "(safe_wal_size); absent without "
			    "max_slot_wal_keep_size");
			add_sample(&b, "slot_safe_wal_bytes", NULL,
			    (double)slot_now.safe);
		}
	}
	if (n_zones) {
		add_metric(&b, "zone_serial", "gauge", "the zone's SOA serial "
		    "on each server; absent when it does not answer");
		for (int i = 0; i < n_servers; i++)
			for (int z = 0; z < n_zones; z++) {
				if (servers[i].serial[z] < 0)
					continue;
				snprintf(labels, sizeof(labels), "zone=\"%s\",",
				    label_value(zones[z], zl, sizeof(zl)));
				snprintf(labels + strlen(labels), sizeof(labels) -
				    strlen(labels), "server=\"%s\",role=\"%s\"",
				    label_value(servers[i].name, zl, sizeof(zl)),
				    servers[i].role);
				add_sample(&b, "zone_serial", labels,
				    (double)servers[i].serial[z]);
			}
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", c_metrics);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	ok = fd >= 0 && write(fd, b.p, b.len) == (ssize_t)b.len;
	if (fd >= 0 && close(fd) != 0)
		ok = 0;
	if (ok && rename(tmp, c_metrics) != 0)
		ok = 0;
	if (!ok && !complained) {
		logmsg("cannot write the metrics file %s: %s", c_metrics,
		    strerror(errno));
		unlink(tmp);
	}
	complained = !ok;
	free(b.p);
}

static void
facts_tick(uint64_t now)
{
	monitor_tick(now);
	if (*c_metrics)
		serials_tick(now);
	write_metrics(0);
}

/* ---------------------------------------------------------- commands */

/* the commit time of the oldest transaction after pos that the slot
 * holds; "none" if there is none, "unknown" if that cannot be known (the
 * slot is in use, ...) */
static const char *
find_pending(PGconn *c)
{
	static char when[40];
	struct buf sql = { 0 };
	char *copy = strdup(c_options), *w[64];
	int n = split_words(copy, w, 64), rows;
	const char *found = "unknown";
	PGresult *res;

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
	free(copy);
	res = PQexec(c, sql.p);
	free(sql.p);
	if (PQresultStatus(res) == PGRES_TUPLES_OK) {
		rows = PQntuples(res);
		for (int i = 0; i < rows && q_head == NULL; i++)
			if (ingest(PQgetvalue(res, i, 0),
			    PQgetlength(res, i, 0)) != 0)
				break;
		if (q_head) {
			snprintf(when, sizeof(when), "%s", q_head->time);
			found = when;
		} else if (rows < 2000 && !*pg_error)
			found = "none";
	}
	PQclear(res);
	return found;
}

/* pending: the commit time of the oldest transaction after APPLIED */
static int
cmd_pending(const char *applied)
{
	PGconn *c = PQconnectdb("fallback_application_name=pg2dns");

	if (parse_lsn(applied, &pos) != 0)
		die("pending: bad lsn %s", applied);
	last_queued = pos;
	puts(PQstatus(c) == CONNECTION_OK ? find_pending(c) : "unknown");
	PQfinish(c);
	return 0;
}

/* resync: create the slot over a replication connection with an
 * exported snapshot, and run CMD while that connection stays open and
 * idle, which is as long as the snapshot can be imported; CMD finds its
 * name in PG2DNS_SNAPSHOT.  The snapshot sees exactly the transactions
 * that committed before the slot's consistent point, and the slot sends
 * exactly those that commit after it: read in it, the tables and the
 * stream meet with no gap and no overlap.  Prints the consistent point
 * once CMD has succeeded; exit 2 if the slot cannot be made, else CMD's
 * status. */
static int
cmd_snapshot(char **argv)
{
	const char *keys[] = { "replication", "fallback_application_name",
	    "dbname", NULL };
	const char *vals[] = { "database", PROG, getenv("PGDATABASE"), NULL };
	struct buf sql = { 0 };
	char point[24], snap[128];
	PGconn *c;
	PGresult *res;
	pid_t pid;
	int st;

	if (vals[2] == NULL)
		keys[2] = NULL;
	c = PQconnectdbParams(keys, vals, 0);
	if (PQstatus(c) != CONNECTION_OK)
		die("PostgreSQL: %s", one_line(PQerrorMessage(c)));
	buf_add(&sql, "CREATE_REPLICATION_SLOT ", 24);
	add_quoted(&sql, c_slot, strlen(c_slot), '"');
	buf_add(&sql, " LOGICAL ", 9);
	add_quoted(&sql, c_plugin, strlen(c_plugin), '"');
	buf_add(&sql, " EXPORT_SNAPSHOT", 16);
	res = PQexec(c, sql.p);
	free(sql.p);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1 ||
	    PQnfields(res) < 3)
		die("cannot create slot %s: %s", c_slot,
		    one_line(PQresultErrorMessage(res)));
	snprintf(point, sizeof(point), "%s", PQgetvalue(res, 0, 1));
	snprintf(snap, sizeof(snap), "%s", PQgetvalue(res, 0, 2));
	PQclear(res);
	logmsg("created slot %s (plugin %s), consistent at %s; snapshot %s",
	    c_slot, c_plugin, point, snap);
	if (setenv("PG2DNS_SNAPSHOT", snap, 1) != 0 ||
	    setenv("PG2DNS_CONSISTENT_POINT", point, 1) != 0)
		die("setenv: %s", strerror(errno));
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			die("waitpid: %s", strerror(errno));
	/* the snapshot ends with the connection; the slot stays */
	PQfinish(c);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return WIFEXITED(st) ? WEXITSTATUS(st) : 2;
	puts(point);
	return 0;
}

/* a server's message on one line, for the log */
static const char *
one_line(const char *msg)
{
	static char s[1024];
	size_t n;

	snprintf(s, sizeof(s), "%s", msg);
	for (char *p = s; *p; p++)
		if (*p == '\n')
			*p = ' ';
	n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		s[--n] = '\0';
	return s;
}

/* STATE/status as the running driver wrote it, its lines strings */
static char status_text[STATUS_SIZE + 1];

static const char *
status_value(const char *key)
{
	size_t kl = strlen(key);

	for (const char *p = status_text; p < status_text + STATUS_SIZE;
	    p += strlen(p) + 1)
		if (strncmp(p, key, kl) == 0 && p[kl] == '=')
			return p + kl + 1;
	return "";
}

/* the first line of STATE/NAME, or "" */
static void
state_line(const char *name, char *s, size_t n)
{
	char p[PATH_MAX];
	FILE *f;

	s[0] = '\0';
	state_path(p, name);
	if ((f = fopen(p, "r")) != NULL) {
		if (fgets(s, n, f) == NULL)
			s[0] = '\0';
		s[strcspn(s, "\n")] = '\0';
		fclose(f);
	}
}

/* ask every server at once, and wait (30 s at most) */
static void
serials_now(void)
{
	uint64_t t0 = now_ms();

	for (int i = 0; i < n_servers; i++)
		dig_start(&servers[i]);
	while (now_ms() - t0 < 30000) {
		struct pollfd pf[64];
		int npf = 0;

		for (int i = 0; i < n_servers; i++)
			if (servers[i].pid > 0 && !dig_read(&servers[i]) &&
			    npf < 64) {
				pf[npf].fd = servers[i].out;
				pf[npf++].events = POLLIN;
			}
		if (npf == 0)
			break;
		poll(pf, npf, 1000);
	}
	for (int i = 0; i < n_servers; i++) {
		close_fd(&servers[i].out);
		reap(&servers[i].pid);
	}
}

static void
json_str(const char *s)
{
	if (s == NULL || *s == '\0') {
		fputs("null", stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		unsigned char ch = *s;

		if (ch == '"' || ch == '\\')
			printf("\\%c", ch);
		else if (ch < 0x20 || ch == 0x7f)
			printf("\\u%04x", ch);
		else
			putchar(ch);
	}
	putchar('"');
}

static void
json_num(int known, double v)
{
	if (known)
		printf("%.15g", v);
	else
		fputs("null", stdout);
}

/*
 * facts: what pg2dns status shows, as key=value lines (for the shell's
 * text) or JSON (-j).  RUNNING: the driver runs (pg2dns knows from its
 * pid file), and STATE/status has its state and counters; the slot and
 * the serials are asked now.  Exit 0 running or paused, 1 failing or
 * held, 3 stopped.
 */
static int
cmd_facts(int json, int running)
{
	struct slot_facts sf;
	char state[16] = "stopped", shown[16] = "stopped", pending[40] =
	    "unknown", problem[1200] = "", heldl[200], lasterr[1600], l[24],
	    c[24];
	const char *since = "", *err = "", *v;
	double secs = 0, last = 0;
	uint64_t bytes = 0;
	int have_bytes, have_secs;
	PGconn *pc;
	PGresult *res;

	memset(&sf, 0, sizeof(sf));
	state_path(ckpt_file, "applied");
	read_applied();
	if (running) {
		char p[PATH_MAX];
		int fd;

		state_path(p, "status");
		if ((fd = open(p, O_RDONLY | O_CLOEXEC)) >= 0) {
			if (read(fd, status_text, STATUS_SIZE) < 0)
				status_text[0] = '\0';
			close(fd);
		}
		for (char *q = status_text; q < status_text + STATUS_SIZE; q++)
			if (*q == '\n')
				*q = '\0';
		snprintf(state, sizeof(state), "%s", status_value("state"));
		snprintf(shown, sizeof(shown), "%s", status_value("condition"));
		if (!*state || !strcmp(state, "stopped") ||
		    !strcmp(state, "starting"))
			snprintf(state, sizeof(state), "running");
		if (!*shown || !strcmp(shown, "stopped"))
			snprintf(shown, sizeof(shown), "%s", state);
		since = status_value("since");
		err = status_value("error");
		snprintf(pending, sizeof(pending), "%s", status_value("pending"));
		if (parse_lsn(status_value("applied"), &pos) == 0) {
			snprintf(pos_time, sizeof(pos_time), "%s",
			    status_value("commit_time"));
			snprintf(pos_xid, sizeof(pos_xid), "%s",
			    status_value("xid"));
			last_queued = pos;
		}
		last = strtod(status_value("last_apply"), NULL);
	}
	pc = PQconnectdb("fallback_application_name=pg2dns");
	if (PQstatus(pc) == CONNECTION_OK) {
		res = PQexec(pc, slot_sql());
		slot_read(res, &sf);
		PQclear(res);
	} else {
		snprintf(sf.error, sizeof(sf.error), "%s", PQerrorMessage(pc));
		sf.error[strcspn(sf.error, "\n")] = '\0';
	}
	/* the driver knows what is pending while it streams; else look
	 * (the slot is free then) */
	if (!running || strcmp(state, "paused") == 0) {
		v = "unknown";
		if (sf.known && strcmp(sf.wal_status, "missing") != 0 &&
		    strcmp(sf.wal_status, "lost") != 0)
			v = find_pending(pc);
		snprintf(pending, sizeof(pending), "%s",
		    strcmp(v, "none") ? v : "");
	}
	PQfinish(pc);
	serials_now();
	slot_problem(&sf, problem, sizeof(problem));
	have_bytes = lag_bytes(&sf, pos, &bytes) == 0;
	have_secs = lag_seconds(pending, &secs) == 0;
	state_line("held", heldl, sizeof(heldl));
	state_line("last_error", lasterr, sizeof(lasterr));
	fmt_lsn(pos, l);
	fmt_lsn(sf.confirmed, c);
	if (!json) {
		printf("state=%s\nsince=%s\napplied=%s\ncommit_time=%s\nxid=%s\n",
		    state, since, l, pos_time, pos_xid);
		printf("confirmed=%s\nslot_error=%s\nwal_status=%s\n",
		    !sf.known ? "" : strcmp(sf.wal_status, "missing") == 0 ?
		    "missing" : sf.confirmed ? c : "none", sf.error,
		    sf.known ? sf.wal_status : "");
		if (sf.known && sf.retained >= 0)
			printf("retained_bytes=%lld\n", (long long)sf.retained);
		if (sf.known && sf.has_safe)
			printf("safe_wal_bytes=%lld\n", (long long)sf.safe);
		if (have_bytes)
			printf("lag_bytes=%" PRIu64 "\n", bytes);
		else
			printf("lag_bytes=unknown\n");
		if (have_secs)
			printf("lag_seconds=%.3f\n", secs);
		else
			printf("lag_seconds=unknown\n");
		printf("error=%s\nproblem=%s\n", err, problem);
		for (int i = 0; i < n_servers; i++)
			for (int z = 0; z < n_zones; z++) {
				printf("serial=%s %s %s ", zones[z],
				    servers[i].name, servers[i].role);
				if (servers[i].serial[z] >= 0)
					printf("%lld\n", servers[i].serial[z]);
				else
					printf("unknown\n");
			}
	} else {
		printf("{\n  \"state\": ");
		json_str(shown);
		printf(",\n  \"since\": ");
		json_str(since);
		printf(",\n  \"applied\": { \"lsn\": \"%s\", \"commit_time\": ", l);
		json_str(strcmp(pos_time, "-") ? pos_time : NULL);
		printf(", \"xid\": ");
		json_str(strcmp(pos_xid, "-") ? pos_xid : NULL);
		printf(" },\n  \"lag\": { \"bytes\": ");
		json_num(have_bytes, (double)bytes);
		printf(", \"seconds\": ");
		json_num(have_secs, secs);
		printf(" },\n  \"seconds_since_last_apply\": ");
		json_num(last > 0, now_real() - last);
		if (running)
			printf(",\n  \"counters\": { \"transactions\": %s, "
			    "\"changes\": %s, \"update_messages\": %s, "
			    "\"retries_dns\": %s, \"retries_postgresql\": %s, "
			    "\"refusals\": %s }",
			    status_value("transactions"),
			    status_value("changes"), status_value("messages"),
			    status_value("retries_dns"),
			    status_value("retries_postgresql"),
			    status_value("refusals"));
		else
			printf(",\n  \"counters\": null");
		printf(",\n  \"slot\": { \"name\": \"%s\", \"wal_status\": ",
		    c_slot);
		json_str(sf.known ? sf.wal_status : NULL);
		printf(", \"retained_bytes\": ");
		json_num(sf.known && sf.retained >= 0, (double)sf.retained);
		printf(", \"safe_wal_bytes\": ");
		json_num(sf.known && sf.has_safe, (double)sf.safe);
		printf(", \"confirmed_lsn\": ");
		json_str(sf.known && sf.confirmed ? c : NULL);
		printf(", \"error\": ");
		json_str(sf.error);
		printf(" },\n  \"error\": ");
		json_str(err);
		printf(",\n  \"problem\": ");
		json_str(problem);
		printf(",\n  \"held\": ");
		json_str(heldl);
		printf(",\n  \"last_error\": ");
		json_str(lasterr);
		printf(",\n  \"serials\": [");
		for (int i = 0, k = 0; i < n_servers; i++)
			for (int z = 0; z < n_zones; z++, k++) {
				printf("%s\n    { \"zone\": ", k ? "," : "");
				json_str(zones[z]);
				printf(", \"server\": ");
				json_str(servers[i].name);
				printf(", \"role\": \"%s\", \"serial\": ",
				    servers[i].role);
				json_num(servers[i].serial[z] >= 0,
				    (double)servers[i].serial[z]);
				printf(" }");
			}
		printf("%s]\n}\n", n_zones ? "\n  " : "");
	}
	if (strcmp(state, "running") == 0 || strcmp(state, "paused") == 0)
		return 0;
	return strcmp(state, "stopped") == 0 ? 3 : 1;
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
	    " drain SNAPSHOT | pending LSN | facts [-j] RUNNING |\n"
	    "       snapshot COMMAND [ARG ...]\n"
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
	} else if (strcmp(argv[1], "snapshot") == 0 && argc >= 3)
		return cmd_snapshot(argv + 2);
	else if (strcmp(argv[1], "facts") == 0 && (argc == 3 ||
	    (argc == 4 && strcmp(argv[2], "-j") == 0))) {
		mode = M_FACTS;
		return cmd_facts(argc == 4, strcmp(argv[argc - 1], "1") == 0);
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
	write_metrics(1);
	remove_pid_file();
	return *ckpt_error ? 1 : rc;
}
