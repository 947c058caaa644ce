/*
 * The replication connection: START_REPLICATION and the standby
 * status updates, the slot looked at before streaming, and the
 * commands that use the slot (pending, snapshot).
 */

#include "engine.h"

static uint64_t undecodable(PGresult *res, char *xid, size_t n);
static void add_quoted(struct buf *b, const char *s, size_t n, char q);
static void put64(char *p, uint64_t v);
static uint64_t get64(const char *p);
static int slot_check(void);

void
pg_close(void)
{
	if (conn == NULL)
		return;
	PQfinish(conn);
	conn = NULL;
	caught_up = 0;
	/* the transaction being received comes again */
	in_frame = 0;
	partial.len = 0;
}

/*
 * The plugin cannot decode a transaction: under skip-hint=pg2dns its
 * error carries a context line of fixed form, "undecodable transaction
 * XID commit LSN", written for the driver.  0 when there is none.
 */
static uint64_t
undecodable(PGresult *res, char *xid, size_t n)
{
	const char *ctx = res ? PQresultErrorField(res, PG_DIAG_CONTEXT) : NULL;
	static const char mark[] = "undecodable transaction ";
	char x[16], l[24];
	uint64_t lsn;

	for (; ctx && *ctx; ctx += strcspn(ctx, "\n"), ctx += *ctx == '\n') {
		if (strncmp(ctx, mark, sizeof(mark) - 1) != 0)
			continue;
		if (sscanf(ctx + sizeof(mark) - 1, "%15[0-9] commit %23[0-9A-Fa-f/]",
		    x, l) == 2 && parse_lsn(l, &lsn) == 0) {
			snprintf(xid, n, "%s", x);
			return lsn;
		}
	}
	return 0;
}

