/*
 * The timeline check: is what pg2dns applied on the history of the
 * server it streams from?
 *
 * A standby promoted after it fell behind starts a new timeline at the
 * end of the WAL it had (the fork point), and reuses the positions after
 * it.  Transactions pg2dns applied past the fork are in the DNS and in no
 * database, and streaming from the applied position would skip the new
 * timeline's transactions below it; the slot cannot tell, since a copy of
 * it (Patroni's) lags as after any switchover.  The server can:
 * IDENTIFY_SYSTEM gives its system identifier and timeline,
 * TIMELINE_HISTORY the timeline's ancestors and where each ended.  The
 * applied position is on the server's history when it was applied on the
 * same system, on the server's timeline or on an ancestor that ended at
 * or after it.
 *
 * STATE/timeline records the lineage the applied position is on: written
 * on connecting (so that a state directory from before it works),
 * removed by resync.  A fork before the applied position holds run, and
 * so does a slot missing or invalidated; STATE/lost says so to pg2dns
 * run's PG2DNS_AUTO_RESYNC (a running driver stops, and pg2dns run begins
 * again with the resync).  Another database system holds it too, slot
 * or none, and only the operator resyncs.
 */

#include "engine.h"

static int read_timeline(const struct config *c, struct timeline *t);
static int other_system(const struct timeline *rec,
    const struct timeline *now, const char *applied, char *msg, size_t n);
static void lost(struct engine *e, const struct timeline *rec,
    const struct timeline *now, const char *msg);
static int fork_point(const char *history, unsigned tli, uint64_t *end);
static int not_descended(const struct timeline *rec,
    const struct timeline *now, const char *applied, char *msg, size_t n);
static int judge(struct engine *e, const struct timeline *rec,
    const struct timeline *now, uint64_t *fork, char *msg, size_t n);
static int back_to_fork(struct engine *e, const struct timeline *rec,
    const struct timeline *now, uint64_t fork);

/* STATE/timeline, "SYSID TLI": 1, or 0 if there is none */
static int
read_timeline(const struct config *c, struct timeline *t)
{
	char line[64], id[32], p[PATH_MAX];

	state_line(c, "timeline", line, sizeof(line));
	if (!*line)
		return 0;
	if (sscanf(line, "%31s %u", id, &t->tli) != 2 ||
	    strspn(id, "0123456789") != strlen(id) || t->tli == 0) {
		state_path(c, p, "timeline");
		die("%s: not a system identifier and timeline", p);
	}
	snprintf(t->sysid, sizeof(t->sysid), "%s", id);
	return 1;
}

/* In a timeline history, where timeline TLI ended: 0, or -1 if it is
 * not an ancestor */
static int
fork_point(const char *history, unsigned tli, uint64_t *end)
{
	for (const char *l = history; *l; l += strcspn(l, "\n"),
	    l += *l == '\n') {
		unsigned t;
		char at[24];

		if (sscanf(l, "%u %23s", &t, at) == 2 && t == tli)
			return parse_lsn(at, end);
	}
	return -1;
}

/* 1 if NOW is another database system than REC, with why in msg */
static int
other_system(const struct timeline *rec, const struct timeline *now,
    const char *applied, char *msg, size_t n)
{
	if (strcmp(rec->sysid, now->sysid) == 0)
		return 0;
	snprintf(msg, n, "the server is another database system (system "
	    "identifier %s, not %s, which applied %s): the DNS holds changes "
	    "this one may not have, and lacks some it has: run pg2dns resync "
	    "(the DNS made equal to the tables)", now->sysid, rec->sysid,
	    applied);
	return 1;
}

static int
not_descended(const struct timeline *rec, const struct timeline *now,
    const char *applied, char *msg, size_t n)
{
	snprintf(msg, n, "the server's timeline %u does not descend from "
	    "timeline %u, on which %s was applied (an old primary back, or "
	    "another branch): the DNS may hold changes this server lacks, "
	    "and lack some it has: run pg2dns resync (the DNS made equal to "
	    "the tables)", now->tli, rec->tli, applied);
	return 1;
}

/* Was the applied position, applied on the lineage REC, applied on the
 * server's NOW?  0 yes; 1 no, with why in msg, and in fork where the
 * server's history left REC's timeline (0: it never was on it); -1 when
 * it cannot be told (failing) */
static int
judge(struct engine *e, const struct timeline *rec,
    const struct timeline *now, uint64_t *fork, char *msg, size_t n)
{
	struct buf history = { 0 };
	char a[24], f[24];
	uint64_t end;
	int rc;

	fmt_lsn(e->pos.applied, a);
	*fork = 0;
	if (other_system(rec, now, a, msg, n))
		return 1;
	if (rec->tli == now->tli)
		return 0;
	/* an earlier timeline (timeline 1 has no history to ask) */
	if (now->tli < rec->tli)
		return not_descended(rec, now, a, msg, n);
	if (timeline_history(e, now->tli, &history) != 0)
		return -1;
	if (fork_point(history.p ? history.p : "", rec->tli, &end) != 0)
		rc = not_descended(rec, now, a, msg, n);
	else if (e->pos.applied > end) {
		*fork = end;
		fmt_lsn(end, f);
		snprintf(msg, n, "PostgreSQL failed over to a server that did "
		    "not have all pg2dns applied: timeline %u left timeline %u "
		    "at %s, and %s was applied; the DNS holds changes the "
		    "database lost, and the new timeline's transactions below "
		    "%s would be skipped: run pg2dns resync (the DNS made "
		    "equal to the tables)", now->tli, rec->tli, f, a, a);
		rc = 1;
	} else
		rc = 0;
	free(history.p);
	return rc;
}

