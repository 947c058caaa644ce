/*
 * pg2dns-run - the replication engine of pg2dns(8): what its parts share
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
 * it, means that the transactions of that run are in the DNS.
 * Anything else nsupdate says, its exit, or no answer in
 * PG2DNS_TIMEOUT seconds ends both children; the retry starts fresh ones
 * (a long-lived nsupdate can stay broken after the server restarts) and
 * sends again what was not acknowledged, one transaction at a time until
 * past the ones that were in flight, so that a transaction the server
 * refuses is found, with everything before it applied.
 *
 * The zone is the unit of order and of holding, since a DNS UPDATE is
 * atomic within one zone only.  Sent one at a time, a transaction has a
 * "version" after each zone's part (txsplit -m writes a "zone" line at
 * the head of each message), so that a refusal is found to be one
 * zone's: that zone is held at the transaction, and its parts of later
 * transactions are not sent, while the other zones carry on.  Zones not
 * at the applied position have positions of their own (struct
 * zone_pos); while one is held the applied position, and the slot,
 * stay before its transaction, so that nothing waits in memory: the
 * held zone is tried again with its transaction, as STATE/held.ZONE
 * keeps it, and once that is taken, or pg2dns skip passes its part, its
 * waiting transactions come by streaming again from the applied
 * position, each zone sent only what lies past its own position.  A transaction txsplit
 * refuses is held in every zone.
 *
 * The applied position, with the zones', is recorded in STATE/applied
 * (write, fsync, rename, fsync of the directory) every PG2DNS_CHECKPOINT
 * seconds or PG2DNS_CHECKPOINT_TX transactions, and at once when a zone
 * is held or has applied its part of a transaction that goes on in
 * another zone; only a recorded position is reported to the server as
 * flushed.  When every received transaction is
 * applied, the position follows the server's keepalives, so that WAL
 * written for other tables lets the slot move.
 *
 * Before streaming, the slot is looked at: one that is missing,
 * invalidated (wal_status lost) or confirmed past the applied position
 * holds the driver (state held), since streaming from it would skip
 * changes without a word; so does a server whose history forked before
 * the applied position (a failover to a standby that lagged) or that is
 * another system (timeline.c).  For monitoring, a second connection asks for
 * the slot's WAL once a second, dig for the zones' SOA serials on the
 * primary and the secondaries, and PG2DNS_METRICS gets all of it, with
 * the counters, at most once a second.
 *
 *   pg2dns-run -h                  the settings and the state files
 *   pg2dns-run config              the settings, checked (exit 2 if bad),
 *                                  defaults filled in, as shell
 *                                  assignments (for pg2dns)
 *   pg2dns-run run [PG2DNS]        replicate until SIGTERM; held at a
 *                                  fork that PG2DNS_AUTO_RESYNC repairs,
 *                                  stop and exec sh PG2DNS run (the
 *                                  pg2dns that ran it: the resync, in
 *                                  the same process)
 *   pg2dns-run replay STATE FILE   apply a saved stream (STATE "":
 *                                  STATE/replay-NAME.applied)
 *   pg2dns-run drain SNAPSHOT      apply what the snapshot sees (verify)
 *   pg2dns-run pending APPLIED     the commit time of the oldest
 *                                  transaction after APPLIED in the slot
 *   pg2dns-run snapshot CMD ...    create the slot, and run CMD in its
 *                                  exported snapshot (resync)
 *   pg2dns-run locked -w SECONDS|-n CMD ...
 *                                  run CMD holding STATE/lock (verify,
 *                                  resync)
 *   pg2dns-run status [-j]         what pg2dns status shows
 *   pg2dns-run pause [-q]          pg2dns pause, resume and skip
 *   pg2dns-run resume [-q]
 *   pg2dns-run skip [ZONE]
 *   pg2dns-run init                make the state directory
 *   pg2dns-run state               what the shell needs of the state,
 *                                  as shell assignments
 *   pg2dns-run resync-begin        a resync is under way
 *   pg2dns-run resync-done LSN     it ended: LSN applied, nothing held
 *
 * The configuration comes from the environment (pg2dns exports it);
 * config.c's settings[] is its one list.  The state directory is the
 * engine's: statedir.c's state_files[] names every file in it, and the
 * shell reads and writes none of them.
 *
 * The parts, each owning its part of struct engine, which is passed
 * along (OpenBSD's relayd keeps its state so):
 *
 *   run.c          the commands; the loop, its event sources and its
 *                  policies (run, replay, drain)
 *   queue.c        struct queue: the stream framed into transactions,
 *                  queued until applied; no I/O but the spool files
 *   replication.c  struct replication: one function for each
 *                  replication command, the stream read into the queue
 *   children.c     struct children: txsplit and nsupdate, what they are
 *                  fed, what their answers mean; STATE/children
 *   statedir.c     struct positions and struct status: STATE/applied,
 *                  status, last_error, held, skip, skipped, pid,
 *                  paused, resync, timeline; pause, resume, skip
 *   timeline.c     the applied position on the server's history: the
 *                  system and timeline it was applied on, checked on
 *                  connecting (IDENTIFY_SYSTEM, TIMELINE_HISTORY);
 *                  STATE/lost when only a resync brings the DNS back
 *   monitor.c      struct monitor and struct counters: the slot's WAL,
 *                  the SOA serials, the metrics
 *   status.c       pg2dns-run status: what pg2dns status shows
 *   config.c       struct config: the settings, checked first
 *   util.c         the log, buffers, LSNs, words, clocks
 */

