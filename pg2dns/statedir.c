/*
 * The state directory: the applied position (the checkpoint), the
 * status file, last_error, held, skip and skipped, the pid file, pause
 * and resync, the timeline the position is on (timeline.c judges it);
 * and the commands that read or change them for pg2dns (pause, resume,
 * skip, the state, the end of a resync), so that the shell touches none
 * of them.
 */

#include "engine.h"

/* Every file in the state directory: its name (a pattern), what it
 * holds, and who writes it.  pg2dns -h lists them; state_path() knows
 * no others. */
static const struct state_file {
	const char *name, *holds, *writer;
} state_files[] = {
	{ "applied", "the last transaction applied in every zone: lsn, "
	  "commit time, xid; then a line for each zone not there: applied "
	  "past it (zone NAME LSN), or held (held NAME LSN HELD-LSN XID "
	  "COMMIT-TIME WHY)",
	  "run, replay and verify's drain (the checkpoint), resync" },
	{ "paused", "there while paused", "pause, resume" },
	{ "status", "the running driver's state and counters", "run" },
	{ "pid", "the running driver's process", "run" },
	{ "lock", "locked by what applies (empty)", "run, replay, locked "
	  "(verify, resync)" },
	{ "held", "the transaction held in every zone: kind, lsn, xid, why, "
	  "its text", "run" },
	{ "held.*", "a zone's held transaction (held.ZONE): kind, lsn, xid, "
	  "zone, why, its text", "run, replay, verify's drain" },
	{ "skip", "what to pass: the held transaction's lsn, and the zone "
	  "(a line each)", "skip" },
	{ "skipped", "every transaction skipped, with when and why", "run" },
	{ "last_error", "the last error, with its time", "run" },
	{ "left_out", "the last rows the plugin left out: when, xid, commit "
	  "lsn and time, table, why, the row", "run, verify" },
	{ "resync", "a resync that has not finished, with when it began",
	  "resync" },
	{ "timeline", "the system identifier and timeline applied is on",
	  "run (on connecting), resync (removes it)" },
	{ "lost", "why only a resync goes on (the slot missing or "
	  "invalidated, or a fork before applied)", "run, resync (removes it)" },
	{ "replay-*.applied", "a replay's applied position", "replay" },
	{ "children", "the driver's txsplit and nsupdate (pid, start time)",
	  "run, replay, verify" },
	{ "spool.*", "a large transaction's text, unlinked once made",
	  "run, replay" },
	{ NULL, NULL, NULL }
};

static int write_file_durably(const char *path, const char *s, size_t n,
    int append, char *err, size_t err_size);
static int write_applied(struct engine *e);
static void wait_for_driver(const struct config *c, int (*done)(const
    struct config *), int tenths, const char *why);
static int not_paused(const struct config *c);
static int is_paused(const struct config *c);
static void remove_state(const struct config *c, const char *name);
static int skip_taken(const struct config *c);
static void zone_name(char *dst, const char *src);
static struct zone_pos *zone_find(const struct positions *p,
    const char *name);
static struct zone_pos *zone_add(struct positions *p, const char *name);
static void zone_drop_entry(struct positions *p, struct zone_pos *z);
static int take_zone_skips(struct engine *e, FILE *f, const char *path);
static void held_zone_file(const char *zone, char *name, size_t n);
static void remove_held_zones(const struct config *c);
static int record_skipped(struct engine *e, const char *what,
    const char *why, const struct buf *text, char *path);

/* STATE/NAME, in p (PATH_MAX); NAME one of state_files[] */
void
state_path(const struct config *c, char *p, const char *name)
{
	const struct state_file *f;

	for (f = state_files; f->name && fnmatch(f->name, name, 0) != 0;
	    f++)
		;
	if (f->name == NULL)
		die("internal error: %s is not a state file", name);
	snprintf(p, PATH_MAX, "%s/%s", c->state, name);
}

/* for the usage */
void
print_state_files(FILE *out)
{
	fputs("State directory (PG2DNS_STATE):\n", out);
	for (const struct state_file *f = state_files; f->name; f++)
		fprintf(out, "  %-17s%s\n%19swritten by %s\n", f->name,
		    f->holds, "", f->writer);
}

void
unlink_state(const struct config *c, const char *name)
{
	char p[PATH_MAX];

	state_path(c, p, name);
	unlink(p);
}

/* write, fsync, rename, fsync the directory; -1 and why in err if not
 * (append: open for appending instead, and fsync) */
static int
write_file_durably(const char *path, const char *s, size_t n, int append,
    char *err, size_t err_size)
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
		snprintf(err, err_size, "cannot write %s: %s", path,
		    strerror(errno));
		if (!append)
			unlink(tmp);
		return -1;
	}
	return 0;
}