/* the connection failed or ended: say why, retry after the backoff */
void
pg_fail(const char *what, PGresult *res)
{
	char msg[1500], l[24];
	uint64_t lsn;

	snprintf(pg_error, sizeof(pg_error), "%s", what);
	for (char *c = pg_error; *c; c++)
		if (*c == '\n')
			*c = ' ';
	lsn = undecodable(res, decode_held_xid, sizeof(decode_held_xid));
	if (lsn && mode == M_RUN) {
		fmt_lsn(lsn, l);
		if (decode_held_lsn != lsn) {
			m_refusals++;
			write_held("undecodable", lsn, decode_held_xid, pg_error,
			    in_frame ? partial.p : "");
		}
		decode_held_lsn = lsn;
		snprintf(msg, sizeof(msg), "held at transaction %s (commit %s): "
		    "PostgreSQL cannot decode it: %s; pg2dns skip passes it",
		    decode_held_xid, l, pg_error);
	} else
		snprintf(msg, sizeof(msg), "PostgreSQL: %s", pg_error);
	m_retries_pg++;
	if (strcmp(msg, st_error) != 0)
		note_error(msg);
	else
		logmsg("still %s", msg);
	pg_close();
	if (mode == M_DRAIN)
		die("cannot drain replication: %s", msg);
	if (pg_backoff == 0)
		pg_backoff = c_backoff_min;
	pg_retry_at = now_ms() + pg_backoff;
	pg_backoff = pg_backoff * 2 > c_backoff_max ? c_backoff_max :
	    pg_backoff * 2;
	set_state("failing", msg);
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

void
pg_connect(void)
{
	const char *keys[] = { "replication", "fallback_application_name",
	    "dbname", NULL };
	const char *vals[] = { "database", PROG, getenv("PGDATABASE"), NULL };
	struct buf cmd = { 0 };
	char *copy, *w[64], l[24];
	PGresult *res;
	int n;

	if (vals[2] == NULL)
		keys[2] = NULL;
	conn = PQconnectdbParams(keys, vals, 0);
	if (PQstatus(conn) != CONNECTION_OK) {
		pg_fail(PQerrorMessage(conn), NULL);
		return;
	}
	if (slot_check() != 0)
		return;
	if (mode == M_DRAIN && drain_end == 0) {
		/* a WAL record after the snapshot: once decoding has passed
		 * it, every transaction the snapshot sees has been sent */
		res = PQexec(conn, "SELECT pg_logical_emit_message(false, "
		    "'pg2dns', 'verify')::text");
		if (PQresultStatus(res) != PGRES_TUPLES_OK ||
		    parse_lsn(PQgetvalue(res, 0, 0), &drain_end) != 0) {
			pg_fail(PQerrorMessage(conn), res);
			PQclear(res);
			return;
		}
		PQclear(res);
	}
	fmt_lsn(pos, l);
	buf_add(&cmd, "START_REPLICATION SLOT ", 23);
	buf_add(&cmd, c_slot, strlen(c_slot));
	buf_add(&cmd, " LOGICAL ", 9);
	buf_add(&cmd, l, strlen(l));
	copy = strdup(c_options);
	n = split_words(copy, w, 64);
	for (int i = 0; i < n; i++) {
		char *eq = strchr(w[i], '=');

		buf_add(&cmd, i ? ", " : " (", 2);
		add_quoted(&cmd, w[i], eq - w[i], '"');
		buf_add(&cmd, " ", 1);
		add_quoted(&cmd, eq + 1, strlen(eq + 1), '\'');
	}
	/* the plugin's hints name pg2dns skip, and its errors say what
	 * transaction a skip passes; a small transaction comes in one
	 * message, not one a line */
	buf_add(&cmd, n ? ", " : " (", 2);
	buf_add(&cmd, DRIVER_OPTIONS, strlen(DRIVER_OPTIONS));
	buf_add(&cmd, ")", 1);
	free(copy);
	res = PQexec(conn, cmd.p);
	free(cmd.p);
	if (PQresultStatus(res) != PGRES_COPY_BOTH) {
		pg_fail(PQerrorMessage(conn), res);
		PQclear(res);
		return;
	}
	PQclear(res);
	PQsetnonblocking(conn, 1);
	last_heard = last_status_sent = now_ms();
	keepalive_pos = 0;
	caught_up = 0;
	if (pg_backoff || strcmp(st_state, "failing") == 0)
		logmsg("streaming from slot %s at %s", c_slot, l);
	connected_at = now_ms();
	if ((strcmp(st_state, "failing") == 0 ||
	    strcmp(st_state, "held") == 0) && held == NULL &&
	    decode_held_lsn == 0 && !*ckpt_error && !dns_retry_at) {
		logmsg("recovered; applied through %s", l);
		set_state("running", "");
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
void
pg_status_update(int reply)
{
	char m[34];
	struct timeval tv;
	int64_t t;

	if (conn == NULL)
		return;
	gettimeofday(&tv, NULL);
	/* microseconds since 2000-01-01 */
	t = ((int64_t)tv.tv_sec - 946684800) * 1000000 + tv.tv_usec;
	m[0] = 'r';
	put64(m + 1, ckpt_pos);
	put64(m + 9, ckpt_pos);
	put64(m + 17, ckpt_pos);
	put64(m + 25, (uint64_t)t);
	m[33] = (char)reply;
	if (PQputCopyData(conn, m, sizeof(m)) <= 0 || PQflush(conn) < 0)
		pg_fail(PQerrorMessage(conn), NULL);
	last_status_sent = now_ms();
}

void
pg_read(void)
{
	char *m;
	int n;

	if (PQconsumeInput(conn) == 0) {
		pg_fail(PQerrorMessage(conn), NULL);
		return;
	}
	while (conn && q_bytes < (size_t)c_queue_max &&
	    (n = PQgetCopyData(conn, &m, 1)) > 0) {
		last_heard = now_ms();
		/* a connection that lasts is a success: the next failure
		 * starts the backoff afresh */
		if (last_heard - connected_at > 1000)
			pg_backoff = 0;
		if (m[0] == 'w' && n >= 25) {
			uint64_t start = get64(m + 1);

			if (ingest(m + 25, n - 25) != 0) {
				char msg[1200];

				snprintf(msg, sizeof(msg), "the stream at %" PRIX64
				    ": %s", start, pg_error);
				PQfreemem(m);
				pg_fail(msg, NULL);
				return;
			}
		} else if (m[0] == 'k' && n >= 18) {
			keepalive_pos = get64(m + 1);
			/* nothing pending: the position follows the WAL */
			if (q_head == NULL && !in_frame && mode == M_RUN &&
			    !paused) {
				if (keepalive_pos > pos)
					pos = keepalive_pos;
				if (!caught_up) {
					caught_up = 1;
					write_status(st_state, pending_time());
				}
			}
			if (m[17])
				pg_status_update(0);
		}
		PQfreemem(m);
	}
	if (conn && q_bytes < (size_t)c_queue_max && n == -1) {
		PGresult *res = PQgetResult(conn);

		pg_fail(PQresultErrorMessage(res)[0] ? PQresultErrorMessage(res) :
		    "replication ended", res);
		PQclear(res);
	} else if (conn && n == -2)
		pg_fail(PQerrorMessage(conn), NULL);
}

/* One row whatever the slot's fate: wal_status "missing" when there is
 * no such slot.  Simple query protocol, which a replication connection
 * also speaks; the slot name is checked (letters, digits, _). */
const char *
slot_sql(void)
{
	static char sql[600];

	if (!*sql)
		snprintf(sql, sizeof(sql), "SELECT coalesce(s.wal_status, "
		    "'missing'), pg_wal_lsn_diff(pg_current_wal_lsn(), "
		    "s.restart_lsn)::bigint, s.safe_wal_size, "
		    "pg_current_wal_lsn()::text, s.confirmed_flush_lsn::text "
		    "FROM (SELECT 1) AS one LEFT JOIN pg_replication_slots s "
		    "ON s.slot_name = '%s'", c_slot);
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
 * a word, so the driver holds and names the way out. */
int
slot_problem(const struct slot_facts *f, char *msg, size_t n)
{
	char a[24], c[24];

	if (!f->known)
		return 0;
	fmt_lsn(pos, a);
	fmt_lsn(f->confirmed, c);
	if (strcmp(f->wal_status, "missing") == 0)
		snprintf(msg, n, "slot %s is missing (dropped, or PostgreSQL "
		    "failed over: a logical slot does not follow a promoted "
		    "standby); changes committed after %s (commit %s) may not "
		    "be in the DNS and pg2dns does not guess which: run pg2dns "
		    "resync (a new slot, and the DNS made equal to the tables)",
		    c_slot, a, pos_time);
	else if (strcmp(f->wal_status, "lost") == 0)
		snprintf(msg, n, "slot %s was invalidated by PostgreSQL "
		    "(wal_status lost: it held more WAL than "
		    "max_slot_wal_keep_size); changes committed after %s "
		    "(commit %s) may not be in the DNS and the WAL that held "
		    "them is gone: run pg2dns resync (a new slot, and the DNS "
		    "made equal to the tables)", c_slot, a, pos_time);
	else if (pos && f->confirmed > pos)
		snprintf(msg, n, "slot %s is confirmed at %s, past the applied "
		    "position %s: it was made again or moved outside pg2dns, "
		    "and changes between the two may not be in the DNS: run "
		    "pg2dns resync (the DNS made equal to the tables)", c_slot,
		    c, a);
	else
		return 0;
	return 1;
}

/* before streaming: is the slot there and whole?  -1 if not (held) */
static int
slot_check(void)
{
	PGresult *res = PQexec(conn, slot_sql());
	char msg[1200];

	slot_read(res, &slot_now);
	PQclear(res);
	if (!slot_now.known) {
		pg_fail(slot_now.error, NULL);
		return -1;
	}
	if (slot_problem(&slot_now, msg, sizeof(msg)) == 0)
		return 0;
	if (mode == M_DRAIN)
		die("%s", msg);
	if (strcmp(msg, st_error) != 0)
		note_error(msg);
	pg_close();
	/* looked at again now and then: a pause and resume (as resync
	 * does) looks at once */
	pg_retry_at = now_ms() + c_backoff_max;
	set_state("held", msg);
	return -1;
}

/* the commit time of the oldest transaction after pos that the slot
 * holds; "none" if there is none, "unknown" if that cannot be known (the
 * slot is in use, ...) */
const char *
find_pending(PGconn *c)
{
	static char when[40];
	struct buf sql = { 0 };
	char *copy = strdup(c_options), *w[64];
	int n = split_words(copy, w, 64), rows;
	const char *found = "unknown";
	PGresult *res;

	buf_add(&sql, "SELECT data FROM pg_logical_slot_peek_changes('", 47);
	buf_add(&sql, c_slot, strlen(c_slot));
	buf_add(&sql, "', NULL, 2000", 13);
	for (int i = 0; i < n; i++) {
		char *eq = strchr(w[i], '='), *lit;

		*eq = '\0';
		lit = PQescapeLiteral(c, w[i], strlen(w[i]));
		buf_add(&sql, ", ", 2);
		buf_add(&sql, lit, strlen(lit));
		PQfreemem(lit);
		lit = PQescapeLiteral(c, eq + 1, strlen(eq + 1));
		buf_add(&sql, ", ", 2);
		buf_add(&sql, lit, strlen(lit));
		PQfreemem(lit);
	}
	buf_add(&sql, ")", 1);
	free(copy);
	res = PQexec(c, sql.p);
	free(sql.p);
	if (PQresultStatus(res) == PGRES_TUPLES_OK) {
		rows = PQntuples(res);
		for (int i = 0; i < rows && q_head == NULL; i++)
			if (ingest(PQgetvalue(res, i, 0),
			    PQgetlength(res, i, 0)) != 0)
				break;
		if (q_head) {
			snprintf(when, sizeof(when), "%s", q_head->time);
			found = when;
		} else if (rows < 2000 && !*pg_error)
			found = "none";
	}
	PQclear(res);
	return found;
}

/* pending: the commit time of the oldest transaction after APPLIED */
int
cmd_pending(const char *applied)
{
	PGconn *c = PQconnectdb("fallback_application_name=pg2dns");

	if (parse_lsn(applied, &pos) != 0)
		die("pending: bad lsn %s", applied);
	last_queued = pos;
	puts(PQstatus(c) == CONNECTION_OK ? find_pending(c) : "unknown");
	PQfinish(c);
	return 0;
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
cmd_snapshot(char **argv)
{
	const char *keys[] = { "replication", "fallback_application_name",
	    "dbname", NULL };
	const char *vals[] = { "database", PROG, getenv("PGDATABASE"), NULL };
	struct buf sql = { 0 };
	char point[24], snap[128];
	PGconn *c;
	PGresult *res;
	pid_t pid;
	int st;

	if (vals[2] == NULL)
		keys[2] = NULL;
	c = PQconnectdbParams(keys, vals, 0);
	if (PQstatus(c) != CONNECTION_OK)
		die("PostgreSQL: %s", one_line(PQerrorMessage(c)));
	buf_add(&sql, "CREATE_REPLICATION_SLOT ", 24);
	add_quoted(&sql, c_slot, strlen(c_slot), '"');
	buf_add(&sql, " LOGICAL ", 9);
	add_quoted(&sql, c_plugin, strlen(c_plugin), '"');
	buf_add(&sql, " EXPORT_SNAPSHOT", 16);
	res = PQexec(c, sql.p);
	free(sql.p);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1 ||
	    PQnfields(res) < 3)
		die("cannot create slot %s: %s", c_slot,
		    one_line(PQresultErrorMessage(res)));
	snprintf(point, sizeof(point), "%s", PQgetvalue(res, 0, 1));
	snprintf(snap, sizeof(snap), "%s", PQgetvalue(res, 0, 2));
	PQclear(res);
	logmsg("created slot %s (plugin %s), consistent at %s; snapshot %s",
	    c_slot, c_plugin, point, snap);
	if (setenv("PG2DNS_SNAPSHOT", snap, 1) != 0 ||
	    setenv("PG2DNS_CONSISTENT_POINT", point, 1) != 0)
		die("setenv: %s", strerror(errno));
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			die("waitpid: %s", strerror(errno));
	/* the snapshot ends with the connection; the slot stays */
	PQfinish(c);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return WIFEXITED(st) ? WEXITSTATUS(st) : 2;
	puts(point);
	return 0;
}