#ifndef PG2DNS_ENGINE_H
#define PG2DNS_ENGINE_H

#define _GNU_SOURCE

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
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

/* the stream's words, the plugin's options, the undecodable record */
#include "../plugin/wal2nsupdate.h"

#define PROG "pg2dns"
/* the plugin's options that pg2dns passes, after PG2DNS_OPTIONS: its
 * hints name pg2dns skip and its errors carry UNDECODABLE_CONTEXT; a
 * small transaction comes in one message, not one a line */
#define DRIVER_OPTIONS "\"" OPTION_SKIP_HINT "\" '" SKIP_HINT_PG2DNS "', \"" \
	OPTION_BATCH_WRITES "\" 'on'"

/* at most this many plugin options in PG2DNS_OPTIONS */
#define MAX_OPTIONS 64

/* what the status file holds, rewritten in place at this size */
#define STATUS_SIZE 4096

/* STATE/left_out keeps this many rows left out, each line at most
 * LEFT_OUT_LINE octets */
#define LEFT_OUT_KEPT 20
#define LEFT_OUT_LINE 1200
/* its fields, as status shows them: seen, xid, commit lsn, commit time,
 * table, why, the row */
#define LEFT_OUT_FIELDS 7

/*
 * How long an nsupdate that has sent may stay idle before a fresh one
 * takes its place.  After named closes an idle TCP connection
 * (tcp-idle-timeout, 30 s by default), or restarts, a long-lived
 * nsupdate can fail the next TCP-sized message with "timed out"; a fresh
 * one, which has sent nothing, cannot hold such a connection.
 */
#define SESSION_IDLE_MS 5000

/*
 * A replication connection that has streamed this long was a success:
 * its failure begins a new episode, whose retries are prompt again
 * (retry_after).  Shorter, and a server that accepts and then fails
 * each connection would be retried at the fastest rate for ever.
 */
#define EPISODE_MS 5000

/*
 * How long resync waits for a client to let go of the stale slot it
 * drops (Patroni makes a permanent slot again every loop_wait, 10 s by
 * default, and the slot is active while it is being made) before it
 * gives up.
 */
#define SLOT_REMADE_MS 10000

/* ------------------------------------------------------------ types */

struct buf {
	char	*p;
	size_t	 len, cap;
};

/* the retries of a failure episode (retry_after) */
struct backoff {
	uint64_t since;		/* when its first failure was; 0: none */
	long	 delay;		/* milliseconds until the next retry */
};

/* numbers, first in first out */
struct fifo {
	unsigned long long *v;
	size_t	 head, len, cap;
};

/*
 * The engine's memory is bounded by what it keeps of the transactions
 * it has received and not yet applied: their text, up to
 * PG2DNS_QUEUE_MAX octets in all, and no more than SPOOL_AT octets of
 * any one.  A transaction larger than that goes, as it comes, to a
 * spool file of its own (in the state directory, unlinked, so that
 * nothing is left of it after a crash), and is read from there, a piece
 * at a time, to be fed to txsplit, and again for a retry: besides the
 * queue, the engine holds at most SPOOL_AT octets of the transaction
 * being received and BATCH_MAX (children.c) of what txsplit is to read.
 * (A refused transaction is read whole once, for STATE/held.)
 */