/* the applied position: "LSN COMMIT-TIME XID", then the zones' */
void
read_applied(struct engine *e)
{
	FILE *f = fopen(e->pos.file, "r");
	char l[24] = "", t[40] = "-", x[16] = "-", *line = NULL;
	size_t cap = 0;

	e->pos.applied = 0;
	e->pos.n_zones = 0;
	e->pos.zones_changed = 0;
	if (f == NULL) {
		if (errno != ENOENT)
			die("cannot read %s: %s", e->pos.file, strerror(errno));
	} else {
		if (getline(&line, &cap, f) < 0 ||
		    sscanf(line, "%23s %39s %15s", l, t, x) < 1 ||
		    parse_lsn(l, &e->pos.applied) != 0)
			die("%s: not an applied position", e->pos.file);
		/* a zone a line: "zone NAME LSN" or "held NAME LSN
		 * HELD-LSN XID COMMIT-TIME WHY" */
		for (int no = 2; getline(&line, &cap, f) > 0; no++) {
			char kind[8], name[256], a[24], h[24] = "0/0",
			    xid[16] = "-", ct[40] = "-";
			int n = 0, words;
			struct zone_pos *z;

			line[strcspn(line, "\n")] = '\0';
			words = sscanf(line, "%7s %255s %23s %23s %15s %39s %n",
			    kind, name, a, h, xid, ct, &n);
			if (words < 3 || (strcmp(kind, "zone") != 0 &&
			    (strcmp(kind, "held") != 0 || words < 6)))
				die("%s, line %d: not a zone's position",
				    e->pos.file, no);
			z = zone_add(&e->pos, name);
			if (parse_lsn(a, &z->lsn) != 0 ||
			    parse_lsn(h, &z->held) != 0)
				die("%s, line %d: not a zone's position",
				    e->pos.file, no);
			snprintf(z->xid, sizeof(z->xid), "%s", xid);
			snprintf(z->time, sizeof(z->time), "%s", ct);
			snprintf(z->why, sizeof(z->why), "%s",
			    n ? line + n : "");
		}
		free(line);
		fclose(f);
	}
	snprintf(e->pos.time, sizeof(e->pos.time), "%s", t);
	snprintf(e->pos.xid, sizeof(e->pos.xid), "%s", x);
	e->pos.recorded = e->pos.tx_end = e->pos.applied;
	e->q.last_queued = e->pos.applied;
}

/* the applied position, durably, in its file; -1 and why in
 * e->pos.error if not */
static int
write_applied(struct engine *e)
{
	char line[128], lsn[24];

	struct buf b = { 0 };
	int rc;

	fmt_lsn(e->pos.applied, lsn);
	snprintf(line, sizeof(line), "%s %s %s\n", lsn, e->pos.time,
	    e->pos.xid);
	buf_add(&b, line, strlen(line));
	for (size_t i = 0; i < e->pos.n_zones; i++) {
		const struct zone_pos *z = &e->pos.zone[i];
		char zl[1200], h[24];

		fmt_lsn(z->lsn, lsn);
		fmt_lsn(z->held, h);
		if (z->held)
			snprintf(zl, sizeof(zl), "held %s %s %s %s %s %s\n",
			    z->name, lsn, h, z->xid, z->time, z->why);
		else
			snprintf(zl, sizeof(zl), "zone %s %s\n", z->name, lsn);
		buf_add(&b, zl, strlen(zl));
	}
	rc = write_file_durably(e->pos.file, b.p, b.len, 0, e->pos.error,
	    sizeof(e->pos.error));
	free(b.p);
	return rc;
}

int
checkpoint(struct engine *e)
{
	char lsn[24];

	e->pos.recorded_at = now_ms();
	if (e->pos.applied == e->pos.recorded && !*e->pos.error &&
	    !e->pos.zones_changed)
		return 0;
	fmt_lsn(e->pos.applied, lsn);
	if (write_applied(e) != 0) {
		char msg[700];

		snprintf(msg, sizeof(msg), "cannot record the applied position "
		    "(%s): %s", lsn, e->pos.error);
		if (strcmp(e->st.error, msg) != 0)
			note_error(e, msg);
		set_state(e, S_FAILING, msg);
		return -1;
	}
	if (*e->pos.error) {
		*e->pos.error = '\0';
		logmsg("recorded the applied position again (%s)", lsn);
		if (e->st.state == S_FAILING && e->dns.held == NULL &&
		    e->pg.decode_held_lsn == 0)
			set_state(e, S_RUNNING, "");
	}
	e->pos.recorded = e->pos.applied;
	e->pos.acks = 0;
	e->pos.zones_changed = 0;
	if (e->pg.conn)
		pg_status_update(e, 0);
	return 0;
}

/* a zone's name as the positions keep it: lower case, no final dot */
static void
zone_name(char *dst, const char *src)
{
	size_t n = 0;

	for (; src[n] && n < 255; n++)
		dst[n] = tolower((unsigned char)src[n]);
	if (n > 1 && dst[n - 1] == '.')
		n--;
	dst[n] = '\0';
}

static struct zone_pos *
zone_find(const struct positions *p, const char *name)
{
	char n[256];

	zone_name(n, name);
	for (size_t i = 0; i < p->n_zones; i++)
		if (strcmp(p->zone[i].name, n) == 0)
			return &p->zone[i];
	return NULL;
}

/* the zone's entry, made at the global position if it has none */
static struct zone_pos *
zone_add(struct positions *p, const char *name)
{
	struct zone_pos *z = zone_find(p, name);

	if (z)
		return z;
	if (p->n_zones == p->zones_cap) {
		p->zones_cap = p->zones_cap ? 2 * p->zones_cap : 16;
		p->zone = realloc(p->zone, p->zones_cap * sizeof(*p->zone));
		if (p->zone == NULL)
			die("out of memory");
	}
	z = &p->zone[p->n_zones++];
	memset(z, 0, sizeof(*z));
	zone_name(z->name, name);
	z->lsn = p->applied;
	z->xid[0] = '-';
	return z;
}

static void
zone_drop_entry(struct positions *p, struct zone_pos *z)
{
	*z = p->zone[--p->n_zones];
}

/* a zone is held */
int
zones_held(const struct engine *e)
{
	for (size_t i = 0; i < e->pos.n_zones; i++)
		if (e->pos.zone[i].held)
			return 1;
	return 0;
}

/* Zones are split while a zone is not at the global position, or after
 * a failure (a transaction at a time, to find the one to blame): the
 * transactions go one at a time, each zone's part of one acknowledged
 * by a "version" of its own, and each zone's part is sent only if the
 * zone needs it (zone_wanted). */
int
zones_split(const struct engine *e)
{
	return e->dns.careful_until || e->pos.n_zones;
}

/* Is the zone's part of the transaction ending at lsn to be sent: not
 * if the zone applied it, or is held at a transaction before it (those
 * wait, in commit order, to be streamed again once it is not); the
 * held transaction itself is tried again. */
