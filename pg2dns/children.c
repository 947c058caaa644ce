/*
 * The children: txsplit and nsupdate, what is fed to them and what
 * their answers mean (applied, refused, unreachable); and the spawning
 * of a child, which dig shares.
 */

#include "engine.h"

static int unreachable(const char *why);
static void dns_fail(const char *why);
static const char *child_exit(pid_t *pid, const char *name, char *s, size_t n);
static void ask_version(unsigned long *run);
static void dns_ack(void);

/* fork and exec argv; pipes to its standard input, output and error
 * (err may be NULL: then error goes to output) */
int
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

void
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

void
close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

void
reap(pid_t *pid)
{
	if (*pid > 0) {
		kill(*pid, SIGKILL);
		while (waitpid(*pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	*pid = -1;
}

void
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

void
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

void
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
int
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
void
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
void
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
void
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