#define SPOOL_AT (1024 * 1024)

/* one complete transaction, as the plugin wrote it */
struct tx {
	struct tx *next;
	uint64_t lsn;			/* end of its commit record */
	char	 xid[16];
	char	 time[40];		/* commit time, or "-" */
	size_t	 len;			/* of its text */
	unsigned long changes;		/* its "update" lines */
	int	 spool;			/* its spool file, or -1: in text[] */
	char	 text[];		/* BEGIN ... COMMIT, '\n' after each */
};


struct engine;

/* what a failure on the DNS side means for a transaction alone in
 * flight, decided where the failure is seen */
enum failure {
	F_RETRY,	/* nothing refused: not reached, no answer, a child
			 * killed; the transaction is sent again */
	F_REFUSED	/* the server, txsplit or nsupdate refused it: held */
};

/* what pg2dns run is doing: starting, then running; paused by pg2dns
 * pause; failing while it retries by itself; held while it waits for the
 * operator; stopped.  The names: state_names[] (statedir.c). */
enum state { S_STARTING, S_RUNNING, S_PAUSED, S_FAILING, S_HELD, S_STOPPED };
extern const char *const state_names[];

/* what a setting holds, and so how it is checked; V_LIBPQ: libpq's own
 * (and psql's), passed on in the environment */
enum value_kind { V_STRING, V_SECONDS, V_COUNT, V_PORT, V_FILE, V_WORD,
	V_YESNO, V_LIBPQ };

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

/* a server's lineage: its system identifier and timeline, as
 * IDENTIFY_SYSTEM gives them and STATE/timeline records them */
struct timeline {
	char	 sysid[32];
	unsigned tli;
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
	const char *dflt;		/* when unset (or empty, but for
					 * V_STRING and V_FILE) */
	enum value_kind kind;
	const char *help;		/* for the usage, lines of at most
					 * 55 columns */
	size_t	 str;			/* in struct config: the text */
	size_t	 num;			/* its value; milliseconds for
					 * V_SECONDS */
};

/* the settings (config.c), read once before anything starts */
struct config {
	const char *slot, *options, *server, *port, *keyfile, *zones, *state,
		*trace, *nsupdate_opts, *txsplit_opts, *backoff_min_s, *plugin,
		*metrics, *secondaries, *verify_zones, *verify_ignore,
		*any_order, *auto_resync;
	long	 backoff_min, backoff_max, timeout, ckpt_interval, ckpt_tx,
		 queue_max, port_n, drain_timeout;
	/* PG2DNS_OPTIONS, split into the plugin's options */
	struct {
		const char *name, *value;
	}	 option[MAX_OPTIONS];
	int	 n_options;
	char	*option_words;		/* what they point into */
};

/* the framing and the queue (queue.c): received, not yet acknowledged
 * by nsupdate */
struct queue {
	struct tx *head, *tail, *feed;	/* feed: the next to send */
	size_t	 feed_off;		/* how much of it is sent */
	size_t	 bytes;			/* of text, in memory or spooled */
	uint64_t last_queued;		/* highest lsn queued */
	const char *spool_dir;		/* where spool files are made */
	/* the transaction being received: the text not yet spooled */
	struct buf partial;
	int	 in_frame;
	char	 partial_xid[16];
	int	 spool;			/* -1, or its spool file */
	size_t	 spooled;		/* octets of it there */
	unsigned long changes;		/* its "update" lines */
	unsigned long line_no;		/* replay: line of FILE */
	char	 error[1024];		/* why a line is not the plugin's */
	/* drain: only what the snapshot (xmin:xmax:xip,...) sees, until
	 * decoding passes the marker at end */
	const char *snapshot;
	uint64_t end;
	int	 invisible, disagree, past;
	uint64_t deadline;		/* drain: when it gives up */
};

/*
 * A zone's own position (statedir.c), kept in STATE/applied after the
 * global one while it differs: a DNS UPDATE is atomic within one zone
 * only, so the zone is the unit of order and of holding.  A zone without
 * an entry is at the global position.
 */
