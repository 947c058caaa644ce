/*
 * pg2dns-run: the commands, and the loop that runs, replays and
 * drains.
 */

#include "engine.h"

/* the only state outside struct engine: what the signal handler sets
 * (SIGTERM, SIGINT, SIGHUP: stop; SIGUSR1: pg2dns skip left a file),
 * and the pipe it writes to, which wakes the loop's poll */
volatile sig_atomic_t got_stop, got_wake;
int sig_pipe[2] = { -1, -1 };

/* the loop's commands, each with its policy */
enum mode { M_RUN, M_REPLAY, M_DRAIN };

static void engine_init(struct engine *e);
static void on_signal(int sig);
static void check_pause(struct engine *e);
static int run_loop(struct engine *e);
static void from_slot(struct engine *e, uint64_t now);
static void from_file(struct engine *e, uint64_t now);
static int never_done(const struct engine *e);
static int replayed(const struct engine *e);
static int drain_passed(const struct engine *e);
static int drained(const struct engine *e);
static void print_held(const struct engine *e);
static int signal_fd(struct engine *e, short *events);
static void read_signals(struct engine *e);
static void dns_keep(struct engine *e, uint64_t now);
static void retry_held_zones(struct engine *e);
static void timers(struct engine *e);
static void loop_setup(struct engine *e, enum mode mode);
static int cmd_run(struct engine *e, char **argv);
static int cmd_replay(struct engine *e, char **argv);
static int cmd_drain(struct engine *e, char **argv);
static int cmd_locked(struct engine *e, char **argv);

/* nothing yet: no children, no connection, no files open */
static void
engine_init(struct engine *e)
{
	memset(e, 0, sizeof(*e));
	e->pos.time[0] = e->pos.xid[0] = '-';
	e->dns.ts_pid = e->dns.ns_pid = -1;
	e->dns.ts_in = e->dns.ts_out = e->dns.ts_err = -1;
	e->dns.ns_in = e->dns.ns_out = -1;
	e->st.fd = e->st.lock_fd = -1;
	e->q.spool = -1;
}

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
check_pause(struct engine *e)
{
	char p[PATH_MAX];
	int want;

	state_path(&e->cfg, p, "paused");
	want = access(p, F_OK) == 0;
	if (want && !e->st.paused) {
		e->st.paused = 1;
		logmsg("pausing");
	}
	if (e->st.paused && e->st.locked && (e->dns.fed == e->dns.acked ||
	    !e->dns.up)) {
		char l[24];

		checkpoint(e);
		pg_status_update(e, 0);
		pg_close(e);
		dns_stop(e);
		clear_queue(&e->q, e->pos.applied);
		e->dns.held = NULL;
		flock(e->st.lock_fd, LOCK_UN);
		e->st.locked = 0;
		fmt_lsn(e->pos.applied, l);
		logmsg("paused; applied through %s", l);
		set_state(e, S_PAUSED, "");
	}
	if (!want && e->st.paused && !e->st.locked && !got_stop) {
		char l[24];

		if (flock(e->st.lock_fd, LOCK_EX | LOCK_NB) != 0)
			return;		/* verify is draining */
		e->st.locked = 1;
		e->st.paused = 0;
		read_applied(e);
		fmt_lsn(e->pos.applied, l);
		logmsg("resumed at %s", l);
		set_state(e, S_RUNNING, "");
		e->pg.retry_at = 0;
		e->dns.retry_at = 0;
	} else if (!want && e->st.paused && e->st.locked)
		e->st.paused = 0;
}

/* run and drain: the slot, connected again after the backoff */
static void
from_slot(struct engine *e, uint64_t now)
{
	if (!e->pg.conn && !e->st.paused && !got_stop && now >= e->pg.retry_at)
		pg_connect(e);
}

/* replay: the saved stream, as far as the queue has room */
static void
from_file(struct engine *e, uint64_t now)
{
	char *l = NULL;
	size_t cap = 0;
	ssize_t n;

	(void)now;
	while (!e->replay.eof && e->q.bytes < (size_t)e->cfg.queue_max &&
	    (n = getline(&l, &cap, e->replay.fp)) >= 0) {
		if (n > 0 && l[n - 1] == '\n')
			n--;
		if (ingest_line(&e->q, e->pos.applied, l, n) != 0) {
			logmsg("%s %s", e->replay.name, e->q.error);
			e->replay.eof = 2;
		}
	}
	free(l);
	if (!e->replay.eof && feof(e->replay.fp))
		e->replay.eof = 1;
}

