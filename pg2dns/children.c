/*
 * The children: txsplit and nsupdate, what is fed to them and what
 * their answers mean (applied, refused, unreachable); STATE/children,
 * so that no child of an earlier driver sends after this one starts;
 * the spawning of a child, which dig shares; and a command run in the
 * foreground (snapshot, locked).
 */

#include "engine.h"

#ifdef __linux__
#include <sys/prctl.h>
#endif

static enum failure nsupdate_says(const char *said);
static void dns_fail(struct engine *e, enum failure kind, const char *why);
static enum failure child_exit(pid_t *pid, const char *name, char *s, size_t n);
static void dns_write(struct engine *e, int *fd, struct buf *b);
static void ask_version(struct engine *e, unsigned long long *run);
static void ask_zone_version(struct engine *e);
static void zone_ack_add(struct engine *e);
static int zone_line(struct engine *e, const char *line, size_t len,
    int commit, int send);
static int zone_answer(struct engine *e, int last);
static void dns_ack(struct engine *e);
static void dns_read_txsplit(struct engine *e);
static void dns_read_nsupdate(struct engine *e);
static unsigned long long started(pid_t pid);
static void end_earlier_children(struct engine *e);
static void record_children(struct engine *e);

/* Fork and exec argv; pipes to its standard input, output and error
 * (err may be NULL: then error goes to output).  The child has a
 * process group of its own, which one kill ends (a terminal's ^C, sent
 * to the driver's group, is the driver's to handle), and dies with the
 * driver, even when the driver is killed (Linux's parent-death
 * signal): an nsupdate that outlived it would send what was on its
 * input after a newer driver has sent what came later. */