struct zone_pos {
	char	 name[256];		/* lower case, no final dot */
	uint64_t lsn;			/* applied (or skipped) through here */
	uint64_t held;			/* its part of the transaction ending
					 * here was refused: held; 0 if not */
	char	 xid[16];		/* of the held transaction */
	char	 time[40];		/* its commit time */
	char	 why[600];		/* what the server said */
};

/* the positions (statedir.c) */
struct positions {
	uint64_t applied;		/* everything up to here is applied */
	uint64_t tx_end;		/* the last transaction applied or
					 * skipped ends here; applied past it
					 * followed the WAL's end */
	char	 time[40], xid[16];	/* of the transaction applied last */
	uint64_t recorded;		/* recorded durably: the checkpoint */
	uint64_t recorded_at;		/* when the checkpoint was last tried */
	unsigned long acks;		/* transactions since the checkpoint */
	char	 file[PATH_MAX];	/* STATE/applied, or replay's STATEFILE */
	char	 error[512];		/* why the checkpoint failed */
	/* the zones not at the global position: applied past it, or held
	 * (then the global position stays before the held transaction,
	 * and so does the slot) */
	struct zone_pos *zone;
	size_t	 n_zones, zones_cap;
	int	 zones_changed;		/* since the checkpoint */
};

/* the children (children.c): txsplit and nsupdate */
struct children {
	pid_t	 ts_pid, ns_pid;
	int	 ts_in, ts_out, ts_err, ns_in, ns_out;
	struct buf ts_inbuf, ns_inbuf, ts_line, ns_line, ts_errbuf, ns_errbuf;
	char	*ts_argv[72], *ns_argv[72];
	char	*ts_words, *ns_words;	/* what they point into */
	char	 ns_version[256];	/* nsupdate's answer to "version" */
	unsigned long fed, commits, acked;	/* transactions, this session */
	unsigned long batch_before;	/* fed where the last batch began */
	struct fifo ack_runs;		/* COMMITs each "version" acks */
	uint64_t last_progress, ns_error_at;
	int	 up;
	uint64_t retry_at;
	struct backoff backoff;
	uint64_t careful_until;	/* one transaction at a time up to here */
	struct tx *held;		/* refused alone: the head of the queue */
	char	 held_msg[1500];
	/* zones split (zones_split()): one transaction at a time, and a
	 * "version" after each zone's part of it, so that a refusal is
	 * the zone's */
	char	 zone[256];		/* of txsplit's block being read */
	int	 zone_drop;		/* its messages are not sent */
	int	 zone_sent;		/* a message of it was, no version yet */
	struct buf zone_acks;		/* the zones the zone versions ack,
					 * each ending in '\n' */
	struct buf refused;		/* in the transaction in flight: "ZONE
					 * WHY\n" */
	uint64_t zone_retry_at;		/* the held zones are tried again */
	struct backoff zone_backoff;
	uint64_t retried_upto;		/* held transactions queued again
					 * from their files, up to here */
	int	 restream;		/* one was taken: stream again */
};

/* the replication connection (replication.c) */
struct replication {
	PGconn	*conn;
	uint64_t retry_at, last_heard, last_status_sent, keepalive_pos;
	uint64_t connected_at;		/* when streaming began; 0 while it
					 * has not (no status update then) */
	struct backoff backoff;
	int	 caught_up;		/* a keepalive came with nothing pending */
	uint64_t decode_held_lsn;	/* the plugin cannot decode it */
	char	 decode_held_xid[16];
	char	 error[1024];
	char	 slot_query[600];	/* slot_sql(): what the slot is */
	const char *again;		/* run's PG2DNS: what runs it again */
	int	 resync;		/* held where PG2DNS_AUTO_RESYNC
					 * resyncs: stop, and run again */
};

/* what pg2dns run is doing (statedir.c), as STATE/status shows it */
struct status {
	enum state state;
	char	 since[32], error[2048];
	uint64_t written;
	int	 fd, complained;		/* STATE/status */
	int	 paused, locked, lock_fd;	/* lock_fd: STATE/lock */
	int	 skip_pending;		/* STATE/skip is there: at start or
					 * since SIGUSR1, until taken */
	struct buf left_out;		/* STATE/left_out, once read */
	int	 left_out_changed;	/* since it was last written */
	uint64_t left_out_written;
};

/* replay's saved stream (run.c) */
struct replay {
	FILE	*fp;
	int	 eof;			/* 1 at its end, 2 at a bad line */
	const char *name;
};

