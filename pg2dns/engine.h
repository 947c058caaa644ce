/*
 * pg2dns-run - the replication engine of pg2dns(8): what its parts share
 *
 * Copyright (c) 2026 the txsplit developers; see LICENSE.
 *
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

#ifndef PG2DNS_ENGINE_H
#define PG2DNS_ENGINE_H

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

/* what the status file holds, rewritten in place at this size */
#define STATUS_SIZE 4096

/*
 * How long an nsupdate that has sent may stay idle before a fresh one
 * takes its place.  After named closes an idle TCP connection
 * (tcp-idle-timeout, 30 s by default), or restarts, a long-lived
 * nsupdate can fail the next TCP-sized message with "timed out"; a fresh
 * one, which has sent nothing, cannot hold such a connection.
 */
#define SESSION_IDLE_MS 5000

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

/* util.c */
void logmsg(const char *fmt, ...);
void die(const char *fmt, ...);
uint64_t now_ms(void);
void utc_now(char *s, size_t n);
void buf_add(struct buf *b, const char *s, size_t n);
void buf_drop(struct buf *b, size_t n);
int parse_lsn(const char *s, uint64_t *lsn);
void fmt_lsn(uint64_t lsn, char *s);
int split_words(char *s, char **w, int max);
int word_is(const char *w, const char *kw);
double now_real(void);
const char *one_line(const char *msg);

/* config.c */
void load_config(void);

/* queue.c */
int ingest(const char *s, size_t n);
int ingest_line(const char *s, size_t n);
void free_head(void);
void clear_queue(void);

/* children.c */
int spawn(char **argv, int *in, int *out, int *err);
void dns_start(void);
void close_fd(int *fd);
void reap(pid_t *pid);
void dns_stop(void);
void dns_feed(void);
void dns_write(int *fd, struct buf *b);
int read_into(int fd, struct buf *b);
void dns_read_txsplit(void);
void dns_read_nsupdate(void);
void dns_timers(void);

/* statedir.c */
void state_path(char *p, const char *name);
void unlink_state(const char *name);
void read_applied(void);
int checkpoint(void);
void write_status(const char *state, const char *pending);
const char *pending_time(void);
void set_state(const char *state, const char *error);
void note_error(const char *msg);
void write_held(const char *kind, uint64_t lsn, const char *xid, const char *why, const char *text);
void take_skip(void);
void state_line(const char *name, char *s, size_t n);
void remove_pid_file(void);

/* replication.c */
void pg_close(void);
void pg_fail(const char *what, PGresult *res);
void pg_connect(void);
void pg_status_update(int reply);
void pg_read(void);
const char *slot_sql(void);
void slot_read(PGresult *res, struct slot_facts *f);
int slot_problem(const struct slot_facts *f, char *msg, size_t n);
const char *find_pending(PGconn *c);
int cmd_pending(const char *applied);
int cmd_snapshot(char **argv);

/* monitor.c */
int lag_bytes(const struct slot_facts *f, uint64_t applied, uint64_t *n);
int lag_seconds(const char *pending, double *age);
void load_servers(void);
void dig_start(struct dns_server *s);
int dig_read(struct dns_server *s);
void count_applied(const struct tx *t);
void count_marker(void);
const char *public_state(void);
void write_metrics(int force);
void facts_tick(uint64_t now);

/* status.c */
int cmd_facts(int json, int running);

/* run.c */


extern const char *c_slot, *c_options, *c_server, *c_port, *c_keyfile,
	*c_zones, *c_state, *c_trace, *c_nsupdate_opts, *c_txsplit_opts,
	*c_backoff_min_s, *c_plugin, *c_metrics, *c_secondaries,
	*c_verify_zones;
extern long c_backoff_min, c_backoff_max, c_timeout, c_ckpt_interval,
	c_ckpt_tx, c_queue_max, c_port_n;
extern enum mode mode;
extern volatile sig_atomic_t got_stop, got_wake;
extern int sig_pipe[2];
extern struct tx *q_head, *q_tail, *q_feed;
extern size_t q_bytes;
extern unsigned long q_count;
extern uint64_t last_queued;
extern struct buf partial;
extern int in_frame;
extern char partial_xid[16];
extern unsigned long line_no;
extern uint64_t pos;
extern char pos_time[40], pos_xid[16];
extern uint64_t ckpt_pos;
extern uint64_t last_ckpt_ms;
extern unsigned long acks_since_ckpt;
extern char ckpt_file[PATH_MAX];
extern char ckpt_error[512];
extern pid_t ts_pid, ns_pid;
extern int ts_in, ts_out, ts_err, ns_in, ns_out;
extern struct buf ts_inbuf, ns_inbuf, ts_line, ns_line, ts_errbuf, ns_errbuf;
extern char ns_version[256];
extern unsigned long n_fed, n_commits, n_acked;
extern unsigned long batch_before;
extern struct buf ack_runs;
extern uint64_t last_progress, ns_error_at;
extern int dns_up;
extern uint64_t dns_retry_at;
extern long dns_backoff;
extern uint64_t careful_until;
extern struct tx *held;
extern char held_msg[1500];
extern PGconn *conn;
extern uint64_t pg_retry_at, last_heard, last_status_sent, keepalive_pos;
extern uint64_t connected_at;
extern long pg_backoff;
extern int caught_up;
extern uint64_t decode_held_lsn;
extern char decode_held_xid[16];
extern char pg_error[1024];
extern uint64_t drain_end;
extern const char *drain_snapshot;
extern int drain_invisible, drain_disagree, drain_past;
extern char st_state[16], st_since[32], st_error[2048];
extern uint64_t status_written;
extern int paused, locked, lock_fd;
extern FILE *replay_fp;
extern int replay_eof;
extern const char *replay_name;
extern unsigned long long m_tx, m_changes, m_messages, m_retries_dns,
	m_retries_pg, m_refusals;
extern double m_last_apply;
extern unsigned long long *mk_sends, mk_written, mk_base;
extern size_t mk_head, mk_len, mk_cap;
extern uint64_t metrics_written;
extern struct slot_facts slot_now;
extern PGconn *mon;
extern int mon_busy;
extern uint64_t mon_next, mon_sent, mon_retry_at;
extern char slot_warned[16];
extern char **zones;
extern int n_zones;
extern struct dns_server *servers;
extern int n_servers;

#endif
