/*
 * The state directory: the applied position (the checkpoint), the
 * status file, last_error, held, skip and skipped, the pid file.
 */

#include "engine.h"

static int write_file_durably(const char *path, const char *s, size_t n, int append);

void
state_path(char *p, const char *name)
{
	snprintf(p, PATH_MAX, "%s/%s", c_state, name);
}

void
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
void
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

int
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
void
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
const char *
pending_time(void)
{
	if (q_head)
		return q_head->time;
	if (conn && caught_up && !paused)
		return "";
	return "unknown";
}

void
set_state(const char *state, const char *error)
{
	if (strcmp(state, st_state) != 0)
		utc_now(st_since, sizeof(st_since));
	snprintf(st_state, sizeof(st_state), "%s", state);
	snprintf(st_error, sizeof(st_error), "%s", error);
	write_status(st_state, pending_time());
}

void
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
void
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
void
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

/* the first line of STATE/NAME, or "" */
void
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

/* STATE/pid, written by pg2dns before it became this process */
void
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