int
zone_wanted(const struct engine *e, const char *zone, uint64_t lsn)
{
	const struct zone_pos *z = zone_find(&e->pos, zone);

	if (z == NULL)
		return 1;
	if (z->held)
		return lsn == z->held;
	return lsn > z->lsn;
}

/* the zone's part of t is in the DNS (now: recorded at once), and a
 * zone held at t is held no longer */
void
zone_applied(struct engine *e, const char *zone, const struct tx *t,
    int now)
{
	struct zone_pos *z = zone_add(&e->pos, zone);
	char l[24];

	if (z->held == t->lsn) {
		fmt_lsn(t->lsn, l);
		logmsg("zone %s recovered; applied through transaction %s "
		    "(commit %s)", z->name, t->xid, l);
		z->held = 0;
		*z->why = '\0';
		unlink_held_zone(e, z->name);
		/* sent again from its file: the zone's transactions that
		 * waited come from the slot again */
		if (t->lsn <= e->dns.retried_upto)
			e->dns.restream = 1;
	}
	if (z->lsn < t->lsn)
		z->lsn = t->lsn;
	e->pos.zones_changed = 1;
	if (now && e->policy->checkpoints)
		checkpoint(e);
}

/* the server refused the zone's part of t: the zone is held at t (the
 * global position, and the slot, stay before it), and its later
 * transactions are not sent until it is not (a retry takes it, or
 * pg2dns skip passes it) */
void
zone_refused(struct engine *e, const char *zone, const struct tx *t,
    const char *why)
{
	struct zone_pos *z = zone_add(&e->pos, zone);
	char l[24], at[24], line[200], msg[1500];

	fmt_lsn(t->lsn, at);
	fmt_lsn(t->lsn, l);
	snprintf(msg, sizeof(msg), "zone %s held at transaction %s (commit "
	    "%s at %s): %.800s", z->name, t->xid, l, t->time, why);
	if (z->held == t->lsn) {
		logmsg("still held: %s", msg);
		return;
	}
	z->held = t->lsn;
	snprintf(z->xid, sizeof(z->xid), "%s", t->xid);
	snprintf(z->time, sizeof(z->time), "%s", t->time);
	one_line(why, z->why, sizeof(z->why));
	e->pos.zones_changed = 1;
	e->n.refusals++;
	snprintf(msg + strlen(msg), sizeof(msg) - strlen(msg), "; pg2dns "
	    "skip passes it");
	note_error(e, msg);
	write_held(e, t, z->name, z->why);
	/* an earlier release held the whole driver at it */
	state_line(&e->cfg, "held", line, sizeof(line));
	if (sscanf(line, "%*s %23s", l) == 1 && strcmp(l, at) == 0)
		unlink_state(&e->cfg, "held");
	if (e->policy->checkpoints)
		checkpoint(e);
	if (e->dns.zone_retry_at == 0)
		e->dns.zone_retry_at = retry_after(&e->dns.zone_backoff,
		    e->cfg.backoff_min, e->cfg.backoff_max);
}

/* t is applied in every zone that is not held: the global position is
 * t's while no zone is held, and the zones' entries it has passed go */
void
zones_commit(struct engine *e, const struct tx *t)
{
	if (zones_held(e))
		return;
	e->pos.tx_end = t->lsn;
	snprintf(e->pos.time, sizeof(e->pos.time), "%s", t->time);
	snprintf(e->pos.xid, sizeof(e->pos.xid), "%s", t->xid);
	zones_follow(e, t->lsn);
}

/* The global position moves to lsn (a transaction applied, or the WAL's
 * end when nothing is pending), unless a zone is held; the zones'
 * entries it has passed go. */
void
zones_follow(struct engine *e, uint64_t lsn)
{
	if (zones_held(e))
		return;
	if (e->pos.applied < lsn)
		e->pos.applied = lsn;
	for (size_t i = e->pos.n_zones; i-- > 0; )
		if (e->pos.zone[i].lsn <= e->pos.applied) {
			zone_drop_entry(&e->pos, &e->pos.zone[i]);
			e->pos.zones_changed = 1;
		}
	e->dns.zone_backoff.since = 0;
	e->dns.zone_retry_at = 0;
}

/* what pg2dns run is doing, as STATE/status, status -j and the metrics
 * name it */
const char *const state_names[] = {
	[S_STARTING] = "starting",
	[S_RUNNING] = "running",
	[S_PAUSED] = "paused",
	[S_FAILING] = "failing",
	[S_HELD] = "held",
	[S_STOPPED] = "stopped",
};

/* the state of that name; starting (what a driver that has not yet
 * written the status file is doing) when there is none */
enum state
state_named(const char *name)
{
	for (enum state s = S_STARTING; s <= S_STOPPED; s++)
		if (strcmp(name, state_names[s]) == 0)
			return s;
	return S_STARTING;
}

/* The status file, rewritten in place at a fixed size, so that it can be
 * written when the file system is full. */