/* run ends only at a signal */
static int
never_done(const struct engine *e)
{
	(void)e;
	return 0;
}

/* replay: the whole file is applied, in every zone */
static int
replayed(const struct engine *e)
{
	return e->replay.eof && e->q.head == NULL && !zones_held(e);
}

/* drain: decoding has passed the marker (or the snapshot and the stream
 * disagree): every transaction the snapshot sees has come */
static int
drain_passed(const struct engine *e)
{
	return e->q.disagree || (e->pg.conn && !e->q.in_frame && e->q.end &&
	    (e->pg.keepalive_pos >= e->q.end || e->q.past));
}

/* drain: all that the snapshot sees is applied; or all before a held
 * transaction is, and (refused) what comes after it has come, or the
 * queue is full, so that verify knows the zones it cannot compare; or
 * the time is up */
static int
drained(const struct engine *e)
{
	if (now_ms() >= e->q.deadline)
		return 1;
	if (e->pg.decode_held_lsn)
		return e->q.head == NULL;
	if (e->dns.held)
		return drain_passed(e) ||
		    e->q.bytes >= (size_t)e->cfg.queue_max;
	return e->q.head == NULL && drain_passed(e);
}

static const struct policy policies[] = {
	[M_RUN] = { .source = from_slot, .done = never_done,
	    .owns_state = 1, .checkpoints = 1, .streams = 1 },
	[M_REPLAY] = { .source = from_file, .done = replayed,
	    .checkpoints = 1 },
	[M_DRAIN] = { .source = from_slot, .done = drained,
	    .streams = 1, .drains = 1 },
};

/* the signal pipe: emptied, its work done by the flags */
static int
signal_fd(struct engine *e, short *events)
{
	(void)e;
	*events = POLLIN;
	return sig_pipe[0];
}

static void
read_signals(struct engine *e)
{
	char c[16];

	(void)e;
	while (read(sig_pipe[0], c, sizeof(c)) > 0)
		;
}

/* What the loop waits for, in the order it handles them: a descriptor
 * (-1: nothing now) and the events, and what to do when it is ready.
 * The replication connection's ready is pg_take, called whatever poll
 * says. */
static const struct source {
	int	(*fd)(struct engine *, short *);
	void	(*ready)(struct engine *);
} sources[] = {
	{ signal_fd, read_signals },
	{ txsplit_in_fd, write_txsplit },
	{ nsupdate_in_fd, write_nsupdate },
	{ txsplit_out_fd, read_txsplit },
	{ txsplit_err_fd, read_txsplit },
	{ nsupdate_out_fd, read_nsupdate },
	{ pg_socket, NULL },
};
#define N_SOURCES (sizeof(sources) / sizeof(sources[0]))

/* the DNS side: a session that has sent and then stayed idle is
 * replaced by one that has not (it may be stale); a failed one is
 * started again after the backoff */
static void
dns_keep(struct engine *e, uint64_t now)
{
	if (e->dns.up && e->dns.fed > 0 && e->dns.fed == e->dns.acked &&
	    e->q.feed == NULL &&
	    now - e->dns.last_progress >= SESSION_IDLE_MS) {
		dns_stop(e);
		dns_start(e);
	}
	if (!e->dns.up && !e->st.paused && !got_stop &&
	    now >= e->dns.retry_at && (e->q.feed || e->q.head)) {
		e->dns.retry_at = 0;
		dns_start(e);
	}
	/* a held zone whose transaction was taken again: its waiting
	 * ones come from the slot again */
	if (e->dns.restream && (!e->dns.up || e->dns.fed == e->dns.acked)) {
		e->dns.restream = 0;
		restream(e);
	}
	/* the held zones are tried again after the backoff, once all
	 * that came is applied */
	if (e->policy->checkpoints && e->dns.zone_retry_at &&
	    now >= e->dns.zone_retry_at && e->q.head == NULL &&
	    !e->q.in_frame && zones_held(e)) {
		e->dns.zone_retry_at = retry_after(&e->dns.zone_backoff,
		    e->cfg.backoff_min, e->cfg.backoff_max);
		retry_held_zones(e);
	}
}

