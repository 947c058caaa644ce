/*
 * The replication connection (struct replication), as pg_recvlogical
 * speaks it: one function for each command, each returning 0 or -1
 * (replication_connect, identify_system, timeline_history, slot_check,
 * emit_marker, start_replication, pg_status_update, create_slot), the
 * stream read into the queue, a failure and its backoff, a hold; and the
 * commands that use the slot without streaming (pending, snapshot).
 */

#include "engine.h"

static uint64_t undecodable(PGresult *res, char *xid, size_t n);
static int slot_in_use(const PGresult *res);
static void add_quoted(struct buf *b, const char *s, size_t n, char q);
static PGconn *replication_connect(void);
static int emit_marker(struct engine *e);
static int start_replication(struct engine *e);
static int drop_slot(struct engine *e, PGconn *c);
static int create_slot(struct engine *e, PGconn *c, char *point,
    size_t point_size, char *snap, size_t snap_size);
static void put64(char *p, uint64_t v);
static uint64_t get64(const char *p);
static int slot_check(struct engine *e);
static void pg_read(struct engine *e);

void
pg_close(struct engine *e)
{
	if (e->pg.conn == NULL)
		return;
	PQfinish(e->pg.conn);
	e->pg.conn = NULL;
	e->pg.caught_up = 0;
	e->pg.connected_at = 0;
	/* the transaction being received comes again */
	drop_partial(&e->q);
}

/*
 * The plugin cannot decode a transaction: under skip-hint=pg2dns its
 * error carries a context line, UNDECODABLE_CONTEXT (wal2nsupdate.h),
 * with its xid and commit LSN.  A line counts only if the format prints
 * it again exactly.  0 when there is none.
 */
static uint64_t
undecodable(PGresult *res, char *xid, size_t n)
{
	const char *ctx = res ? PQresultErrorField(res, PG_DIAG_CONTEXT) : NULL;
	unsigned int x, hi, lo;
	char again[64];

	for (; ctx && *ctx; ctx += strcspn(ctx, "\n"), ctx += *ctx == '\n') {
		size_t len = strcspn(ctx, "\n");

		if (sscanf(ctx, UNDECODABLE_CONTEXT, &x, &hi, &lo) != 3 ||
		    snprintf(again, sizeof(again), UNDECODABLE_CONTEXT, x, hi,
		    lo) != (int)len || strncmp(again, ctx, len) != 0)
			continue;
		snprintf(xid, n, "%u", x);
		return (uint64_t)hi << 32 | lo;
	}
	return 0;
}

/* the error says the slot is active for another process */
static int
slot_in_use(const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) :
	    NULL;

	return state && strcmp(state, "55006") == 0;	/* object_in_use */
}