void
write_status(struct engine *e)
{
	char s[STATUS_SIZE], l[24];
	int n;

	if (!e->policy->owns_state)
		return;
	if (e->st.fd < 0) {
		char p[PATH_MAX];

		state_path(&e->cfg, p, "status");
		e->st.fd = open(p, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
		if (e->st.fd < 0)
			die("cannot open %s: %s", p, strerror(errno));
	}
	memset(s, '\n', sizeof(s));
	fmt_lsn(e->pos.applied, l);
	n = snprintf(s, sizeof(s) - 1, "state=%s\nsince=%s\npending=%s\n"
	    "condition=%s\napplied=%s\ncommit_time=%s\nxid=%s\n"
	    "transactions=%llu\nchanges=%llu\nmessages=%llu\n"
	    "retries_dns=%llu\nretries_postgresql=%llu\nrefusals=%llu\n"
	    "rows_left_out=%llu\nlast_apply=%.3f\nerror=%.3000s\n",
	    state_names[e->st.state], e->st.since, pending_time(e),
	    state_names[public_state(e)], l, e->pos.time, e->pos.xid, e->n.tx,
	    e->n.changes, e->n.messages, e->n.retries_dns, e->n.retries_pg,
	    e->n.refusals, e->n.rows_left_out, e->n.last_apply, e->st.error);
	if (n >= (int)sizeof(s) - 1)
		n = sizeof(s) - 2;
	s[n] = '\n';
	e->st.written = now_ms();
	if (pwrite(e->st.fd, s, sizeof(s), 0) != (ssize_t)sizeof(s) &&
	    !e->st.complained) {
		logmsg("cannot write the status file: %s", strerror(errno));
		e->st.complained = 1;
	}
}

/* what status says of the lag: the oldest unapplied commit time (a
 * held zone's transaction's), empty when known to be caught up, else
 * unknown */
const char *
pending_time(struct engine *e)
{
	const struct zone_pos *oldest = NULL;

	for (size_t i = 0; i < e->pos.n_zones; i++)
		if (e->pos.zone[i].held && (oldest == NULL ||
		    e->pos.zone[i].held < oldest->held))
			oldest = &e->pos.zone[i];
	if (oldest)
		return oldest->time;
	if (e->q.head)
		return e->q.head->time;
	if (e->pg.conn && e->pg.caught_up && !e->st.paused)
		return "";
	return "unknown";
}

void
set_state(struct engine *e, enum state state, const char *error)
{
	if (state != e->st.state)
		utc_now(e->st.since, sizeof(e->st.since));
	e->st.state = state;
	snprintf(e->st.error, sizeof(e->st.error), "%s", error);
	write_status(e);
}

void
note_error(struct engine *e, const char *msg)
{
	char t[32], line[1600], p[PATH_MAX], err[PATH_MAX + 100];

	logmsg("%s", msg);
	utc_now(t, sizeof(t));
	snprintf(line, sizeof(line), "%s %s\n", t, msg);
	state_path(&e->cfg, p, "last_error");
	if (e->policy->owns_state && write_file_durably(p, line, strlen(line),
	    0,
	    err, sizeof(err)) != 0)
		logmsg("%s", err);
}

/*
 * A row the plugin left out (its WARNING, res): counted, and kept in
 * STATE/left_out, the last LEFT_OUT_KEPT of them, a line each (seen,
 * xid, commit lsn, commit time, message, detail: tab-separated), for
 * pg2dns status.  The transaction is the plugin's context line
 * (LEFT_OUT_CONTEXT, wal2nsupdate.h), taken only if the format prints
 * it again exactly.  A row decoded again (a retry) is counted again
 * but kept once.  The file is written at most once a second
 * (flush_left_out), so that a statement of many bad rows does not wait
 * for a file system sync each.
 */
void
note_left_out(struct engine *e, const PGresult *res)
{
	const char *ctx = PQresultErrorField(res, PG_DIAG_CONTEXT);
	char xid[16] = "-", commit[24] = "-", time[40] = "-", t[40];
	char msg[400], detail[600], line[LEFT_OUT_LINE], again[120];
	struct buf *kept = &e->st.left_out;
	unsigned int x, hi, lo;
	size_t n = 0;

	e->n.rows_left_out++;
	for (; ctx && *ctx; ctx += strcspn(ctx, "\n"), ctx += *ctx == '\n') {
		size_t len = strcspn(ctx, "\n");

		if (sscanf(ctx, LEFT_OUT_CONTEXT_SCAN, &x, &hi, &lo, t) != 4 ||
		    snprintf(again, sizeof(again), LEFT_OUT_CONTEXT, x, hi, lo,
		    t) != (int)len || strncmp(again, ctx, len) != 0)
			continue;
		snprintf(xid, sizeof(xid), "%u", x);
		fmt_lsn((uint64_t)hi << 32 | lo, commit);
		snprintf(time, sizeof(time), "%s", t);
		break;
	}
	snprintf(line, sizeof(line), "%s\t%s\t%s\t%s\t%s\n", xid, commit,
	    time, one_line(PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY),
	    msg, sizeof(msg)), one_line(PQresultErrorField(res,
	    PG_DIAG_MESSAGE_DETAIL) ? PQresultErrorField(res,
	    PG_DIAG_MESSAGE_DETAIL) : "", detail, sizeof(detail)));
	if (kept->p == NULL)
		read_state_file(&e->cfg, "left_out", kept);
	for (char *l = kept->p; *l; l += strcspn(l, "\n") + 1, n++) {
		const char *rest = l + strcspn(l, "\t\n");

		if (*rest == '\t' && strncmp(rest + 1, line, strlen(line)) == 0)
			return;
	}
	/* lines end in a newline: the oldest go */
	for (; n >= LEFT_OUT_KEPT; n--)
		buf_drop(kept, strcspn(kept->p, "\n") + 1);
	utc_now(t, sizeof(t));
	buf_add(kept, t, strlen(t));
	buf_add(kept, "\t", 1);
	buf_add(kept, line, strlen(line));
	e->st.left_out_changed = 1;
	flush_left_out(e, 0);
}

/* STATE/left_out, durably, if it changed and (unless now) a second has
 * passed since it was last written */
void
flush_left_out(struct engine *e, int now)
{
	char p[PATH_MAX], err[PATH_MAX + 100];

	if (!e->st.left_out_changed || (!now &&
	    now_ms() - e->st.left_out_written < 1000))
		return;
	e->st.left_out_changed = 0;
	e->st.left_out_written = now_ms();
	state_path(&e->cfg, p, "left_out");
	if (write_file_durably(p, e->st.left_out.p, e->st.left_out.len, 0, err,
	    sizeof(err)) != 0)
		logmsg("%s", err);
}