/* Each held transaction, in commit order, queued again from its
 * STATE/held.ZONE: the zones that have it are not sent it again
 * (zone_wanted), the held zones are; so a retry costs one transaction,
 * not the slot's WAL since the hold.  One that cannot be read is found
 * by streaming again instead. */
static void
retry_held_zones(struct engine *e)
{
	uint64_t last = e->q.last_queued, at = 0;
	struct buf text = { 0 };

	for (;;) {
		const struct zone_pos *next = NULL;

		for (size_t i = 0; i < e->pos.n_zones; i++)
			if (e->pos.zone[i].held > at && (next == NULL ||
			    e->pos.zone[i].held < next->held))
				next = &e->pos.zone[i];
		if (next == NULL)
			break;
		at = next->held;
		text.len = 0;
		held_zone_text(e, next, &text);
		e->q.last_queued = 0;
		if (ingest(&e->q, 0, text.p, text.len) != 0 ||
		    e->q.tail == NULL || e->q.tail->lsn != at) {
			logmsg("the held transaction of zone %s cannot be "
			    "read again; streaming again", next->name);
			e->q.last_queued = last;
			restream(e);
			break;
		}
		e->dns.retried_upto = at;
	}
	e->q.last_queued = last;
	free(text.p);
}

/* Stream again from the global position: the zones' entries decide
 * what of each transaction is sent (zone_wanted), so that a held zone's
 * transaction is tried again, or, once passed, the zone's transactions
 * that waited come in commit order.  Nothing in flight is lost: what
 * was not acknowledged comes again. */
void
restream(struct engine *e)
{
	if (!e->policy->checkpoints)
		return;
	dns_stop(e);
	clear_queue(&e->q, e->pos.applied);
	e->dns.fed = e->dns.acked = 0;
	e->dns.retried_upto = 0;
	if (e->policy->streams) {
		pg_status_update(e, 0);
		pg_close(e);
		e->pg.retry_at = 0;
	} else if (e->replay.fp) {
		rewind(e->replay.fp);
		e->replay.eof = 0;
		e->q.line_no = 0;
	}
}

/* what is due after each poll: the watchdogs, the checkpoint, the
 * standby status update, the status file */
static void
timers(struct engine *e)
{
	const struct policy *pol = e->policy;
	uint64_t now;

	dns_timers(e);
	now = now_ms();
	if (pol->checkpoints && e->pos.applied > e->pos.recorded &&
	    (now - e->pos.recorded_at >= (uint64_t)e->cfg.ckpt_interval ||
	    e->pos.acks >= (unsigned long)e->cfg.ckpt_tx))
		checkpoint(e);
	else if (*e->pos.error && now - e->pos.recorded_at >= 1000)
		checkpoint(e);
	/* drain: a keepalive at once says how far the server has decoded,
	 * so that verify need not wait for the next one */
	if (e->pg.conn && now - e->pg.last_status_sent >= (pol->drains &&
	    (e->q.head == NULL || e->dns.held) && !e->q.in_frame ? 200 :
	    10000))
		pg_status_update(e, 1);
	if (e->pg.conn && now - e->pg.last_heard > (uint64_t)e->cfg.timeout) {
		char msg[200];

		snprintf(msg, sizeof(msg), "no message from the server in %ld "
		    "s; reconnecting", e->cfg.timeout / 1000);
		pg_fail(e, msg, NULL);
	}
	/* the lag moves with every transaction: now and then */
	if (pol->owns_state && now - e->st.written >= 100)
		write_status(e);
	flush_left_out(e, 0);
}