/* what the metrics and status count, since the driver started
 * (monitor.c) */
struct counters {
	unsigned long long tx, changes, messages, retries_dns, retries_pg,
		 refusals;
	unsigned long long rows_left_out;	/* the plugin's WARNINGs */
	double	 last_apply;		/* epoch seconds; 0: none yet */
	/* UPDATE messages: those written before each "; COMMIT" marker
	 * not yet acknowledged, counted from the session's start */
	struct fifo sends;
	unsigned long long written, base;
};

/* monitoring (monitor.c): the slot, as last seen on a second
 * connection; the zones whose serials status shows, and the servers */
struct monitor {
	struct slot_facts slot;
	PGconn	*conn;
	int	 busy;
	uint64_t next, sent, retry_at;
	char	 warned[16];		/* the wal_status last logged */
	char	**zones;
	int	 n_zones;
	struct dns_server *servers;
	int	 n_servers;
	char	*server_words;		/* PG2DNS_SECONDARIES, split */
	uint64_t metrics_written;
	int	 metrics_complained;
};

/* What differs between run, replay and drain (run.c, policies[]) */
struct policy {
	/* take what the source has: the slot, or replay's file */
	void	(*source)(struct engine *, uint64_t now);
	/* 1 when all that is to be applied is */
	int	(*done)(const struct engine *);
	/* run: it owns STATE (status, last_error, held; pause and
	 * resume; a transaction the plugin cannot decode is held), watches
	 * the slot and the serials, and keepalives move the position when
	 * nothing is pending */
	unsigned owns_state:1;
	/* run, replay: the applied position is recorded as it goes */
	unsigned checkpoints:1;
	/* run, drain: the source is the slot (replay: a file) */
	unsigned streams:1;
	/* drain: a marker ends it, and a failure of PostgreSQL or the slot
	 * is the end of it */
	unsigned drains:1;
};

/* the whole engine, passed along */
struct engine {
	const struct policy *policy;	/* the loop's commands */
	struct config cfg;
	struct queue q;
	struct positions pos;
	struct children dns;
	struct replication pg;
	struct status st;
	struct replay replay;
	struct counters n;
	struct monitor mon;
};

/* the signals (run.c): the only state outside struct engine */
extern volatile sig_atomic_t got_stop, got_wake;
extern int sig_pipe[2];

/* util.c */
void logmsg(const char *fmt, ...);
void die(const char *fmt, ...);
uint64_t now_ms(void);
uint64_t retry_after(struct backoff *b, long min, long max);
void utc_now(char *s, size_t n);
void buf_add(struct buf *b, const char *s, size_t n);
void buf_drop(struct buf *b, size_t n);
void fifo_push(struct fifo *f, unsigned long long v);
int fifo_pop(struct fifo *f, unsigned long long *v);
int parse_lsn(const char *s, uint64_t *lsn);
void fmt_lsn(uint64_t lsn, char *s);
int split_words(char *s, char **w, int max);
int word_is(const char *w, const char *kw);
double now_real(void);
const char *one_line(const char *msg, char *s, size_t n);
void print_quoted(const char *s);

/* config.c */
void load_config(struct engine *e);
void print_settings(FILE *f);
int cmd_config(struct engine *e, char **argv);

/* queue.c */
int ingest(struct queue *q, uint64_t applied, const char *s, size_t n);
int ingest_line(struct queue *q, uint64_t applied, const char *s, size_t n);
void drop_partial(struct queue *q);
void tx_read(const struct tx *t, size_t *off, struct buf *b, size_t upto);
void partial_read(const struct queue *q, struct buf *b);
void free_head(struct queue *q);
void clear_queue(struct queue *q, uint64_t applied);

/* children.c */
int spawn(char **argv, int *in, int *out, int *err);
int run_command(char **argv);
void dns_start(struct engine *e);
void close_fd(int *fd);
void reap(pid_t *pid);
void dns_stop(struct engine *e);
void dns_feed(struct engine *e);
int read_into(int fd, struct buf *b);
void dns_timers(struct engine *e);
int txsplit_in_fd(struct engine *e, short *events);
int nsupdate_in_fd(struct engine *e, short *events);
int txsplit_out_fd(struct engine *e, short *events);
int txsplit_err_fd(struct engine *e, short *events);
int nsupdate_out_fd(struct engine *e, short *events);
void write_txsplit(struct engine *e);
void write_nsupdate(struct engine *e);
void read_txsplit(struct engine *e);
void read_nsupdate(struct engine *e);