/* STATE/NAME whole, added to b ("" if there is none) */
void
read_state_file(const struct config *c, const char *name, struct buf *b)
{
	char p[PATH_MAX], chunk[4096];
	size_t n;
	FILE *f;

	buf_add(b, "", 0);
	state_path(c, p, name);
	if ((f = fopen(p, "r")) == NULL)
		return;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(b, chunk, n);
	fclose(f);
}

/* STATE/held (zone NULL) or STATE/held.ZONE: the transaction nsupdate
 * refused and why, for pg2dns skip and status */
void
write_held(struct engine *e, const struct tx *t, const char *zone,
    const char *why)
{
	struct buf text = { 0 };
	size_t off = 0;

	tx_read(t, &off, &text, SIZE_MAX);
	write_held_text(e, zone, "refused", t->lsn, t->xid, why,
	    text.p ? text.p : "");
	free(text.p);
}

/* STATE/held, or the zone's STATE/held.ZONE: what is held and why, then
 * its text, durably */
void
write_held_text(struct engine *e, const char *zone, const char *kind,
    uint64_t lsn, const char *xid, const char *why, const char *text)
{
	struct buf b = { 0 };
	char l[24], head[1400], name[1100] = "held", p[PATH_MAX],
	    err[PATH_MAX + 100];

	if (zone)
		held_zone_file(zone, name, sizeof(name));
	else if (!e->policy->owns_state)
		return;
	fmt_lsn(lsn, l);
	snprintf(head, sizeof(head), "%s %s %s%s%s\n%s\n", kind, l, xid,
	    zone ? " " : "", zone ? zone : "", why);
	buf_add(&b, head, strlen(head));
	buf_add(&b, text, strlen(text));
	state_path(&e->cfg, p, name);
	if (write_file_durably(p, b.p, b.len, 0, err, sizeof(err)) != 0)
		logmsg("%s", err);
	free(b.p);
}

/* the held zone's file, held.ZONE: in its name, what is not a letter,
 * digit, dot, hyphen or underscore is %XX */
static void
held_zone_file(const char *zone, char *name, size_t n)
{
	size_t k = snprintf(name, n, "held.");

	for (; *zone && k + 4 < n; zone++)
		if (isalnum((unsigned char)*zone) || strchr(".-_", *zone))
			name[k++] = *zone;
		else
			k += snprintf(name + k, n - k, "%%%02X",
			    (unsigned char)*zone);
	name[k] = '\0';
}

/* the held zone's transaction, as STATE/held.ZONE keeps it (after its
 * two lines), added to b */
void
held_zone_text(struct engine *e, const struct zone_pos *z, struct buf *b)
{
	struct buf f = { 0 };
	char name[1100];
	const char *x;

	held_zone_file(z->name, name, sizeof(name));
	read_state_file(&e->cfg, name, &f);
	x = f.p;
	for (int i = 0; i < 2 && *x; i++)
		x += strcspn(x, "\n") + (x[strcspn(x, "\n")] != '\0');
	buf_add(b, x, strlen(x));
	free(f.p);
}

void
unlink_held_zone(struct engine *e, const char *zone)
{
	char name[1100];

	held_zone_file(zone, name, sizeof(name));
	unlink_state(&e->cfg, name);
}

/* pg2dns skip left STATE/skip (an lsn): pass the held transaction with
 * that lsn, recording it in STATE/skipped */
void
take_skip(struct engine *e)
{
	char p[PATH_MAX], hp[PATH_MAX], l[32] = "", lsn[24], what[100];
	struct buf text = { 0 };
	uint64_t want;
	FILE *f;

	state_path(&e->cfg, p, "skip");
	if ((f = fopen(p, "r")) == NULL) {
		e->st.skip_pending = 0;
		return;
	}
	if (take_zone_skips(e, f, p)) {
		fclose(f);
		return;
	}
	rewind(f);
	if (fscanf(f, "%31s", l) != 1 || parse_lsn(l, &want) != 0)
		want = 0;
	fclose(f);
	if (e->dns.held && e->dns.held->lsn == want && (!e->dns.up ||
	    e->dns.fed == e->dns.acked)) {
		size_t off = 0;

		tx_read(e->dns.held, &off, &text, SIZE_MAX);
	} else if (e->pg.decode_held_lsn && e->pg.decode_held_lsn == want &&
	    e->q.head == NULL) {
		state_path(&e->cfg, hp, "held");
		if ((f = fopen(hp, "r")) != NULL) {
			char chunk[4096];
			size_t n;

			while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
				buf_add(&text, chunk, n);
			fclose(f);
		}
	} else {
		if (want <= e->pos.applied) {
			logmsg("pg2dns skip %s: applied already; ignored", l);
			unlink(p);
			e->st.skip_pending = 0;
		}
		return;
	}
	fmt_lsn(want, lsn);
	snprintf(l, sizeof(l), "%s",
	    e->dns.held ? e->dns.held->xid : e->pg.decode_held_xid);
	snprintf(what, sizeof(what), "transaction %s commit %s", l, lsn);
	if (record_skipped(e, what, e->dns.held ? e->dns.held_msg :
	    e->pg.error, &text, hp) != 0) {
		free(text.p);
		return;
	}
	/* the position passes it; the time and xid stay those of the last
	 * transaction applied */
	e->pos.applied = e->pos.tx_end = want;
	if (e->dns.held) {
		free_head(&e->q);
		e->dns.held = NULL;
		e->dns.fed = e->dns.acked = 0;
		e->q.feed = e->q.head;
		dns_stop(e);
		e->dns.retry_at = 0;
	}
	e->pg.decode_held_lsn = 0;
	e->dns.careful_until = 0;
	if (checkpoint(e) == 0) {
		unlink(p);
		e->st.skip_pending = 0;
		unlink_state(&e->cfg, "held");
		logmsg("skipped transaction %s (commit %s); recorded in %s", l,
		    lsn, hp);
		set_state(e, S_RUNNING, "");
		e->pg.retry_at = 0;
		e->pg.backoff.since = 0;
	}
	free(text.p);
}