static int
run_loop(struct engine *e)
{
	const struct policy *pol = e->policy;
	struct pollfd pf[N_SOURCES];
	int at[N_SOURCES];

	e->st.skip_pending = state_exists(&e->cfg, "skip");
	for (;;) {
		uint64_t now = now_ms();
		int timeout = 100, npf = 0;

		if (pol->owns_state) {
			facts_tick(e, now);
			check_pause(e);
		}
		if (got_wake) {
			got_wake = 0;
			e->st.skip_pending = 1;
			take_skip(e);
		} else if (e->st.skip_pending && (e->dns.held ||
		    e->pg.decode_held_lsn || zones_held(e)))
			take_skip(e);
		if ((got_stop || e->pg.resync) &&
		    (e->dns.fed == e->dns.acked || !e->dns.up))
			break;
		if (e->st.paused && !e->st.locked) {
			poll(NULL, 0, 100);
			continue;
		}
		dns_keep(e, now);
		pol->source(e, now);
		if (pol->done(e))
			break;
		dns_feed(e);

		for (size_t i = 0; i < N_SOURCES; i++) {
			short events;
			int fd = sources[i].fd(e, &events);

			at[i] = -1;
			if (fd >= 0) {
				pf[npf].fd = fd;
				pf[npf].events = events;
				pf[npf].revents = 0;
				at[i] = npf++;
			}
		}
		if (e->dns.retry_at && e->dns.retry_at > now &&
		    e->dns.retry_at - now < (uint64_t)timeout)
			timeout = e->dns.retry_at - now;
		if (e->pg.retry_at && !e->pg.conn && e->pg.retry_at > now &&
		    e->pg.retry_at - now < (uint64_t)timeout)
			timeout = e->pg.retry_at - now;
		if (poll(pf, npf, timeout) < 0 && errno != EINTR)
			die("poll: %s", strerror(errno));
		for (size_t i = 0; i < N_SOURCES; i++)
			if (at[i] >= 0 && pf[at[i]].revents && sources[i].ready)
				sources[i].ready(e);
		/* what txsplit wrote goes on at once */
		write_nsupdate(e);
		pg_take(e);
		timers(e);
	}
	checkpoint(e);
	flush_left_out(e, 1);
	pg_status_update(e, 0);
	if (e->pg.conn)
		PQflush(e->pg.conn);
	pg_close(e);
	dns_stop(e);
	return 0;
}