/* the connection failed or ended: say why, retry after the backoff */
void
pg_fail(struct engine *e, const char *what, PGresult *res)
{
	char msg[1500], l[24];
	uint64_t lsn;

	snprintf(e->pg.error, sizeof(e->pg.error), "%s", what);
	for (char *c = e->pg.error; *c; c++)
		if (*c == '\n')
			*c = ' ';
	lsn = undecodable(res, e->pg.decode_held_xid,
	    sizeof(e->pg.decode_held_xid));
	if (lsn) {
		fmt_lsn(lsn, l);
		if (e->pg.decode_held_lsn != lsn && e->policy->owns_state) {
			struct buf text = { 0 };

			e->n.refusals++;
			if (e->q.in_frame)
				partial_read(&e->q, &text);
			write_held_text(e, NULL, "undecodable", lsn,
			    e->pg.decode_held_xid, e->pg.error,
			    text.p ? text.p : "");
			free(text.p);
		}
		e->pg.decode_held_lsn = lsn;
		snprintf(msg, sizeof(msg),
		    "held at transaction %s (commit %s): "
		    "PostgreSQL cannot decode it: %s; pg2dns skip passes it",
		    e->pg.decode_held_xid, l, e->pg.error);
	} else
		snprintf(msg, sizeof(msg), "PostgreSQL: %s", e->pg.error);
	e->n.retries_pg++;
	/* a connection that streamed for a while was a success: this
	 * failure begins a new episode, retried promptly again */
	if (e->pg.connected_at && now_ms() - e->pg.connected_at >= EPISODE_MS)
		e->pg.backoff.since = 0;
	if (strcmp(msg, e->st.error) != 0)
		note_error(e, msg);
	else
		logmsg("still %s", msg);
	pg_close(e);
	/* drain: it ends once what came before is applied, and verify
	 * names it */
	if (e->policy->drains && e->pg.decode_held_lsn) {
		e->pg.retry_at = UINT64_MAX;
		return;
	}
	/* drain: a slot still active for another walsender (the paused
	 * driver's, which exits once it sees its client gone; slower on a
	 * busy server) is tried again, within the drain's time */
	if (e->policy->drains && !slot_in_use(res))
		die("cannot drain replication: %s", msg);
	e->pg.retry_at = retry_after(&e->pg.backoff, e->cfg.backoff_min,
	    e->cfg.backoff_max);
	set_state(e, S_FAILING, msg);
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

/* a replication connection (replication=database): it speaks both the
 * replication commands and simple SQL */
static PGconn *
replication_connect(void)
{
	const char *keys[] = { "replication", "fallback_application_name",
	    "dbname", NULL };
	const char *vals[] = { "database", PROG, getenv("PGDATABASE"), NULL };

	if (vals[2] == NULL)
		keys[2] = NULL;
	return PQconnectdbParams(keys, vals, 0);
}

/* drain: a WAL record after the snapshot; once decoding has passed it,
 * every transaction the snapshot sees has been sent.  -1 if not */
static int
emit_marker(struct engine *e)
{
	PGresult *res = PQexec(e->pg.conn, "SELECT pg_logical_emit_message("
	    "false, 'pg2dns', 'verify')::text");
	int ok = PQresultStatus(res) == PGRES_TUPLES_OK &&
	    parse_lsn(PQgetvalue(res, 0, 0), &e->q.end) == 0;

	if (!ok)
		pg_fail(e, PQerrorMessage(e->pg.conn), res);
	PQclear(res);
	return ok ? 0 : -1;
}

/* START_REPLICATION at the applied position, with the plugin's options
 * and the driver's; -1 if not */
static int
start_replication(struct engine *e)
{
	struct buf cmd = { 0 };
	char l[24];
	PGresult *res;
	int ok;

	fmt_lsn(e->pos.applied, l);
	buf_add(&cmd, "START_REPLICATION SLOT ", 23);
	buf_add(&cmd, e->cfg.slot, strlen(e->cfg.slot));
	buf_add(&cmd, " LOGICAL ", 9);
	buf_add(&cmd, l, strlen(l));
	for (int i = 0; i < e->cfg.n_options; i++) {
		const char *name = e->cfg.option[i].name;
		const char *value = e->cfg.option[i].value;

		buf_add(&cmd, i ? ", " : " (", 2);
		add_quoted(&cmd, name, strlen(name), '"');
		buf_add(&cmd, " ", 1);
		add_quoted(&cmd, value, strlen(value), '\'');
	}
	buf_add(&cmd, e->cfg.n_options ? ", " : " (", 2);
	buf_add(&cmd, DRIVER_OPTIONS, strlen(DRIVER_OPTIONS));
	buf_add(&cmd, ")", 1);
	res = PQexec(e->pg.conn, cmd.p);
	free(cmd.p);
	ok = PQresultStatus(res) == PGRES_COPY_BOTH;
	if (!ok)
		pg_fail(e, PQerrorMessage(e->pg.conn), res);
	PQclear(res);
	return ok ? 0 : -1;
}

/*
 * The server's notices, logged: the plugin's WARNINGs name each row it
 * leaves out (bad-rows=skip, a type it does not know), and are counted
 * (again when a retry decodes the row again) and kept for status.
 */
static void
log_notice(void *arg, const PGresult *res)
{
	struct engine *e = arg;
	const char *msg = PQresultErrorMessage(res);

	if (strstr(msg, "WARNING:  row of table ") == msg &&
	    strstr(msg, " left out: ") != NULL)
		note_left_out(e, res);
	logmsg("%.*s", (int)strcspn(msg, "\n"), msg);
	for (msg = strchr(msg, '\n'); msg != NULL && msg[1] != '\0';
	    msg = strchr(msg + 1, '\n'))
		logmsg("%.*s", (int)strcspn(msg + 1, "\n"), msg + 1);
}

/* connect, look at the slot, and stream from it */
void
pg_connect(struct engine *e)
{
	char l[24];

	e->pg.conn = replication_connect();
	PQsetNoticeReceiver(e->pg.conn, log_notice, e);
	if (PQstatus(e->pg.conn) != CONNECTION_OK) {
		pg_fail(e, PQerrorMessage(e->pg.conn), NULL);
		return;
	}
	if (slot_check(e) != 0 ||
	    (e->policy->owns_state && timeline_check(e) != 0) ||
	    (e->policy->drains && e->q.end == 0 && emit_marker(e) != 0) ||
	    start_replication(e) != 0)
		return;
	PQsetnonblocking(e->pg.conn, 1);
	e->pg.last_heard = e->pg.last_status_sent = now_ms();
	e->pg.keepalive_pos = 0;
	e->pg.caught_up = 0;
	fmt_lsn(e->pos.applied, l);
	if (e->pg.backoff.since || e->st.state == S_FAILING)
		logmsg("streaming from slot %s at %s", e->cfg.slot, l);
	e->pg.connected_at = now_ms();
	if ((e->st.state == S_FAILING || e->st.state == S_HELD) &&
	    e->dns.held == NULL && e->pg.decode_held_lsn == 0 &&
	    !*e->pos.error && !e->dns.retry_at) {
		logmsg("recovered; applied through %s", l);
		set_state(e, S_RUNNING, "");
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
int
pg_status_update(struct engine *e, int reply)
{
	char m[34];
	struct timeval tv;
	int64_t t;

	if (e->pg.conn == NULL || e->pg.connected_at == 0)
		return -1;
	gettimeofday(&tv, NULL);
	/* microseconds since 2000-01-01 */
	t = ((int64_t)tv.tv_sec - 946684800) * 1000000 + tv.tv_usec;
	m[0] = 'r';
	put64(m + 1, e->pos.recorded);
	put64(m + 9, e->pos.recorded);
	put64(m + 17, e->pos.recorded);
	put64(m + 25, (uint64_t)t);
	m[33] = (char)reply;
	e->pg.last_status_sent = now_ms();
	if (PQputCopyData(e->pg.conn, m, sizeof(m)) <= 0 ||
	    PQflush(e->pg.conn) < 0) {
		pg_fail(e, PQerrorMessage(e->pg.conn), NULL);
		return -1;
	}
	return 0;
}

static void
pg_read(struct engine *e)
{
	char *m;
	int n;

	if (PQconsumeInput(e->pg.conn) == 0) {
		pg_fail(e, PQerrorMessage(e->pg.conn), NULL);
		return;
	}
	while (e->pg.conn && e->q.bytes < (size_t)e->cfg.queue_max &&
	    (n = PQgetCopyData(e->pg.conn, &m, 1)) > 0) {
		e->pg.last_heard = now_ms();
		if (m[0] == 'w' && n >= 25) {
			uint64_t start = get64(m + 1);

			if (ingest(&e->q, e->pos.applied, m + 25,
			    n - 25) != 0) {
				char msg[1200];

				snprintf(msg, sizeof(msg),
				    "the stream at %" PRIX64
				    ": %s", start, e->q.error);
				PQfreemem(m);
				pg_fail(e, msg, NULL);
				return;
			}
		} else if (m[0] == 'k' && n >= 18) {
			e->pg.keepalive_pos = get64(m + 1);
			/* nothing pending: the position follows the WAL */
			if (e->q.head == NULL && !e->q.in_frame &&
			    e->policy->owns_state &&
			    !e->st.paused) {
				zones_follow(e, e->pg.keepalive_pos);
				if (!e->pg.caught_up) {
					e->pg.caught_up = 1;
					write_status(e);
				}
			}
			if (m[17])
				pg_status_update(e, 0);
		}
		PQfreemem(m);
	}
	if (e->pg.conn && e->q.bytes < (size_t)e->cfg.queue_max && n == -1) {
		PGresult *res = PQgetResult(e->pg.conn);

		pg_fail(e,
		    PQresultErrorMessage(res)[0] ? PQresultErrorMessage(res) :
		    "replication ended", res);
		PQclear(res);
	} else if (e->pg.conn && n == -2)
		pg_fail(e, PQerrorMessage(e->pg.conn), NULL);
}

/* One row whatever the slot's fate: wal_status "missing" when there is
 * no such slot.  Simple query protocol, which a replication connection
 * also speaks; the slot name is checked (letters, digits, _). */
const char *
slot_sql(struct engine *e)
{
	char *sql = e->pg.slot_query;

	if (!*sql)
		snprintf(sql, sizeof(e->pg.slot_query),
		    "SELECT coalesce(s.wal_status, "
		    "'missing'), pg_wal_lsn_diff(pg_current_wal_lsn(), "
		    "s.restart_lsn)::bigint, s.safe_wal_size, "
		    "pg_current_wal_lsn()::text, s.confirmed_flush_lsn::text "
		    "FROM (SELECT 1) AS one LEFT JOIN pg_replication_slots s "
		    "ON s.slot_name = '%s'", e->cfg.slot);
	return sql;
}

void
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
 * a word, so the driver holds and names the way out.  SLOT_GONE when
 * the WAL after the applied position is not there to decode (missing or
 * invalidated), SLOT_MOVED when it was confirmed past it, else 0. */
int
slot_problem(struct engine *e, const struct slot_facts *f, char *msg, size_t n)
{
	char a[24], c[24];

	if (!f->known)
		return 0;
	fmt_lsn(e->pos.applied, a);
	fmt_lsn(f->confirmed, c);
	if (strcmp(f->wal_status, "missing") == 0)
		snprintf(msg, n, "slot %s is missing (dropped, or PostgreSQL "
		    "failed over: a logical slot does not follow a promoted "
		    "standby); changes committed after %s (commit %s) may not "
		    "be in the DNS and pg2dns does not guess which: run pg2dns "
		    "resync (a new slot, and the DNS made equal to the tables)",
		    e->cfg.slot, a, e->pos.time);
	else if (strcmp(f->wal_status, "lost") == 0)
		snprintf(msg, n, "slot %s was invalidated by PostgreSQL "
		    "(wal_status lost: it held more WAL than "
		    "max_slot_wal_keep_size); changes committed after %s "
		    "(commit %s) may not be in the DNS and the WAL that held "
		    "them is gone: run pg2dns resync (a new slot, and the DNS "
		    "made equal to the tables)", e->cfg.slot, a, e->pos.time);
	else if (e->pos.applied && f->confirmed > e->pos.applied) {
		snprintf(msg, n, "slot %s is confirmed at %s, past the applied "
		    "position %s: it was made again or moved outside pg2dns, "
		    "and changes between the two may not be in the DNS: run "
		    "pg2dns resync (the DNS made equal to the tables)",
		    e->cfg.slot,
		    c, a);
		return SLOT_MOVED;
	} else
		return 0;
	return SLOT_GONE;
}

/* before streaming: is the slot there and whole?  -1 if not (held) */
static int
slot_check(struct engine *e)
{
	PGresult *res = PQexec(e->pg.conn, slot_sql(e));
	char msg[1200];

	slot_read(res, &e->mon.slot);
	PQclear(res);
	if (!e->mon.slot.known) {
		pg_fail(e, e->mon.slot.error, NULL);
		return -1;
	}
	switch (slot_problem(e, &e->mon.slot, msg, sizeof(msg))) {
	case 0:
		return 0;
	case SLOT_GONE:
		/* only a resync brings back what the WAL no longer holds */
		if (e->policy->owns_state)
			return slot_lost(e, msg);
	}
	pg_hold(e, msg);
	return -1;
}

/* streaming would lose changes without a word: hold, saying why */
void
pg_hold(struct engine *e, const char *msg)
{
	if (e->policy->drains)
		die("%s", msg);
	if (strcmp(msg, e->st.error) != 0)
		note_error(e, msg);
	pg_close(e);
	/* looked at again now and then: a pause and resume (as resync
	 * does) looks at once */
	e->pg.retry_at = now_ms() + e->cfg.backoff_max;
	set_state(e, S_HELD, msg);
}

/* IDENTIFY_SYSTEM: the server's system identifier and timeline; -1 if
 * not */
int
identify_system(struct engine *e, struct timeline *t)
{
	PGresult *res = PQexec(e->pg.conn, "IDENTIFY_SYSTEM");
	int ok = PQresultStatus(res) == PGRES_TUPLES_OK &&
	    PQntuples(res) == 1 && PQnfields(res) >= 2;

	if (ok) {
		snprintf(t->sysid, sizeof(t->sysid), "%s",
		    PQgetvalue(res, 0, 0));
		t->tli = (unsigned)strtoul(PQgetvalue(res, 0, 1), NULL, 10);
	} else
		pg_fail(e, PQerrorMessage(e->pg.conn), res);
	PQclear(res);
	return ok ? 0 : -1;
}

/* TIMELINE_HISTORY TLI: the timeline's history file, added to history
 * (a line each ancestor, oldest first: "TLI<tab>SWITCHPOINT<tab>why");
 * -1 if not */
int
timeline_history(struct engine *e, unsigned tli, struct buf *history)
{
	char cmd[40], msg[1100];
	PGresult *res;
	int ok;

	snprintf(cmd, sizeof(cmd), "TIMELINE_HISTORY %u", tli);
	res = PQexec(e->pg.conn, cmd);
	ok = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 &&
	    PQnfields(res) >= 2;
	if (ok)
		buf_add(history, PQgetvalue(res, 0, 1),
		    PQgetlength(res, 0, 1));
	else {
		snprintf(msg, sizeof(msg), "%s: %s", cmd,
		    PQerrorMessage(e->pg.conn));
		pg_fail(e, msg, res);
	}
	PQclear(res);
	return ok ? 0 : -1;
}

/* the commit time of the oldest transaction after pos that the slot
 * holds; "none" if there is none, "unknown" if that cannot be known (the
 * slot is in use, ...) */
const char *
find_pending(struct engine *e, PGconn *c, char *when, size_t when_size)
{
	struct buf sql = { 0 };
	int rows;
	const char *found = "unknown";
	PGresult *res;

	buf_add(&sql, "SELECT data FROM pg_logical_slot_peek_changes('", 47);
	buf_add(&sql, e->cfg.slot, strlen(e->cfg.slot));
	buf_add(&sql, "', NULL, 2000", 13);
	for (int i = 0; i < e->cfg.n_options; i++) {
		const char *word[2] = { e->cfg.option[i].name,
		    e->cfg.option[i].value };

		for (int j = 0; j < 2; j++) {
			char *lit = PQescapeLiteral(c, word[j],
			    strlen(word[j]));

			buf_add(&sql, ", ", 2);
			buf_add(&sql, lit, strlen(lit));
			PQfreemem(lit);
		}
	}
	buf_add(&sql, ")", 1);
	res = PQexec(c, sql.p);
	free(sql.p);
	if (PQresultStatus(res) == PGRES_TUPLES_OK) {
		rows = PQntuples(res);
		for (int i = 0; i < rows && e->q.head == NULL; i++)
			if (ingest(&e->q, e->pos.applied, PQgetvalue(res, i, 0),
			    PQgetlength(res, i, 0)) != 0)
				break;
		if (e->q.head) {
			snprintf(when, when_size, "%s", e->q.head->time);
			found = when;
		} else if (rows < 2000 && !*e->q.error)
			found = "none";
	}
	PQclear(res);
	return found;
}

/* pending: the commit time of the oldest transaction after APPLIED */
int
cmd_pending(struct engine *e, char **argv)
{
	const char *applied = argv[0];
	PGconn *c = PQconnectdb("fallback_application_name=pg2dns");
	char when[40];

	if (parse_lsn(applied, &e->pos.applied) != 0)
		die("pending: bad lsn %s", applied);
	e->q.last_queued = e->pos.applied;
	puts(PQstatus(c) == CONNECTION_OK ?
	    find_pending(e, c, when, sizeof(when)) : "unknown");
	PQfinish(c);
	return 0;
}

/* CREATE_REPLICATION_SLOT with an exported snapshot, a failover slot
 * from PostgreSQL 17 on (a standby with sync_replication_slots keeps a
 * copy): its consistent point and the snapshot's name; -1 if not (the
 * reason in c's error), -2 if a slot of that name exists */
static int
create_slot(struct engine *e, PGconn *c, char *point, size_t point_size,
    char *snap, size_t snap_size)
{
	struct buf sql = { 0 };
	PGresult *res;
	const char *options = PQserverVersion(c) >= 170000 ?
	    " (SNAPSHOT 'export', FAILOVER true)" : " EXPORT_SNAPSHOT";
	const char *state;
	int ok, exists;

	buf_add(&sql, "CREATE_REPLICATION_SLOT ", 24);
	add_quoted(&sql, e->cfg.slot, strlen(e->cfg.slot), '"');
	buf_add(&sql, " LOGICAL ", 9);
	add_quoted(&sql, e->cfg.plugin, strlen(e->cfg.plugin), '"');
	buf_add(&sql, options, strlen(options));
	res = PQexec(c, sql.p);
	free(sql.p);
	ok = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 &&
	    PQnfields(res) >= 3;
	if (ok) {
		snprintf(point, point_size, "%s", PQgetvalue(res, 0, 1));
		snprintf(snap, snap_size, "%s", PQgetvalue(res, 0, 2));
	}
	state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	exists = state && strcmp(state, "42710") == 0;	/* duplicate_object */
	PQclear(res);
	return ok ? 0 : exists ? -2 : -1;
}

/* DROP_REPLICATION_SLOT, not waiting for a client of it: 0, -2 while a
 * client has it (active), -1 if it cannot be dropped */
static int
drop_slot(struct engine *e, PGconn *c)
{
	struct buf sql = { 0 };
	PGresult *res;
	int r;

	buf_add(&sql, "DROP_REPLICATION_SLOT ", 22);
	add_quoted(&sql, e->cfg.slot, strlen(e->cfg.slot), '"');
	res = PQexec(c, sql.p);
	free(sql.p);
	r = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 :
	    slot_in_use(res) ? -2 : -1;
	PQclear(res);
	return r;
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
int
cmd_snapshot(struct engine *e, char **argv)
{
	char point[24], snap[128], line[1024];
	PGconn *c;
	uint64_t until;
	int st, r;

	c = replication_connect();
	if (PQstatus(c) != CONNECTION_OK)
		die("PostgreSQL: %s", one_line(PQerrorMessage(c), line,
		    sizeof(line)));
	/* a slot there is stale: resync keeps nothing of it, and it goes,
	 * unless a client has it for SLOT_REMADE_MS (Patroni makes a
	 * permanent slot again within its loop_wait, active while it is
	 * being made, so it may be there again after the drop) */
	until = now_ms() + SLOT_REMADE_MS;
	while ((r = create_slot(e, c, point, sizeof(point), snap,
	    sizeof(snap))) != 0) {
		if (r == -2)
			r = drop_slot(e, c);
		if (r == 0)
			logmsg("dropped slot %s: it was there (stale, or made "
			    "again by Patroni since a drop)", e->cfg.slot);
		else if (r == -2 && now_ms() < until)
			poll(NULL, 0, 100);
		else
			die("cannot make slot %s afresh: %s", e->cfg.slot,
			    one_line(PQerrorMessage(c), line, sizeof(line)));
	}
	logmsg("created slot %s (plugin %s), consistent at %s; snapshot %s",
	    e->cfg.slot, e->cfg.plugin, point, snap);
	if (setenv("PG2DNS_SNAPSHOT", snap, 1) != 0 ||
	    setenv("PG2DNS_CONSISTENT_POINT", point, 1) != 0)
		die("setenv: %s", strerror(errno));
	st = run_command(argv);
	/* the snapshot ends with the connection; the slot stays */
	PQfinish(c);
	if (st != 0)
		return st;
	puts(point);
	return 0;
}

/* what the loop polls: the socket while there is room in the queue, or
 * while libpq has more to send; -1 when neither */
int
pg_socket(struct engine *e, short *events)
{
	*events = 0;
	if (e->pg.conn == NULL)
		return -1;
	if (e->q.bytes < (size_t)e->cfg.queue_max)
		*events |= POLLIN;
	else
		e->pg.last_heard = now_ms();	/* we stopped reading */
	if (PQflush(e->pg.conn) == 1)
		*events |= POLLOUT;
	return *events ? PQsocket(e->pg.conn) : -1;
}

/* what was read, whatever poll said: libpq may hold what it read */
void
pg_take(struct engine *e)
{
	if (e->pg.conn && e->q.bytes < (size_t)e->cfg.queue_max)
		pg_read(e);
}