/* STATE/skipped: "skipped WHEN WHAT: WHY", then text, added durably,
 * path its name; -1 (noted) if it cannot be */
static int
record_skipped(struct engine *e, const char *what, const char *why,
    const struct buf *text, char *path)
{
	struct buf rec = { 0 };
	char t[32], err[PATH_MAX + 100], msg[800];
	int rc;

	utc_now(t, sizeof(t));
	buf_add(&rec, "skipped ", 8);
	buf_add(&rec, t, strlen(t));
	buf_add(&rec, " ", 1);
	buf_add(&rec, what, strlen(what));
	buf_add(&rec, ": ", 2);
	buf_add(&rec, why, strlen(why));
	buf_add(&rec, "\n", 1);
	buf_add(&rec, text->p ? text->p : "", text->len);
	if (rec.p[rec.len - 1] != '\n')
		buf_add(&rec, "\n", 1);
	state_path(&e->cfg, path, "skipped");
	rc = write_file_durably(path, rec.p, rec.len, 1, err, sizeof(err));
	if (rc != 0) {
		snprintf(msg, sizeof(msg), "cannot skip: %.700s", err);
		note_error(e, msg);
	}
	free(rec.p);
	return rc;
}

/* pass the held zone z's part of its transaction (l its lsn):
 * recorded with its text in STATE/skipped; -1 if it cannot be */
static int
pass_zone(struct engine *e, struct zone_pos *z, const char *l)
{
	char hp[PATH_MAX], what[700];
	struct buf text = { 0 };
	int rc;

	snprintf(what, sizeof(what), "zone %s transaction %s commit %s",
	    z->name, z->xid, l);
	held_zone_text(e, z, &text);
	rc = record_skipped(e, what, z->why, &text, hp);
	if (rc == 0) {
		if (z->lsn < z->held)
			z->lsn = z->held;
		z->held = 0;
		*z->why = '\0';
		e->pos.zones_changed = 1;
		unlink_held_zone(e, z->name);
		logmsg("skipped zone %s's part of transaction %s (commit %s); "
		    "recorded in %s", z->name, z->xid, l, hp);
	}
	free(text.p);
	return rc;
}

/*
 * STATE/skip with lines "LSN ZONE" (pg2dns skip, zones held), or "LSN"
 * where zones are held at LSN: pass each zone's part of its held
 * transaction, and stream again from the global position, so that the
 * zone's later transactions, which waited, come in commit order.  1 if
 * it names held zones (then it is done with, or waits for what it names
 * to be held); 0 if it is the whole driver's.
 */
static int
take_zone_skips(struct engine *e, FILE *f, const char *path)
{
	char line[400], l[32], zone[300];
	int named = 0, waiting = 0, passed = 0, words;
	uint64_t lsn;

	/* not while a transaction is in flight: what it sent stays sent */
	if (zones_held(e) && e->dns.up && e->dns.fed != e->dns.acked)
		return 1;
	while (fgets(line, sizeof(line), f) != NULL) {
		if ((words = sscanf(line, "%31s %299s", l, zone)) < 1 ||
		    parse_lsn(l, &lsn) != 0)
			continue;
		for (size_t i = 0; words == 1 && e->dns.held == NULL &&
		    i < e->pos.n_zones; i++)
			if (e->pos.zone[i].held == lsn) {
				named = 1;
				if (!e->policy->checkpoints ||
				    pass_zone(e, &e->pos.zone[i], l) != 0)
					waiting = 1;
				else
					passed = 1;
			}
		if (words == 2) {
			struct zone_pos *z = zone_find(&e->pos, zone);

			named = 1;
			if (z && z->held == lsn && e->policy->checkpoints &&
			    pass_zone(e, z, l) == 0)
				passed = 1;
			else if ((z && z->held > lsn) || (z ? z->lsn :
			    e->pos.applied) >= lsn)
				logmsg("pg2dns skip %s %s: applied already; "
				    "ignored", l, zone);
			else
				waiting = 1;
		}
	}
	if (!named)
		return 0;
	if (checkpoint(e) == 0 && !waiting) {
		unlink(path);
		e->st.skip_pending = 0;
	}
	if (passed) {
		if (!zones_held(e) && e->dns.held == NULL &&
		    e->pg.decode_held_lsn == 0)
			set_state(e, S_RUNNING, "");
		restream(e);
	}
	return 1;
}

/* STATE/NAME (one of state_files[]) holds s, durably; -1 and why in err
 * if not */
int
write_state(const struct config *c, const char *name, const char *s,
    char *err, size_t err_size)
{
	char p[PATH_MAX];

	state_path(c, p, name);
	return write_file_durably(p, s, strlen(s), 0, err, err_size);
}

/* the first line of STATE/NAME, or "" */
void
state_line(const struct config *c, const char *name, char *s, size_t n)
{
	char p[PATH_MAX];
	FILE *f;

	s[0] = '\0';
	state_path(c, p, name);
	if ((f = fopen(p, "r")) != NULL) {
		if (fgets(s, n, f) == NULL)
			s[0] = '\0';
		s[strcspn(s, "\n")] = '\0';
		fclose(f);
	}
}

/* STATE/pid, written by pg2dns before it became this process */
void
remove_pid_file(struct engine *e)
{
	char p[PATH_MAX];
	FILE *f;
	long pid = 0;

	state_path(&e->cfg, p, "pid");
	if ((f = fopen(p, "r")) != NULL) {
		if (fscanf(f, "%ld", &pid) == 1 && pid == (long)getpid())
			unlink(p);
		fclose(f);
	}
}

