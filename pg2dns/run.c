/*
 * pg2dns-run: the commands, and the loop that runs, replays and
 * drains.
 */

#include "engine.h"

enum mode mode;
volatile sig_atomic_t got_stop, got_wake;
int sig_pipe[2] = { -1, -1 };
struct tx *q_head, *q_tail, *q_feed;
size_t q_bytes;
unsigned long q_count;
uint64_t last_queued;
struct buf partial;
int in_frame;
char partial_xid[16];
unsigned long line_no;
uint64_t pos;
char pos_time[40] = "-", pos_xid[16] = "-";
uint64_t ckpt_pos;
uint64_t last_ckpt_ms;
unsigned long acks_since_ckpt;
char ckpt_file[PATH_MAX];
char ckpt_error[512];
pid_t ts_pid = -1, ns_pid = -1;
int ts_in = -1, ts_out = -1, ts_err = -1, ns_in = -1, ns_out = -1;
struct buf ts_inbuf, ns_inbuf, ts_line, ns_line, ts_errbuf, ns_errbuf;
char ns_version[256];
unsigned long n_fed, n_commits, n_acked;
unsigned long batch_before;
struct buf ack_runs;
uint64_t last_progress, ns_error_at;
int dns_up;
uint64_t dns_retry_at;
long dns_backoff;
uint64_t careful_until;
struct tx *held;
char held_msg[1500];
PGconn *conn;
uint64_t pg_retry_at, last_heard, last_status_sent, keepalive_pos;
uint64_t connected_at;
long pg_backoff;
int caught_up;
uint64_t decode_held_lsn;
char decode_held_xid[16];
char pg_error[1024];
uint64_t drain_end;
const char *drain_snapshot;
int drain_invisible, drain_disagree, drain_past;
char st_state[16], st_since[32], st_error[2048];
uint64_t status_written;
int paused, locked, lock_fd = -1;
FILE *replay_fp;
int replay_eof;
const char *replay_name;
unsigned long long m_tx, m_changes, m_messages, m_retries_dns,
	m_retries_pg, m_refusals;
double m_last_apply;
unsigned long long *mk_sends, mk_written, mk_base;
size_t mk_head, mk_len, mk_cap;
uint64_t metrics_written;
struct slot_facts slot_now;
PGconn *mon;
int mon_busy;
uint64_t mon_next, mon_sent, mon_retry_at;
char slot_warned[16];
char **zones;
int n_zones;
struct dns_server *servers;
int n_servers;

static void on_signal(int sig);
static void check_pause(void);
static int run_loop(void);
static void usage(void);

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