/* Only the WAL's end was followed past the fork (keepalives over other
 * tables' changes, as over a switchover's shutdown checkpoint), and
 * nothing received waits to be applied: nothing applied is lost, and
 * the new timeline streams from the fork point, recorded before the new
 * timeline is (the position past the fork must never be on record as on
 * it); -1 if not (held or failing, the position as it was) */
static int
back_to_fork(struct engine *e, const struct timeline *rec,
    const struct timeline *now, uint64_t fork)
{
	uint64_t was = e->pos.applied;
	char f[24], t[24], msg[1200];

	e->pos.applied = e->q.last_queued = fork;
	if (slot_problem(e, &e->mon.slot, msg, sizeof(msg))) {
		e->pos.applied = e->q.last_queued = was;
		pg_hold(e, msg);
		return -1;
	}
	if (checkpoint(e) != 0) {
		e->pos.applied = e->q.last_queued = was;
		pg_close(e);
		e->pg.retry_at = retry_after(&e->pg.backoff,
		    e->cfg.backoff_min, e->cfg.backoff_max);
		return -1;
	}
	fmt_lsn(fork, f);
	fmt_lsn(e->pos.tx_end, t);
	logmsg("timeline %u left timeline %u at %s, after the last "
	    "transaction applied (%s): streaming from %s", now->tli, rec->tli,
	    f, t, f);
	return 0;
}

/* before streaming (run): is the applied position on the server's
 * history?  -1 if not (held, STATE/lost written) or unknown (failing) */
int
timeline_check(struct engine *e)
{
	struct timeline rec, now;
	char msg[1200], text[1210], err[PATH_MAX + 100];
	uint64_t fork;
	int r;

	if (identify_system(e, &now) != 0)
		return -1;
	if (read_timeline(&e->cfg, &rec) && e->pos.applied) {
		if ((r = judge(e, &rec, &now, &fork, msg, sizeof(msg))) < 0)
			return -1;
		if (r > 0 && fork && e->pos.tx_end <= fork &&
		    e->q.head == NULL) {
			if (back_to_fork(e, &rec, &now, fork) != 0)
				return -1;
		} else if (r > 0) {
			lost(e, &rec, &now, msg);
			return -1;
		} else if (rec.tli == now.tli)
			return 0;
	}
	snprintf(text, sizeof(text), "%s %u\n", now.sysid, now.tli);
	if (write_state(&e->cfg, "timeline", text, err, sizeof(err)) != 0) {
		/* failing, and tried again after the backoff */
		if (strcmp(err, e->st.error) != 0)
			note_error(e, err);
		pg_close(e);
		e->pg.retry_at = retry_after(&e->pg.backoff,
		    e->cfg.backoff_min, e->cfg.backoff_max);
		set_state(e, S_FAILING, err);
		return -1;
	}
	return 0;
}

/* What was applied cannot be streamed on from (MSG says why): held.  At
 * the system it was applied on (REC, or none on record), STATE/lost says
 * why, for pg2dns run's PG2DNS_AUTO_RESYNC, and a running driver with it
 * stops to begin again with the resync; held even if it cannot be written
 * (the operator resyncs then).  Another database system is never
 * resynced by itself (a server swapped under pg2dns, or its address
 * mistaken: the resync would make the zones that database's). */
static void
lost(struct engine *e, const struct timeline *rec,
    const struct timeline *now, const char *msg)
{
	char text[1210], err[PATH_MAX + 100], a[24];

	fmt_lsn(e->pos.applied, a);
	if (rec && other_system(rec, now, a, text, sizeof(text))) {
		pg_hold(e, text);
		return;
	}
	snprintf(text, sizeof(text), "%s\n", msg);
	if (write_state(&e->cfg, "lost", text, err, sizeof(err)) != 0)
		logmsg("%s", err);
	else if (e->pg.again && strcmp(e->cfg.auto_resync, "yes") == 0)
		e->pg.resync = 1;
	pg_hold(e, msg);
}

/* The slot is missing or invalidated (MSG says so): lost; -1 always
 * (held, or failing) */
int
slot_lost(struct engine *e, const char *msg)
{
	struct timeline rec, now;

	if (identify_system(e, &now) != 0)
		return -1;
	lost(e, read_timeline(&e->cfg, &rec) && e->pos.applied ? &rec : NULL,
	    &now, msg);
	return -1;
}