/* the running driver's process (STATE/pid names a live pg2dns), or 0 */
long
driver_pid(const struct config *c)
{
	char l[32], p[64], cmd[4096];
	char *end;
	long pid;
	ssize_t n;
	int fd;

	state_line(c, "pid", l, sizeof(l));
	errno = 0;
	pid = strtol(l, &end, 10);
	if (!isdigit((unsigned char)*l) || *end || errno || pid <= 0 ||
	    pid > INT_MAX || kill((pid_t)pid, 0) != 0)
		return 0;
	/* not another process that has the number now */
	snprintf(p, sizeof(p), "/proc/%ld/cmdline", pid);
	if ((fd = open(p, O_RDONLY | O_CLOEXEC)) < 0)
		return pid;
	n = read(fd, cmd, sizeof(cmd) - 1);
	close(fd);
	if (n < 0)
		return 0;
	for (ssize_t i = 0; i < n; i++)
		if (cmd[i] == '\0')
			cmd[i] = ' ';
	cmd[n] = '\0';
	return strstr(cmd, PROG) ? pid : 0;
}

/* STATE/pid: this process, which pg2dns run became */
void
write_pid_file(struct engine *e)
{
	char p[PATH_MAX], line[32], err[PATH_MAX + 100];

	state_path(&e->cfg, p, "pid");
	snprintf(line, sizeof(line), "%ld\n", (long)getpid());
	if (write_file_durably(p, line, strlen(line), 0, err, sizeof(err)))
		die("%s", err);
}

/* STATE/status as the running driver last wrote it, its lines made
 * strings, in text (STATUS_SIZE + 1); "" if there is none */
void
read_status_file(const struct config *c, char *text)
{
	char p[PATH_MAX];
	int fd;

	memset(text, 0, STATUS_SIZE + 1);
	state_path(c, p, "status");
	if ((fd = open(p, O_RDONLY | O_CLOEXEC)) >= 0) {
		if (read(fd, text, STATUS_SIZE) < 0)
			text[0] = '\0';
		close(fd);
	}
	for (char *q = text; q < text + STATUS_SIZE; q++)
		if (*q == '\n')
			*q = '\0';
}

/* the value of KEY in a status file that read_status_file read */
const char *
status_value(const char *text, const char *key)
{
	size_t kl = strlen(key);

	for (const char *p = text; p < text + STATUS_SIZE;
	    p += strlen(p) + 1)
		if (strncmp(p, key, kl) == 0 && p[kl] == '=')
			return p + kl + 1;
	return "";
}

/* the commands below need the directory that pg2dns init made */
void
need_state(const struct config *c)
{
	struct stat sb;

	if (stat(c->state, &sb) != 0 || !S_ISDIR(sb.st_mode))
		die("no state directory %s (run pg2dns init)", c->state);
}

int
state_exists(const struct config *c, const char *name)
{
	char p[PATH_MAX];

	state_path(c, p, name);
	return access(p, F_OK) == 0;
}

/* STATE/NAME removed, durably */
static void
remove_state(const struct config *c, const char *name)
{
	char p[PATH_MAX];
	int fd;

	state_path(c, p, name);
	if (unlink(p) != 0 && errno != ENOENT)
		die("cannot remove %s: %s", p, strerror(errno));
	fd = open(c->state, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) != 0)
		die("cannot remove %s: %s", p, strerror(errno));
	close(fd);
}

static int
not_paused(const struct config *c)
{
	char text[STATUS_SIZE + 1];

	read_status_file(c, text);
	return strcmp(status_value(text, "state"), "paused") != 0;
}

static int
is_paused(const struct config *c)
{
	return !not_paused(c);
}

static int
skip_taken(const struct config *c)
{
	return !state_exists(c, "skip");
}

/* until done, or the driver has gone, or TENTHS tenths of a second; then
 * die saying WHY (with the driver's pid), unless WHY is NULL */
static void
wait_for_driver(const struct config *c, int (*done)(const struct config *),
    int tenths, const char *why)
{
	long pid = driver_pid(c);

	for (int n = 0; pid && !done(c); n++) {
		if (n >= tenths) {
			if (why)
				die("driver %ld %s", pid, why);
			return;
		}
		poll(NULL, 0, 100);
		pid = driver_pid(c);
	}
}

/* the state directory (and its parents), mode 700 where made */
void
make_state_dir(const struct config *c)
{
	char p[PATH_MAX];

	snprintf(p, sizeof(p), "%s", c->state);
	for (char *s = p + 1; ; s++)
		if (*s == '/' || *s == '\0') {
			char at = *s;

			*s = '\0';
			if (mkdir(p, 0700) != 0 && errno != EEXIST)
				die("cannot make %s: %s", p, strerror(errno));
			if ((*s = at) == '\0')
				break;
		}
}

/* init: the state directory, mode 700 */
int
cmd_init(struct engine *e, char **argv)
{
	(void)argv;
	make_state_dir(&e->cfg);
	if (chmod(e->cfg.state, 0700) != 0)
		die("cannot make %s: %s", e->cfg.state, strerror(errno));
	return 0;
}

/* state: what the shell's commands need of the state directory, as
 * shell assignments */
int
cmd_state(struct engine *e, char **argv)
{
	char l[24];
	long pid;

	(void)argv;
	need_state(&e->cfg);
	state_path(&e->cfg, e->pos.file, "applied");
	read_applied(e);
	fmt_lsn(e->pos.applied, l);
	pid = driver_pid(&e->cfg);
	printf("STATE_APPLIED=%s\nSTATE_COMMIT_TIME=", l);
	print_quoted(e->pos.time);
	printf("\nSTATE_PAUSED=%s\nSTATE_RESYNC=%s\nSTATE_LOST=%s\n"
	    "STATE_PID=", state_exists(&e->cfg, "paused") ? "yes" : "no",
	    state_exists(&e->cfg, "resync") ? "yes" : "no",
	    state_exists(&e->cfg, "lost") ? "yes" : "no");
	if (pid)
		printf("%ld", pid);
	putchar('\n');
	return 0;
}