/* statedir.c */
void state_path(const struct config *c, char *p, const char *name);
void unlink_state(const struct config *c, const char *name);
void read_applied(struct engine *e);
int checkpoint(struct engine *e);
void write_status(struct engine *e);
const char *pending_time(struct engine *e);
void set_state(struct engine *e, enum state state, const char *error);
enum state state_named(const char *name);
void note_error(struct engine *e, const char *msg);
void note_left_out(struct engine *e, const PGresult *res);
void flush_left_out(struct engine *e, int now);
void read_state_file(const struct config *c, const char *name,
    struct buf *b);
void write_held(struct engine *e, const struct tx *t, const char *zone,
    const char *why);
void write_held_text(struct engine *e, const char *zone, const char *kind,
    uint64_t lsn, const char *xid, const char *why, const char *text);
void take_skip(struct engine *e);
void unlink_held_zone(struct engine *e, const char *zone);
void held_zone_text(struct engine *e, const struct zone_pos *z,
    struct buf *b);
int zones_held(const struct engine *e);
int zones_split(const struct engine *e);
int zone_wanted(const struct engine *e, const char *zone, uint64_t lsn);
void zone_applied(struct engine *e, const char *zone, const struct tx *t,
    int now);
void zone_refused(struct engine *e, const char *zone, const struct tx *t,
    const char *why);
void zones_commit(struct engine *e, const struct tx *t);
void zones_follow(struct engine *e, uint64_t lsn);
int write_state(const struct config *c, const char *name, const char *s,
    char *err, size_t err_size);
void state_line(const struct config *c, const char *name, char *s, size_t n);
void remove_pid_file(struct engine *e);
void print_state_files(FILE *out);
long driver_pid(const struct config *c);
void need_state(const struct config *c);
int state_exists(const struct config *c, const char *name);
void write_pid_file(struct engine *e);
void read_status_file(const struct config *c, char *text);
const char *status_value(const char *text, const char *key);
void make_state_dir(const struct config *c);
int cmd_init(struct engine *e, char **argv);
int cmd_state(struct engine *e, char **argv);
int cmd_pause(struct engine *e, char **argv);
int cmd_resume(struct engine *e, char **argv);
int cmd_skip(struct engine *e, char **argv);
int cmd_resync_begin(struct engine *e, char **argv);
int cmd_resync_done(struct engine *e, char **argv);

/* replication.c */
void pg_close(struct engine *e);
void pg_fail(struct engine *e, const char *what, PGresult *res);
void pg_hold(struct engine *e, const char *msg);
int identify_system(struct engine *e, struct timeline *t);
int timeline_history(struct engine *e, unsigned tli, struct buf *history);
void pg_connect(struct engine *e);
int pg_status_update(struct engine *e, int reply);
int pg_socket(struct engine *e, short *events);
void pg_take(struct engine *e);
const char *slot_sql(struct engine *e);
void slot_read(PGresult *res, struct slot_facts *f);
/* what slot_problem() finds: the WAL to decode gone, or confirmed past */
enum { SLOT_GONE = 1, SLOT_MOVED };
int slot_problem(struct engine *e, const struct slot_facts *f, char *msg,
    size_t n);
const char *find_pending(struct engine *e, PGconn *c, char *when,
    size_t when_size);
int cmd_pending(struct engine *e, char **argv);
int cmd_snapshot(struct engine *e, char **argv);

/* monitor.c */
int lag_bytes(const struct slot_facts *f, uint64_t applied, uint64_t *n);
int lag_seconds(const char *pending, double *age);
void load_servers(struct engine *e);
void dig_start(struct engine *e, struct dns_server *s);
int dig_read(struct engine *e, struct dns_server *s);
void count_applied(struct engine *e, const struct tx *t);
void count_marker(struct engine *e);
enum state public_state(const struct engine *e);
void write_metrics(struct engine *e, int force);
void facts_tick(struct engine *e, uint64_t now);

/* timeline.c */
int timeline_check(struct engine *e);
int slot_lost(struct engine *e, const char *msg);

/* status.c */
int cmd_status(struct engine *e, char **argv);

/* run.c */
void usage(void);
void restream(struct engine *e);

#endif