/* the loop's commands take the signals, and the lock's file */
static void
loop_setup(struct engine *e, enum mode mode)
{
	struct sigaction sa;
	char p[PATH_MAX];

	e->policy = &policies[mode];
	e->q.spool_dir = e->cfg.state;
	if (pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
		die("pipe: %s", strerror(errno));
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	state_path(&e->cfg, p, "lock");
	e->st.lock_fd = open(p, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (e->st.lock_fd < 0)
		die("cannot open %s: %s", p, strerror(errno));
}

/* run [PG2DNS]: replicate until SIGTERM; held at a fork that
 * PG2DNS_AUTO_RESYNC repairs, stop as at SIGTERM and become "sh PG2DNS
 * run", which resyncs and runs the engine again: the same process, as
 * STATE/pid and a service manager know it */
static int
cmd_run(struct engine *e, char **argv)
{
	char p[PATH_MAX], l[24];
	int rc;

	e->pg.again = argv[0];
	loop_setup(e, M_RUN);
	write_pid_file(e);
	state_path(&e->cfg, e->pos.file, "applied");
	read_applied(e);
	set_state(e, S_RUNNING, "");
	state_path(&e->cfg, p, "paused");
	if (access(p, F_OK) != 0) {
		while (flock(e->st.lock_fd, LOCK_EX | LOCK_NB) != 0) {
			if (got_stop)
				return 0;
			poll(NULL, 0, 100);	/* verify is draining */
		}
		e->st.locked = 1;
		read_applied(e);
	} else {
		e->st.paused = 1;
		set_state(e, S_PAUSED, "");
	}
	fmt_lsn(e->pos.applied, l);
	logmsg("starting: slot %s, applied through %s, DNS server %s port %ld",
	    e->cfg.slot, l, e->cfg.server, e->cfg.port_n);
	rc = run_loop(e);
	fmt_lsn(e->pos.applied, l);
	logmsg("stopped; applied through %s", l);
	set_state(e, S_STOPPED, "");
	write_metrics(e, 1);
	remove_pid_file(e);
	if (e->pg.resync && !got_stop) {
		/* STATE/lock, the pipes and libpq's sockets close on exec */
		logmsg("PG2DNS_AUTO_RESYNC=yes: pg2dns run begins again, "
		    "with a resync");
		execl("/bin/sh", "sh", e->pg.again, "run", (char *)NULL);
		die("cannot run sh %s run: %s", e->pg.again, strerror(errno));
	}
	return *e->pos.error ? 1 : rc;
}

/* replay STATEFILE FILE: apply a saved stream; STATEFILE "":
 * STATE/replay-NAME.applied, NAME the file's */
static int
cmd_replay(struct engine *e, char **argv)
{
	char l[24];
	int rc;

	if (*argv[0] == '\0') {
		const char *name = strrchr(argv[1], '/');
		char f[PATH_MAX];

		snprintf(f, sizeof(f), "replay-%s.applied",
		    name ? name + 1 : argv[1]);
		state_path(&e->cfg, e->pos.file, f);
	} else
		snprintf(e->pos.file, sizeof(e->pos.file), "%s", argv[0]);
	make_state_dir(&e->cfg);
	loop_setup(e, M_REPLAY);
	/* not while pg2dns run applies: the two would race */
	if (flock(e->st.lock_fd, LOCK_EX | LOCK_NB) != 0)
		die("pg2dns run is applying; pause it first");
	e->replay.name = argv[1];
	e->replay.fp = fopen(argv[1], "r");
	if (e->replay.fp == NULL)
		die("cannot read %s: %s", argv[1], strerror(errno));
	read_applied(e);
	if (e->pos.applied) {
		fmt_lsn(e->pos.applied, l);
		logmsg("replay of %s resumes after %s", argv[1], l);
	}
	rc = run_loop(e);
	fmt_lsn(e->pos.applied, l);
	if (*e->pos.error)
		die("replay of %s: %s", argv[1], e->pos.error);
	logmsg("replayed %s through %s", argv[1], l);
	if (e->q.in_frame)
		logmsg("%s ends inside a transaction (line %lu)", argv[1],
		    e->q.line_no);
	return got_stop ? 2 : (e->q.in_frame || e->replay.eof == 2) ? 1 : rc;
}

/* drain SNAPSHOT: apply what the snapshot sees (verify holds the lock
 * and has paused the driver).  Exit 3: the snapshot and the commit
 * order disagree; 4: a transaction is held, and standard output says
 * which and the zones that it and those after it change; 5: the time
 * is up */
static int
cmd_drain(struct engine *e, char **argv)
{
	int rc;

	loop_setup(e, M_DRAIN);
	state_path(&e->cfg, e->pos.file, "applied");
	e->q.snapshot = argv[0];
	if (strchr(e->q.snapshot, ':') == NULL)
		die("drain: bad snapshot %s", e->q.snapshot);
	read_applied(e);
	e->q.deadline = now_ms() + e->cfg.drain_timeout;
	rc = run_loop(e);
	if (*e->pos.error)
		die("%s", e->pos.error);
	if (e->q.disagree)
		return 3;
	if (e->dns.held || e->pg.decode_held_lsn || zones_held(e)) {
		print_held(e);
		return 4;
	}
	if (now_ms() >= e->q.deadline) {
		char l[24];

		fmt_lsn(e->pos.applied, l);
		logmsg("the transactions the snapshot sees were not applied "
		    "within %ld s (PG2DNS_VERIFY_DRAIN_TIMEOUT); applied "
		    "through %s", e->cfg.drain_timeout / 1000, l);
		return 5;
	}
	return rc;
}

/* locked -w SECONDS | -n COMMAND [ARG ...]: take STATE/lock, as run and
 * replay do, waiting for it up to SECONDS (-n: not at all), and run
 * COMMAND while this process holds it (verify, resync).  COMMAND never
 * holds the lock itself, nor does anything it starts: the lock goes
 * with this process, and COMMAND with it (run_command).  Exit 75,
 * saying nothing, if the lock was not taken (the caller says why); 2 if
 * stopped while waiting; else COMMAND's status. */
static int
cmd_locked(struct engine *e, char **argv)
{
	char p[PATH_MAX], *end;
	long wait_s = 0;
	uint64_t deadline;
	struct sigaction sa;

	if (strcmp(argv[0], "-n") == 0)
		argv++;
	else if (strcmp(argv[0], "-w") == 0) {
		wait_s = strtol(argv[1], &end, 10);
		if (*argv[1] == '\0' || *end || wait_s < 0)
			usage();
		argv += 2;
	} else
		usage();
	if (argv[0] == NULL)
		usage();
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART: waits end */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	state_path(&e->cfg, p, "lock");
	e->st.lock_fd = open(p, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (e->st.lock_fd < 0)
		die("cannot open %s: %s", p, strerror(errno));
	deadline = now_ms() + (uint64_t)wait_s * 1000;
	while (flock(e->st.lock_fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK && errno != EINTR)
			die("cannot lock %s: %s", p, strerror(errno));
		if (got_stop)
			return 2;
		if (now_ms() >= deadline)
			return 75;
		poll(NULL, 0, 100);
	}
	return run_command(argv);
}

/* drain: "held KIND LSN XID", then "zone NAME" for each zone that the
 * held transaction and those queued after it change ("zone *": they
 * cannot be known); a held zone: "held refused LSN XID" and "zone NAME"
 * each (its later transactions wait, the other zones were applied) */
static void
print_held(const struct engine *e)
{
	char l[24];

	for (size_t i = 0; i < e->pos.n_zones; i++)
		if (e->pos.zone[i].held) {
			fmt_lsn(e->pos.zone[i].held, l);
			printf("held refused %s %s\nzone %s\n", l,
			    e->pos.zone[i].xid, e->pos.zone[i].name);
		}
	if (e->pg.decode_held_lsn) {
		fmt_lsn(e->pg.decode_held_lsn, l);
		printf("held undecodable %s %s\nzone *\n", l,
		    e->pg.decode_held_xid);
		return;
	}
	if (e->dns.held == NULL)
		return;
	fmt_lsn(e->dns.held->lsn, l);
	printf("held refused %s %s\n", l, e->dns.held->xid);
	for (const struct tx *t = e->dns.held; t; t = t->next) {
		const char *p = t->text;
		int named = 0;

		/* the plugin's "zone NAME" lines; without them txsplit -z
		 * decides */
		for (; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p)
			if (strncmp(p, "zone ", 5) == 0) {
				printf("%.*s\n", (int)strcspn(p, "\n"), p);
				named = 1;
			}
		if (!named && strstr(t->text, "\nupdate ") != NULL)
			printf("zone *\n");
	}
	if (!e->q.past && (!e->q.end || e->q.in_frame ||
	    e->pg.keepalive_pos < e->q.end))
		printf("zone *\n");
}

/* the commands, and how many arguments each takes */
static const struct command {
	const char *name;
	int	 min, max;
	int	(*fn)(struct engine *, char **);
} commands[] = {
	{ "run", 0, 1, cmd_run },
	{ "replay", 2, 2, cmd_replay },
	{ "drain", 1, 1, cmd_drain },
	{ "locked", 2, INT_MAX, cmd_locked },
	{ "pending", 1, 1, cmd_pending },
	{ "snapshot", 1, INT_MAX, cmd_snapshot },
	{ "config", 0, 0, cmd_config },
	{ "init", 0, 0, cmd_init },
	{ "state", 0, 0, cmd_state },
	{ "status", 0, 1, cmd_status },
	{ "pause", 0, 1, cmd_pause },
	{ "resume", 0, 1, cmd_resume },
	{ "skip", 0, 1, cmd_skip },
	{ "resync-begin", 0, 0, cmd_resync_begin },
	{ "resync-done", 1, 1, cmd_resync_done },
};

void
usage(void)
{
	fprintf(stderr,
	    "usage: pg2dns-run -h | config | run [PG2DNS] |"
	    " replay STATEFILE FILE |\n"
	    "       drain SNAPSHOT | locked (-w SECONDS | -n) COMMAND"
	    " [ARG ...] |\n"
	    "       pending LSN | snapshot COMMAND [ARG ...] | init | state |"
	    "\n"
	    "       status [-j] | pause [-q] | resume [-q] | skip [ZONE] |"
	    " resync-begin |\n"
	    "       resync-done LSN\n"
	    "(the engine of pg2dns; run pg2dns -h)\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	/* static: what it holds stays reachable to the end, as valgrind
	 * sees it; it is passed along, never named elsewhere */
	static struct engine engine;
	struct engine *e = &engine;

	if (argc < 2)
		usage();
	/* the settings and the state files, for pg2dns -h */
	if (strcmp(argv[1], "-h") == 0) {
		print_settings(stdout);
		putchar('\n');
		print_state_files(stdout);
		return 0;
	}
	engine_init(e);
	load_config(e);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0 &&
		    argc - 2 >= commands[i].min && argc - 2 <= commands[i].max)
			return commands[i].fn(e, argv + 2);
	usage();
	return 2;
}