/* pause: ask the driver to stop applying (STATE/paused), wait until it
 * has, and say how far it applied; -q: only ask (verify waits for the
 * lock) */
int
cmd_pause(struct engine *e, char **argv)
{
	char p[PATH_MAX], err[PATH_MAX + 100], l[24];

	if (argv[0] && strcmp(argv[0], "-q") != 0)
		usage();
	need_state(&e->cfg);
	state_path(&e->cfg, p, "paused");
	if (write_file_durably(p, "", 0, 0, err, sizeof(err)) != 0)
		die("%s", err);
	if (argv[0])
		return 0;
	wait_for_driver(&e->cfg, is_paused, 6000,
	    "has not paused in 10 min");
	state_path(&e->cfg, e->pos.file, "applied");
	read_applied(e);
	fmt_lsn(e->pos.applied, l);
	printf("paused; applied through %s (commit %s)\n", l, e->pos.time);
	return 0;
}

/* resume: undo pause, and wait (a little) until the driver has seen it;
 * -q: say nothing */
int
cmd_resume(struct engine *e, char **argv)
{
	if (argv[0] && strcmp(argv[0], "-q") != 0)
		usage();
	need_state(&e->cfg);
	remove_state(&e->cfg, "paused");
	wait_for_driver(&e->cfg, not_paused, 100, NULL);
	if (argv[0] == NULL)
		puts("resumed");
	return 0;
}

/* skip [ZONE]: pass what is held (STATE/skip), at once if the driver
 * runs (SIGUSR1), else when it starts: the transaction held in every
 * zone, or the held zones' parts of their transactions (every held
 * zone, or ZONE's) */
int
cmd_skip(struct engine *e, char **argv)
{
	char held[200], kind[40], lsn[40], xid[40], p[PATH_MAX], line[400],
	    err[PATH_MAX + 100];
	struct buf b = { 0 };
	long pid;

	need_state(&e->cfg);
	state_line(&e->cfg, "held", held, sizeof(held));
	state_path(&e->cfg, e->pos.file, "applied");
	read_applied(e);
	if (argv[0] == NULL && sscanf(held, "%39s %39s %39s", kind, lsn,
	    xid) == 3) {
		snprintf(line, sizeof(line), "%s\n", lsn);
		buf_add(&b, line, strlen(line));
	}
	for (size_t i = 0; b.len == 0 && i < e->pos.n_zones; i++) {
		const struct zone_pos *z = &e->pos.zone[i];

		if (!z->held || (argv[0] && zone_find(&e->pos, argv[0]) != z))
			continue;
		fmt_lsn(z->held, lsn);
		snprintf(line, sizeof(line), "%s %s\n", lsn, z->name);
		buf_add(&b, line, strlen(line));
	}
	if (b.len == 0 && argv[0])
		die("zone %s is not held (see pg2dns status)", argv[0]);
	if (b.len == 0)
		die("no transaction is held (see pg2dns status)");
	state_path(&e->cfg, p, "skip");
	if (write_file_durably(p, b.p, b.len, 0, err, sizeof(err)))
		die("%s", err);
	if ((pid = driver_pid(&e->cfg)) != 0) {
		kill((pid_t)pid, SIGUSR1);
		wait_for_driver(&e->cfg, skip_taken, 300,
		    "has not skipped it in 30 s (see its log)");
	}
	state_path(&e->cfg, p, "skipped");
	for (char *l = b.p; *l; l += strcspn(l, "\n") + 1) {
		const struct zone_pos *z;
		char zone[300] = "";

		sscanf(l, "%39s %299s", lsn, zone);
		z = *zone ? zone_find(&e->pos, zone) : NULL;
		if (z)
			printf("zone %s: ", z->name);
		if (pid)
			printf("skipped transaction %s (commit %s); recorded "
			    "in %s\n", z ? z->xid : xid, lsn, p);
		else
			printf("transaction %s (commit %s) will be skipped "
			    "when pg2dns run %s\n", z ? z->xid : xid, lsn,
			    z ? "starts" : "holds at it again");
	}
	free(b.p);
	return 0;
}

/* resync-begin: a resync is under way (run and verify refuse to start
 * until resync-done) */
int
cmd_resync_begin(struct engine *e, char **argv)
{
	char p[PATH_MAX], t[32], err[PATH_MAX + 100];

	(void)argv;
	state_path(&e->cfg, p, "resync");
	utc_now(t, sizeof(t));
	strcat(t, "\n");
	if (write_file_durably(p, t, strlen(t), 0, err, sizeof(err)) != 0)
		die("%s", err);
	return 0;
}

/* every STATE/held.ZONE removed */
static void
remove_held_zones(const struct config *c)
{
	DIR *d = opendir(c->state);
	struct dirent *de;

	while (d && (de = readdir(d)) != NULL)
		if (strncmp(de->d_name, "held.", 5) == 0)
			remove_state(c, de->d_name);
	if (d)
		closedir(d);
}

/* resync-done LSN: the DNS equals the tables as of the slot's
 * consistent point LSN: recorded as applied, nothing held, and the
 * timeline it is on recorded by run when it connects */
int
cmd_resync_done(struct engine *e, char **argv)
{
	if (parse_lsn(argv[0], &e->pos.applied) != 0)
		die("resync-done: bad lsn %s", argv[0]);
	state_path(&e->cfg, e->pos.file, "applied");
	if (write_applied(e) != 0)
		die("cannot record the applied position: %s", e->pos.error);
	remove_state(&e->cfg, "held");
	remove_held_zones(&e->cfg);
	remove_state(&e->cfg, "skip");
	remove_state(&e->cfg, "timeline");
	remove_state(&e->cfg, "lost");
	remove_state(&e->cfg, "resync");
	return 0;
}