int
spawn(char **argv, int *in, int *out, int *err)
{
	int pi[2], po[2], pe[2] = { -1, -1 };
	pid_t pid, parent = getpid();

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

		setpgid(0, 0);
#ifdef PR_SET_PDEATHSIG
		prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
		/* the driver died before the signal was set */
		if (getppid() != parent)
			_exit(127);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		signal(SIGPIPE, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		dup2(pi[0], 0);
		dup2(po[1], 1);
		dup2(err ? pe[1] : po[1], 2);
		/* nothing else: not the lock that pg2dns may hold */
		for (int fd = 3; fd < 256; fd++)
			close(fd);
		execvp(argv[0], argv);
		fprintf(stderr, "cannot run %s: %s\n", argv[0],
		    strerror(errno));
		_exit(127);
	}
	setpgid(pid, pid);	/* before the parent may kill the group */
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

/* Run argv to its end, in the foreground, and return its exit status (2
 * if a signal ended it).  It ends with the engine, even when the engine
 * is killed: SIGTERM, the parent-death signal, lets a shell clean up
 * and start nothing more; a stop signal the engine caught is passed on
 * to it.  It inherits no descriptor of the engine's but 0, 1 and 2
 * (all are close-on-exec). */
int
run_command(char **argv)
{
	pid_t pid, parent = getpid();
	int st;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
#ifdef PR_SET_PDEATHSIG
		prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
		if (getppid() != parent)
			_exit(2);
		execvp(argv[0], argv);
		fprintf(stderr, "cannot run %s: %s\n", argv[0],
		    strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR)
			die("waitpid: %s", strerror(errno));
		if (got_stop)
			kill(pid, SIGTERM);
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : 2;
}

void
dns_start(struct engine *e)
{
	char **ts_argv = e->dns.ts_argv, **ns_argv = e->dns.ns_argv;
	char head[600];
	int n;

	if (ts_argv[0] == NULL) {
		/* the arguments, once: they point into the words */
		e->dns.ts_words = strdup(e->cfg.txsplit_opts);
		e->dns.ns_words = strdup(e->cfg.nsupdate_opts);
		n = 0;
		ts_argv[n++] = "txsplit";
		ts_argv[n++] = "-m";
		if (strcmp(e->cfg.any_order, "yes") == 0)
			ts_argv[n++] = "-O";
		n += split_words(e->dns.ts_words, ts_argv + n, 64);
		if (*e->cfg.zones) {
			ts_argv[n++] = "-z";
			ts_argv[n++] = (char *)e->cfg.zones;
		}
		ts_argv[n] = NULL;
		n = 0;
		/* nsupdate writes each line at once */
		ns_argv[n++] = "stdbuf";
		ns_argv[n++] = "-oL";
		ns_argv[n++] = "nsupdate";
		n += split_words(e->dns.ns_words, ns_argv + n, 64);
		if (*e->cfg.keyfile) {
			ns_argv[n++] = "-k";
			ns_argv[n++] = (char *)e->cfg.keyfile;
		}
		ns_argv[n] = NULL;
	}
	end_earlier_children(e);
	e->dns.ts_pid = spawn(ts_argv, &e->dns.ts_in, &e->dns.ts_out,
	    &e->dns.ts_err);
	e->dns.ns_pid = spawn(ns_argv, &e->dns.ns_in, &e->dns.ns_out, NULL);
	record_children(e);
	e->dns.ts_inbuf.len = e->dns.ns_inbuf.len = e->dns.ts_line.len =
	    e->dns.ns_line.len = 0;
	e->dns.ts_errbuf.len = e->dns.ns_errbuf.len = 0;
	e->dns.ns_version[0] = '\0';
	/* the first answer proves the session works, and is the marker */
	snprintf(head, sizeof(head), "server %s %ld\nversion\n", e->cfg.server,
	    e->cfg.port_n);
	buf_add(&e->dns.ns_inbuf, head, strlen(head));
	e->dns.fed = e->dns.commits = e->dns.acked = e->dns.batch_before = 0;
	e->dns.ack_runs.head = e->dns.ack_runs.len = 0;
	e->dns.zone[0] = '\0';
	e->dns.zone_drop = e->dns.zone_sent = 0;
	e->dns.zone_acks.len = e->dns.refused.len = 0;
	e->n.sends.head = e->n.sends.len = 0;
	e->n.written = 0;
	e->n.base = e->n.messages;
	e->q.feed = e->q.head;
	e->q.feed_off = 0;
	e->dns.last_progress = now_ms();
	e->dns.ns_error_at = 0;
	e->dns.up = 1;
}

void
close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* end a child, and what it started (its process group) */
void
reap(pid_t *pid)
{
	if (*pid > 0) {
		if (kill(-*pid, SIGKILL) != 0)
			kill(*pid, SIGKILL);
		while (waitpid(*pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	*pid = -1;
}

void
dns_stop(struct engine *e)
{
	close_fd(&e->dns.ts_in);
	close_fd(&e->dns.ts_out);
	close_fd(&e->dns.ts_err);
	close_fd(&e->dns.ns_in);
	close_fd(&e->dns.ns_out);
	reap(&e->dns.ts_pid);
	reap(&e->dns.ns_pid);
	e->dns.up = 0;
	e->q.feed = e->q.head;
	e->q.feed_off = 0;
}

/*
 * STATE/children: the process groups of the children that can send
 * (txsplit, nsupdate) of whoever holds STATE/lock, each with when its
 * leader started, so that a pid used again by another process is not
 * taken for it.  The parent-death signal ends them with the driver; on
 * a system without one, or for a child that cleared it, the next holder
 * of the lock ends them before it starts its own, and waits until they
 * are gone.  Rewritten in place at this size, so that it can be written
 * when the file system is full; nothing in it outlives a reboot, so it
 * is not synced.
 */
#define CHILDREN_SIZE 64

/* when process pid started, in clock ticks since boot (the 22nd field
 * of /proc/PID/stat); 0 when it is gone, a zombie (it can send nothing),
 * or cannot be known */
static unsigned long long
started(pid_t pid)
{
	char p[64], s[1024], state;
	unsigned long long ticks = 0;
	size_t n = 0;
	FILE *f;
	char *r;

	snprintf(p, sizeof(p), "/proc/%ld/stat", (long)pid);
	if ((f = fopen(p, "r")) != NULL) {
		n = fread(s, 1, sizeof(s) - 1, f);
		fclose(f);
	}
	s[n] = '\0';
	/* after the name, which may hold anything: state, then 18 fields
	 * before the start time */
	if ((r = strrchr(s, ')')) == NULL ||
	    sscanf(r + 1, " %c %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s "
	    "%*s %*s %*s %*s %*s %*s %*s %llu", &state, &ticks) != 2 ||
	    state == 'Z' || state == 'X')
		return 0;
	return ticks;
}

static void
end_earlier_children(struct engine *e)
{
	char p[PATH_MAX];
	long pid[2];
	unsigned long long ticks[2];
	int n = 0;
	FILE *f;

	state_path(&e->cfg, p, "children");
	if ((f = fopen(p, "r")) == NULL)
		return;
	while (n < 2 && fscanf(f, "%ld %llu", &pid[n], &ticks[n]) == 2)
		n++;
	fclose(f);
	for (int i = 0; i < n; i++) {
		if (pid[i] <= 1 || ticks[i] == 0 ||
		    started(pid[i]) != ticks[i])
			continue;
		logmsg("ending process %ld, a child of an earlier pg2dns",
		    pid[i]);
		kill(-pid[i], SIGKILL);
		kill(pid[i], SIGKILL);
		for (int tries = 0; started(pid[i]) == ticks[i]; tries++) {
			if (tries == 100)
				die("process %ld, a child of an earlier "
				    "pg2dns, does not end", pid[i]);
			poll(NULL, 0, 100);
		}
	}
}

static void
record_children(struct engine *e)
{
	char p[PATH_MAX], s[CHILDREN_SIZE];
	int fd, n;

	memset(s, '\n', sizeof(s));
	n = snprintf(s, sizeof(s), "%ld %llu\n%ld %llu\n",
	    (long)e->dns.ts_pid, started(e->dns.ts_pid),
	    (long)e->dns.ns_pid, started(e->dns.ns_pid));
	s[n < (int)sizeof(s) ? n : (int)sizeof(s) - 1] = '\n';
	state_path(&e->cfg, p, "children");
	fd = open(p, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0 || pwrite(fd, s, sizeof(s), 0) != (ssize_t)sizeof(s))
		logmsg("cannot write %s: %s", p, strerror(errno));
	if (fd >= 0)
		close(fd);
}

/*
 * What nsupdate says when the server could not be reached or did not
 * answer: nothing was refused, so the transaction in flight is retried
 * and not held (skipping it would lose a good transaction).
 */
static const char *const nsupdate_unreachable[] = {
	"; Communication with ",
	"timed out",
	"connection refused",
};

/* what nsupdate's complaint means */
static enum failure
nsupdate_says(const char *said)
{
	for (size_t i = 0; i < sizeof(nsupdate_unreachable) /
	    sizeof(nsupdate_unreachable[0]); i++)
		if (strstr(said, nsupdate_unreachable[i]) != NULL)
			return F_RETRY;
	return F_REFUSED;
}

/* Something went wrong on the DNS side: end both children, and retry
 * after the backoff.  The first transaction not acknowledged is to
 * blame when it was alone in flight and was refused: hold at it. */
static void
dns_fail(struct engine *e, enum failure kind, const char *why)
{
	unsigned long outstanding = e->dns.fed - e->dns.acked;
	char lsn[24], msg[1400];
	struct tx *last = e->q.head;

	for (unsigned long i = 1; last && i < outstanding; i++)
		last = last->next;
	e->n.retries_dns++;
	dns_stop(e);
	e->dns.retry_at = retry_after(&e->dns.backoff, e->cfg.backoff_min,
	    e->cfg.backoff_max);
	if (outstanding == 1 && e->q.head && kind == F_RETRY) {
		fmt_lsn(e->q.head->lsn, lsn);
		snprintf(msg, sizeof(msg),
		    "transaction %s (commit %s): %.1000s; "
		    "retrying", e->q.head->xid, lsn, why);
		note_error(e, msg);
		set_state(e, S_FAILING, msg);
		if (e->dns.careful_until < e->q.head->lsn)
			e->dns.careful_until = e->q.head->lsn;
		return;
	}
	if (outstanding == 1 && e->q.head && !zones_split(e)) {
		/* sent again alone, each zone's part answered: the
		 * refusal may be one zone's */
		e->dns.careful_until = e->q.head->lsn;
		logmsg("%s; sending again one transaction at a time", why);
		e->dns.retry_at = now_ms();
		return;
	}
	if (outstanding == 1 && e->q.head) {
		fmt_lsn(e->q.head->lsn, lsn);
		snprintf(msg, sizeof(msg),
		    "transaction %s (commit %s at %s): %s",
		    e->q.head->xid, lsn, e->q.head->time, why);
		if (e->dns.held == e->q.head && strcmp(e->dns.held_msg,
		    msg) == 0) {
			logmsg("still held at %s", msg);
		} else {
			e->dns.held = e->q.head;
			e->n.refusals++;
			snprintf(e->dns.held_msg, sizeof(e->dns.held_msg),
			    "%.1400s", msg);
			snprintf(msg, sizeof(msg),
			    "held at %.1300s; pg2dns skip "
			    "passes it", e->dns.held_msg);
			note_error(e, msg);
			write_held(e, e->dns.held, NULL, why);
		}
		snprintf(msg, sizeof(msg),
		    "held at %.1300s; pg2dns skip passes it",
		    e->dns.held_msg);
		set_state(e, S_FAILING, msg);
		if (e->dns.careful_until < e->q.head->lsn)
			e->dns.careful_until = e->q.head->lsn;
		return;
	}
	if (outstanding > 1 && last) {
		/* find the one to blame at once: it may be refused alone */
		if (e->dns.careful_until < last->lsn)
			e->dns.careful_until = last->lsn;
		logmsg("%s; sending again one transaction at a time", why);
		e->dns.retry_at = now_ms();
		return;
	}
	note_error(e, why);
	set_state(e, S_FAILING, why);
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
 * in the batch after.  A spooled transaction goes a piece at a time, as
 * txsplit reads it.
 */
#define BATCH_MAX (1024 * 1024)

void
dns_feed(struct engine *e)
{
	unsigned long start = e->dns.fed;

	if (!e->dns.up || e->st.paused || got_stop ||
	    (e->q.feed_off == 0 && (e->dns.commits < e->dns.fed ||
	    e->dns.acked < e->dns.batch_before)))
		return;
	while (e->q.feed && e->dns.ts_inbuf.len < BATCH_MAX) {
		/* after a failure, one transaction at a time */
		if (e->q.feed_off == 0 && e->dns.fed > e->dns.acked &&
		    (e->dns.careful_until >= e->q.feed->lsn ||
		    e->dns.careful_until > e->pos.applied ||
		    e->pos.n_zones))
			break;
		if (e->dns.fed == e->dns.acked)
			e->dns.last_progress = now_ms();
		tx_read(e->q.feed, &e->q.feed_off, &e->dns.ts_inbuf,
		    BATCH_MAX);
		if (e->q.feed_off < e->q.feed->len)
			break;
		e->q.feed = e->q.feed->next;
		e->q.feed_off = 0;
		e->dns.fed++;
	}
	if (e->dns.fed > start)
		e->dns.batch_before = start;
}

static void
dns_write(struct engine *e, int *fd, struct buf *b)
{
	ssize_t n;

	if (*fd < 0 || b->len == 0)
		return;
	n = write(*fd, b->p, b->len);
	if (n > 0)
		buf_drop(b, n);
	else if (n < 0 && errno != EAGAIN && errno != EINTR)
		dns_fail(e, F_RETRY, fd == &e->dns.ts_in ? "txsplit ended" :
		    "nsupdate ended");
}

/* read what fd has into b, up to BATCH_MAX at a time (a writer faster
 * than the loop does not fill the memory: the rest waits in its pipe);
 * 1 at end of file (or error) */
int
read_into(int fd, struct buf *b)
{
	char chunk[65536];
	size_t got = 0;
	ssize_t n;

	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n > 0) {
			buf_add(b, chunk, n);
			got += n;
			if (n < (ssize_t)sizeof(chunk) || got >= BATCH_MAX)
				return 0;
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return 0;
		return 1;
	}
}

/* how a child ended, in s: refused when it exited (it said why), retry
 * when it was killed or cannot be waited for */
static enum failure
child_exit(pid_t *pid, const char *name, char *s, size_t n)
{
	int st;

	if (*pid > 0 && waitpid(*pid, &st, 0) == *pid) {
		*pid = -1;
		if (WIFEXITED(st)) {
			snprintf(s, n, "%s exited %d", name, WEXITSTATUS(st));
			return F_REFUSED;
		}
		snprintf(s, n, "%s killed by signal %d", name, WTERMSIG(st));
	} else
		snprintf(s, n, "%s ended", name);
	return F_RETRY;
}

/* a "version" whose answer is also a zone's (zones split): its part of
 * the transaction is answered first */
#define ZONE_ACK (1ULL << 63)

/* nsupdate answers "version" once the transactions before it are in
 * (and the zone's part, zones split) */
static void
ask_version(struct engine *e, unsigned long long *run)
{
	buf_add(&e->dns.ns_inbuf, "version\n", 8);
	fifo_push(&e->dns.ack_runs, *run | (e->dns.zone_sent ? ZONE_ACK : 0));
	e->dns.zone_sent = 0;
	*run = 0;
}

/* txsplit's messages go to nsupdate; in place of each run of "; COMMIT"
 * lines (the transactions of a merged group, or of what one read brought)
 * a "version", so that nsupdate does not read the comments, half of what
 * txsplit writes for small transactions */
static void
dns_read_txsplit(struct engine *e)
{
	int eof = read_into(e->dns.ts_out, &e->dns.ts_line);
	size_t start = 0;
	unsigned long long run = 0;
	char *nl;

	while (start < e->dns.ts_line.len &&
	    (nl = memchr(e->dns.ts_line.p + start, '\n',
	    e->dns.ts_line.len - start)) != NULL) {
		const char *line = e->dns.ts_line.p + start;
		size_t len = nl - line + 1;
		int commit = len > 9 && memcmp(line, "; COMMIT", 8) == 0;
		int send = len == 5 && memcmp(line, "send\n", 5) == 0;

		if (!commit && run)
			ask_version(e, &run);
		if (zones_split(e) && zone_line(e, line, len, commit, send)) {
			start += len;
			continue;
		}
		if (commit) {
			run++;
			e->dns.commits++;
			count_marker(e);
		} else {
			buf_add(&e->dns.ns_inbuf, line, len);
			if (send)
				e->n.written++;
		}
		start += len;
	}
	if (run)
		ask_version(e, &run);
	if (start)
		buf_drop(&e->dns.ts_line, start);
	if (e->dns.ts_err >= 0)
		read_into(e->dns.ts_err, &e->dns.ts_errbuf);
	if (eof) {
		char s[200], msg[1300];
		enum failure kind;

		kind = child_exit(&e->dns.ts_pid, "txsplit", s, sizeof(s));
		while (e->dns.ts_errbuf.len &&
		    e->dns.ts_errbuf.p[e->dns.ts_errbuf.len - 1] == '\n')
			e->dns.ts_errbuf.p[--e->dns.ts_errbuf.len] = '\0';
		snprintf(msg, sizeof(msg), "%s: %.1000s", s,
		    e->dns.ts_errbuf.len ? e->dns.ts_errbuf.p : "no message");
		dns_fail(e, kind, msg);
	}
}

/* zones split: a zone's part of the transaction in flight (the head of
 * the queue) is answered by a version of its own, and not sent if the
 * zone does not need it (zone_wanted).  1 if the line (of txsplit's
 * output; commit if it is a "; COMMIT" line, send if "send") is not to
 * be sent. */
static int
zone_line(struct engine *e, const char *line, size_t len, int commit,
    int send)
{
	if (len > 5 && memcmp(line, "zone ", 5) == 0) {
		char zone[256];

		snprintf(zone, sizeof(zone), "%.*s", (int)(len - 6), line + 5);
		if (strcmp(zone, e->dns.zone) != 0 && e->dns.zone_sent)
			ask_zone_version(e);
		snprintf(e->dns.zone, sizeof(e->dns.zone), "%s", zone);
		e->dns.zone_drop = e->q.head && !zone_wanted(e, zone,
		    e->q.head->lsn);
	} else if (commit) {
		/* the commit's version answers the last zone's part */
		if (e->dns.zone_sent)
			zone_ack_add(e);
		e->dns.zone[0] = '\0';
		e->dns.zone_drop = 0;
		return 0;
	} else if (len > 6 && memcmp(line, "class ", 6) == 0) {
		/* before the next block's zone line: the class it has */
		return 0;
	} else if (send && !e->dns.zone_drop)
		e->dns.zone_sent = 1;
	return e->dns.zone_drop;
}

/* a zone's part is sent: nsupdate's answer to this "version" says
 * whether the zone took it */
static void
ask_zone_version(struct engine *e)
{
	unsigned long long none = 0;

	zone_ack_add(e);
	ask_version(e, &none);
}

/* the next zone answer is the zone's (e->dns.zone) */
static void
zone_ack_add(struct engine *e)
{
	buf_add(&e->dns.zone_acks, e->dns.zone, strlen(e->dns.zone));
	buf_add(&e->dns.zone_acks, "\n", 1);
}

/* The answer to a zone's version: applied if nothing came before it
 * (recorded at once if more of the transaction follows: a crash does
 * not send it again); refused, the zone's alone, if the server refused
 * it (nsupdate carries on with the next zone's part); anything else is
 * the whole session's failure.  -1 when the session failed. */
static int
zone_answer(struct engine *e, int last)
{
	size_t len = strcspn(e->dns.zone_acks.p, "\n");
	char zone[256], msg[1100];

	snprintf(zone, sizeof(zone), "%.*s", (int)len, e->dns.zone_acks.p);
	buf_drop(&e->dns.zone_acks, len + 1);
	if (e->dns.ns_errbuf.len == 0) {
		if (e->q.head && *zone)
			zone_applied(e, zone, e->q.head, !last);
		return 0;
	}
	snprintf(msg, sizeof(msg), "%.1000s", e->dns.ns_errbuf.p);
	if (nsupdate_says(msg) != F_REFUSED || !*zone || e->q.head == NULL) {
		dns_fail(e, nsupdate_says(msg), msg);
		return -1;
	}
	buf_add(&e->dns.refused, zone, strlen(zone));
	buf_add(&e->dns.refused, " ", 1);
	buf_add(&e->dns.refused, msg, strlen(msg));
	buf_add(&e->dns.refused, "\n", 1);
	e->dns.ns_errbuf.len = 0;
	e->dns.ns_error_at = 0;
	return 0;
}

/* nsupdate's answers: the marker, or what went wrong */
static void
dns_read_nsupdate(struct engine *e)
{
	int eof = read_into(e->dns.ns_out, &e->dns.ns_line);
	char *nl;

	while (e->dns.up && (nl = memchr(e->dns.ns_line.p, '\n',
	    e->dns.ns_line.len)) != NULL) {
		size_t len = nl - e->dns.ns_line.p;

		*nl = '\0';
		if (e->dns.ns_version[0] == '\0') {
			if (strncmp(e->dns.ns_line.p, "nsupdate ", 9) != 0) {
				char msg[600];

				snprintf(msg, sizeof(msg), "nsupdate did not "
				    "start: %.500s", e->dns.ns_line.p);
				dns_fail(e, F_RETRY, msg);
				return;
			}
			snprintf(e->dns.ns_version, sizeof(e->dns.ns_version),
			    "%s",
			    e->dns.ns_line.p);
		} else if (strcmp(e->dns.ns_line.p, e->dns.ns_version) == 0) {
			unsigned long long run = 0;
			int popped = fifo_pop(&e->dns.ack_runs, &run) == 0;

			if (popped && (run & ZONE_ACK) &&
			    zone_answer(e, run != ZONE_ACK) != 0)
				return;
			if (e->dns.ns_errbuf.len) {
				char msg[1100];

				snprintf(msg, sizeof(msg), "%.1000s",
				    e->dns.ns_errbuf.p);
				dns_fail(e, nsupdate_says(msg), msg);
				return;
			}
			if (run == ZONE_ACK) {
				buf_drop(&e->dns.ns_line, len + 1);
				continue;
			}
			run &= ~ZONE_ACK;
			if (!popped || run == 0) {
				dns_fail(e, F_REFUSED, "nsupdate answered "
				    "more than it was asked");
				return;
			}
			while (run-- > 0 && e->dns.up)
				dns_ack(e);
		} else {
			if (e->dns.ns_errbuf.len)
				buf_add(&e->dns.ns_errbuf, " ", 1);
			buf_add(&e->dns.ns_errbuf, e->dns.ns_line.p, len);
			if (e->dns.ns_error_at == 0)
				e->dns.ns_error_at = now_ms();
		}
		buf_drop(&e->dns.ns_line, len + 1);
	}
	if (eof && e->dns.up) {
		char s[200], msg[1300];
		enum failure kind;

		kind = child_exit(&e->dns.ns_pid, "nsupdate", s, sizeof(s));
		if (kind == F_REFUSED && e->dns.ns_errbuf.len)
			kind = nsupdate_says(e->dns.ns_errbuf.p);
		snprintf(msg, sizeof(msg), "%s: %.1000s", s,
		    e->dns.ns_errbuf.len ? e->dns.ns_errbuf.p : "no message");
		dns_fail(e, kind, msg);
	}
}

/* one more transaction is in the DNS */
static void
dns_ack(struct engine *e)
{
	struct tx *t = e->q.head;
	char lsn[24];

	if (t == NULL || e->dns.acked >= e->dns.fed ||
	    e->dns.acked >= e->dns.commits) {
		dns_fail(e, F_REFUSED, "nsupdate answered more than it was "
		    "asked");
		return;
	}
	e->dns.acked++;
	e->dns.last_progress = now_ms();
	/* the zones whose parts the server refused are held at t */
	for (char *r = e->dns.refused.p; r && r < e->dns.refused.p +
	    e->dns.refused.len; r += strcspn(r, "\n") + 1) {
		char zone[256];
		size_t zl = strcspn(r, " ");

		snprintf(zone, sizeof(zone), "%.*s", (int)zl, r);
		r[strcspn(r, "\n")] = '\0';
		zone_refused(e, zone, t, r + zl + 1);
	}
	e->dns.refused.len = 0;
	zones_commit(e, t);
	e->pos.acks++;
	if (*e->cfg.trace) {
		FILE *f = fopen(e->cfg.trace, "a");
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		fmt_lsn(t->lsn, lsn);
		if (f) {
			fprintf(f, "%s %lld.%09ld %s\n", t->time,
			    (long long)ts.tv_sec, ts.tv_nsec, lsn);
			fclose(f);
		}
	}
	if (e->dns.held == t) {
		e->dns.held = NULL;
		unlink_state(&e->cfg, "held");
		logmsg("recovered; applied through transaction %s", t->xid);
	}
	if (e->dns.careful_until && t->lsn >= e->dns.careful_until)
		e->dns.careful_until = 0;
	count_applied(e, t);
	free_head(&e->q);
	e->dns.backoff.since = 0;
	if (e->st.state == S_FAILING && !*e->pos.error &&
	    e->pg.decode_held_lsn == 0 && (e->pg.conn || !e->policy->streams))
		set_state(e, S_RUNNING, "");
}

/* the watchdog, and nsupdate's complaints that no marker follows */
void
dns_timers(struct engine *e)
{
	uint64_t now = now_ms();
	char msg[1200];

	if (!e->dns.up)
		return;
	if (e->dns.ns_error_at && now - e->dns.ns_error_at > 300) {
		snprintf(msg, sizeof(msg), "%.1000s", e->dns.ns_errbuf.p);
		dns_fail(e, nsupdate_says(msg), msg);
	} else if ((e->dns.fed > e->dns.acked ||
	    e->dns.ns_version[0] == '\0') &&
	    now - e->dns.last_progress > (uint64_t)e->cfg.timeout) {
		snprintf(msg, sizeof(msg), "nsupdate gave no answer in %ld s; "
		    "ended it", e->cfg.timeout / 1000);
		dns_fail(e, F_RETRY, msg);
	}
}

/* what the loop polls on the DNS side: the descriptor and events, or -1
 * when there is nothing to wait for */
int
txsplit_in_fd(struct engine *e, short *events)
{
	*events = POLLOUT;
	return e->dns.ts_inbuf.len ? e->dns.ts_in : -1;
}

int
nsupdate_in_fd(struct engine *e, short *events)
{
	*events = POLLOUT;
	return e->dns.ns_inbuf.len ? e->dns.ns_in : -1;
}

/* txsplit's messages are read as nsupdate takes them: while a batch's
 * worth waits for nsupdate, txsplit waits (it holds them anyway) */
int
txsplit_out_fd(struct engine *e, short *events)
{
	*events = POLLIN;
	return e->dns.ns_inbuf.len < BATCH_MAX ? e->dns.ts_out : -1;
}

int
txsplit_err_fd(struct engine *e, short *events)
{
	*events = POLLIN;
	return e->dns.ts_err;
}

int
nsupdate_out_fd(struct engine *e, short *events)
{
	*events = POLLIN;
	return e->dns.ns_out;
}

/* and what it does when they are ready (a failure before may have ended
 * the children) */
void
write_txsplit(struct engine *e)
{
	dns_write(e, &e->dns.ts_in, &e->dns.ts_inbuf);
}

void
write_nsupdate(struct engine *e)
{
	dns_write(e, &e->dns.ns_in, &e->dns.ns_inbuf);
}

void
read_txsplit(struct engine *e)
{
	if (e->dns.ts_out >= 0)
		dns_read_txsplit(e);
}

void
read_nsupdate(struct engine *e)
{
	if (e->dns.ns_out >= 0)
		dns_read_nsupdate(e);
}
