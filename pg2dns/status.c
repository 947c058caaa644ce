/*
 * pg2dns-run status: what pg2dns status shows, from STATE/status, the
 * slot and the serials asked now.
 */

#include "engine.h"

static void serials_now(struct engine *e);
static void json_str(const char *s);
static void json_num(int known, double v);
static int left_out_rows(const struct config *c, struct buf *b,
    char *rows[][LEFT_OUT_FIELDS]);
static void show_left_out(int json, const char *count, char
    *rows[][LEFT_OUT_FIELDS], int n);

/* the slot as a failover slot (PostgreSQL 17 and later): "true",
 * "false", or "" when unknown */
struct failover_facts {
	int	 version;		/* server_version_num; 0: unknown */
	int	 standby;		/* asked on a standby */
	char	 failover[8];		/* it is a failover slot */
	char	 synced[8];		/* a standby's copy, synced from the
					 * primary; known only there */
};

static void failover_read(struct engine *e, PGconn *c,
    struct failover_facts *f);
static const char *json_bool(const char *s);

/* to_jsonb leaves out the columns a server before 17 lacks: null then */
static void
failover_read(struct engine *e, PGconn *c, struct failover_facts *f)
{
	char sql[400];
	PGresult *res;

	memset(f, 0, sizeof(*f));
	snprintf(sql, sizeof(sql), "SELECT current_setting("
	    "'server_version_num'), pg_is_in_recovery(), "
	    "to_jsonb(s)->>'failover', to_jsonb(s)->>'synced' "
	    "FROM pg_replication_slots s WHERE s.slot_name = '%s'",
	    e->cfg.slot);
	res = PQexec(c, sql);
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1) {
		f->version = atoi(PQgetvalue(res, 0, 0));
		f->standby = strcmp(PQgetvalue(res, 0, 1), "t") == 0;
		snprintf(f->failover, sizeof(f->failover), "%s",
		    PQgetvalue(res, 0, 2));
		if (f->standby)
			snprintf(f->synced, sizeof(f->synced), "%s",
			    PQgetvalue(res, 0, 3));
	}
	PQclear(res);
}

/* "true" or "false" as JSON's, anything else null */
static const char *
json_bool(const char *s)
{
	return strcmp(s, "true") == 0 || strcmp(s, "false") == 0 ? s : "null";
}

/* ask every server at once, and wait (30 s at most) */
static void
serials_now(struct engine *e)
{
	uint64_t t0 = now_ms();

	for (int i = 0; i < e->mon.n_servers; i++)
		dig_start(e, &e->mon.servers[i]);
	while (now_ms() - t0 < 30000) {
		struct pollfd pf[64];
		int npf = 0;

		for (int i = 0; i < e->mon.n_servers; i++)
			if (e->mon.servers[i].pid > 0 && !dig_read(e,
			    &e->mon.servers[i]) &&
			    npf < 64) {
				pf[npf].fd = e->mon.servers[i].out;
				pf[npf++].events = POLLIN;
			}
		if (npf == 0)
			break;
		poll(pf, npf, 1000);
	}
	for (int i = 0; i < e->mon.n_servers; i++) {
		close_fd(&e->mon.servers[i].out);
		reap(&e->mon.servers[i].pid);
	}
}

static void
json_str(const char *s)
{
	if (s == NULL || *s == '\0') {
		fputs("null", stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		unsigned char ch = *s;

		if (ch == '"' || ch == '\\')
			printf("\\%c", ch);
		else if (ch < 0x20 || ch == 0x7f)
			printf("\\u%04x", ch);
		else
			putchar(ch);
	}
	putchar('"');
}

static void
json_num(int known, double v)
{
	if (known)
		printf("%.15g", v);
	else
		fputs("null", stdout);
}

/*
 * STATE/left_out's lines, oldest first, split into their fields (seen,
 * xid, commit lsn, commit time, table, why, the row) in b; how many.
 * The WARNING's message, row of table "T" left out: WHY, gives the table
 * and why.
 */
static int
left_out_rows(const struct config *c, struct buf *b,
    char *rows[][LEFT_OUT_FIELDS])
{
	static const char table_at[] = "row of table \"", why_at[] =
	    "\" left out: ";
	int n = 0;

	read_state_file(c, "left_out", b);
	for (char *l = b->p; *l && n < LEFT_OUT_KEPT; n++) {
		char *end = l + strcspn(l, "\n"), *msg, *why;
		int f = 0;

		*end = '\0';
		rows[n][f++] = l;
		while (f < LEFT_OUT_FIELDS && (l = strchr(l, '\t'))) {
			*l++ = '\0';
			rows[n][f++] = l;
			/* the message: the table, then why */
			if (f == 5) {
				msg = l;
				why = strstr(msg, why_at);
				if (strncmp(msg, table_at, strlen(table_at)) ||
				    why == NULL || (l = strchr(why, '\t')) ==
				    NULL)
					break;
				rows[n][4] = msg + strlen(table_at);
				*why = '\0';
				rows[n][f++] = why + strlen(why_at);
			}
		}
		if (f != LEFT_OUT_FIELDS) {
			char p[PATH_MAX];

			state_path(c, p, "left_out");
			die("%s, line %d: not a row left out", p, n + 1);
		}
		l = end + 1;
	}
	return n;
}

/* the rows left out: how many since the driver started (count, "" if it
 * does not run) and the last n, newest last */
static void
show_left_out(int json, const char *count, char *rows[][LEFT_OUT_FIELDS],
    int n)
{
	static const char *const names[LEFT_OUT_FIELDS] = { "seen", "xid",
	    "commit_lsn", "commit_time", "table", "reason", "row" };

	if (!json) {
		if (*count && (strcmp(count, "0") != 0 || n))
			printf("rows left out: %s since the driver started\n",
			    count);
		for (int i = 0; i < n; i++)
			printf("left out: %s, transaction %s (commit %s, "
			    "committed %s): table %s: %s%s%s\n", rows[i][0],
			    rows[i][1], rows[i][2], rows[i][3], rows[i][4],
			    rows[i][5], *rows[i][6] ? "; " : "", rows[i][6]);
		return;
	}
	printf(",\n  \"rows_left_out\": { \"since_start\": %s, \"last\": [",
	    *count ? count : "null");
	for (int i = 0; i < n; i++) {
		printf("%s\n    {", i ? "," : "");
		for (int f = 0; f < LEFT_OUT_FIELDS; f++) {
			printf("%s\"%s\": ", f ? ", " : " ", names[f]);
			json_str(strcmp(rows[i][f], "-") ? rows[i][f] : NULL);
		}
		printf(" }");
	}
	printf("%s] }", n ? "\n  " : "");
}

/*
 * status [-j]: what pg2dns status shows, as text or JSON (-j).  When
 * the driver runs (STATE/pid), STATE/status has its state and
 * counters; the slot and the serials are asked now.  Exit 0 running or
 * paused, 1 failing or held, 3 stopped.
 */
int
cmd_status(struct engine *e, char **argv)
{
	int json = argv[0] != NULL;
	long pid;
	struct slot_facts sf;
	struct failover_facts ff;
	enum state state = S_STOPPED, shown = S_STOPPED;
	int held_paused = 0;
	char pending[40] = "unknown", problem[1200] = "", heldl[200],
	    lasterr[1600], l[24],
	    c[24], when[40], kind[40], hl[40], hx[40];
	/* STATE/status as the running driver wrote it, its lines strings */
	char status_text[STATUS_SIZE + 1] = "";
	const char *since = "", *err = "", *v;
	double secs = 0, last = 0;
	uint64_t bytes = 0, held_lsn;
	int have_bytes, have_secs;
	PGconn *pc;
	PGresult *res;
	struct buf left_out = { 0 };
	char *left_out_row[LEFT_OUT_KEPT][LEFT_OUT_FIELDS];
	int n_left_out;

	if (json && strcmp(argv[0], "-j") != 0)
		usage();
	need_state(&e->cfg);
	pid = driver_pid(&e->cfg);
	memset(&sf, 0, sizeof(sf));
	memset(&ff, 0, sizeof(ff));
	state_path(&e->cfg, e->pos.file, "applied");
	read_applied(e);
	if (pid) {
		read_status_file(&e->cfg, status_text);
		state = state_named(status_value(status_text, "state"));
		shown = state_named(status_value(status_text,
		    "condition"));
		/* it runs: not stopped, whatever the file says */
		if (state == S_STARTING || state == S_STOPPED)
			state = S_RUNNING;
		if (shown == S_STARTING || shown == S_STOPPED)
			shown = state;
		since = status_value(status_text, "since");
		err = status_value(status_text, "error");
		snprintf(pending, sizeof(pending), "%s",
		    status_value(status_text, "pending"));
		if (parse_lsn(status_value(status_text, "applied"),
		    &e->pos.applied) == 0) {
			snprintf(e->pos.time, sizeof(e->pos.time), "%s",
			    status_value(status_text, "commit_time"));
			snprintf(e->pos.xid, sizeof(e->pos.xid), "%s",
			    status_value(status_text, "xid"));
			e->q.last_queued = e->pos.applied;
		}
		last = strtod(status_value(status_text, "last_apply"), NULL);
	}
	pc = PQconnectdb("fallback_application_name=pg2dns");
	if (PQstatus(pc) == CONNECTION_OK) {
		res = PQexec(pc, slot_sql(e));
		slot_read(res, &sf);
		PQclear(res);
		failover_read(e, pc, &ff);
	} else {
		snprintf(sf.error, sizeof(sf.error), "%s", PQerrorMessage(pc));
		sf.error[strcspn(sf.error, "\n")] = '\0';
	}
	/* the driver knows what is pending while it streams; else look
	 * (the slot is free then) */
	if (!pid || state == S_PAUSED) {
		v = "unknown";
		if (sf.known && strcmp(sf.wal_status, "missing") != 0 &&
		    strcmp(sf.wal_status, "lost") != 0)
			v = find_pending(e, pc, when, sizeof(when));
		snprintf(pending, sizeof(pending), "%s",
		    strcmp(v, "none") ? v : "");
	}
	PQfinish(pc);
	serials_now(e);
	slot_problem(e, &sf, problem, sizeof(problem));
	have_bytes = lag_bytes(&sf, e->pos.applied, &bytes) == 0;
	have_secs = lag_seconds(pending, &secs) == 0;
	state_line(&e->cfg, "held", heldl, sizeof(heldl));
	/* held until it is applied or skipped, also while paused (verify
	 * pauses the driver while it drains up to it) */
	if (sscanf(heldl, "%39s %39s %39s", kind, hl, hx) == 3 &&
	    parse_lsn(hl, &held_lsn) == 0 && held_lsn > e->pos.applied) {
		if (state == S_PAUSED) {
			state = shown = S_HELD;
			held_paused = 1;
		}
	} else
		*heldl = '\0';
	/* a held zone holds whatever the driver is doing but paused and
	 * stopped (the other zones carry on) */
	for (size_t i = 0; i < e->pos.n_zones; i++)
		if (e->pos.zone[i].held && pid && state != S_STOPPED) {
			held_paused |= state == S_PAUSED;
			state = shown = S_HELD;
		}
	state_line(&e->cfg, "last_error", lasterr, sizeof(lasterr));
	n_left_out = left_out_rows(&e->cfg, &left_out, left_out_row);
	fmt_lsn(e->pos.applied, l);
	fmt_lsn(sf.confirmed, c);
	if (!json) {
		printf("state: %s", state_names[state]);
		if (*since)
			printf(" since %s", since);
		if (pid)
			printf(", process %ld", pid);
		if (held_paused)
			printf(" (paused)");
		else if (state != S_PAUSED && state_exists(&e->cfg, "paused"))
			printf(" (pause requested)");
		printf("\napplied: %s, committed %s, xid %s\n", l, e->pos.time,
		    e->pos.xid);
		if (sf.known) {
			printf("slot: %s, confirmed %s; wal_status %s",
			    e->cfg.slot, strcmp(sf.wal_status, "missing") == 0 ?
			    "missing" : sf.confirmed ? c : "none",
			    sf.wal_status);
			if (sf.retained >= 0)
				printf(", %lld bytes of WAL retained",
				    (long long)sf.retained);
			if (have_bytes)
				printf("\nlag: %" PRIu64 " bytes of WAL, ", bytes);
			else
				printf("\nlag: unknown, ");
			if (have_secs)
				printf("%.3f s\n", secs);
			else
				printf("unknown s\n");
		} else
			printf("slot: %s, unknown: %s\nlag: unknown\n",
			    e->cfg.slot, sf.error);
		if (ff.version && ff.version < 170000)
			printf("failover slot: no (PostgreSQL %d has none)\n",
			    ff.version / 10000);
		else if (strcmp(ff.failover, "true") == 0)
			printf("failover slot: yes, synced on a standby: %s\n",
			    !ff.standby ? "unknown (asked on the primary)" :
			    strcmp(ff.synced, "true") == 0 ? "yes" : "no");
		else if (ff.version)
			printf("failover slot: no\n");
		if (*err)
			printf("error: %s\n", err);
		if (*problem && strcmp(problem, err) != 0)
			printf("slot problem: %s\n", problem);
		if (*heldl)
			printf("held: transaction %s (commit %s, %s); pg2dns "
			    "skip passes it\n", hx, hl, kind);
		for (size_t i = 0; i < e->pos.n_zones; i++) {
			const struct zone_pos *z = &e->pos.zone[i];
			char zl[24];

			if (!z->held)
				continue;
			fmt_lsn(z->held, zl);
			printf("held zone: %s at transaction %s (commit %s, "
			    "refused: %s); its later transactions wait; "
			    "pg2dns skip %s passes it\n", z->name, z->xid, zl,
			    z->why, z->name);
		}
		if (*lasterr)
			printf("last error: %s\n", lasterr);
		show_left_out(json, pid ? status_value(status_text,
		    "rows_left_out") : "", left_out_row, n_left_out);
		/* each zone's serial on each server, one line a zone */
		for (int z = 0; z < e->mon.n_zones && e->mon.n_servers; z++) {
			printf("serial: %s:", e->mon.zones[z]);
			for (int i = 0; i < e->mon.n_servers; i++) {
				const struct dns_server *sv = &e->mon.servers[i];
				int primary = strcmp(sv->role, "primary") == 0;

				printf("%s", primary ? " " : ", ");
				if (sv->serial[z] >= 0)
					printf("%lld", sv->serial[z]);
				else
					printf("unknown");
				printf(" on %s%s", sv->name,
				    primary ? " (primary)" : "");
			}
			putchar('\n');
		}
	} else {
		printf("{\n  \"state\": ");
		json_str(state_names[shown]);
		printf(",\n  \"since\": ");
		json_str(since);
		printf(",\n  \"applied\": { \"lsn\": \"%s\", \"commit_time\": ",
		    l);
		json_str(strcmp(e->pos.time, "-") ? e->pos.time : NULL);
		printf(", \"xid\": ");
		json_str(strcmp(e->pos.xid, "-") ? e->pos.xid : NULL);
		printf(" },\n  \"lag\": { \"bytes\": ");
		json_num(have_bytes, (double)bytes);
		printf(", \"seconds\": ");
		json_num(have_secs, secs);
		printf(" },\n  \"seconds_since_last_apply\": ");
		json_num(last > 0, now_real() - last);
		if (pid)
			printf(",\n  \"counters\": { \"transactions\": %s, "
			    "\"changes\": %s, \"update_messages\": %s, "
			    "\"retries_dns\": %s, \"retries_postgresql\": %s, "
			    "\"refusals\": %s }",
			    status_value(status_text, "transactions"),
			    status_value(status_text, "changes"),
			    status_value(status_text, "messages"),
			    status_value(status_text, "retries_dns"),
			    status_value(status_text, "retries_postgresql"),
			    status_value(status_text, "refusals"));
		else
			printf(",\n  \"counters\": null");
		printf(",\n  \"slot\": { \"name\": \"%s\", \"wal_status\": ",
		    e->cfg.slot);
		json_str(sf.known ? sf.wal_status : NULL);
		printf(", \"retained_bytes\": ");
		json_num(sf.known && sf.retained >= 0, (double)sf.retained);
		printf(", \"safe_wal_bytes\": ");
		json_num(sf.known && sf.has_safe, (double)sf.safe);
		printf(", \"confirmed_lsn\": ");
		json_str(sf.known && sf.confirmed ? c : NULL);
		printf(", \"failover\": %s, \"synced\": %s",
		    ff.version && ff.version < 170000 ? "false" :
		    json_bool(ff.failover), json_bool(ff.synced));
		printf(", \"error\": ");
		json_str(sf.error);
		printf(" },\n  \"error\": ");
		json_str(err);
		printf(",\n  \"problem\": ");
		json_str(problem);
		printf(",\n  \"held\": ");
		json_str(heldl);
		printf(",\n  \"held_zones\": [");
		for (size_t i = 0, k = 0; i < e->pos.n_zones; i++) {
			const struct zone_pos *z = &e->pos.zone[i];

			if (!z->held)
				continue;
			fmt_lsn(z->held, hl);
			printf("%s\n    { \"zone\": ", k++ ? "," : "");
			json_str(z->name);
			printf(", \"lsn\": \"%s\", \"xid\": ", hl);
			json_str(z->xid);
			printf(", \"why\": ");
			json_str(z->why);
			printf(" }");
		}
		printf("%s]", zones_held(e) ? "\n  " : "");
		printf(",\n  \"last_error\": ");
		json_str(lasterr);
		show_left_out(json, pid ? status_value(status_text,
		    "rows_left_out") : "", left_out_row, n_left_out);
		printf(",\n  \"serials\": [");
		for (int i = 0, k = 0; i < e->mon.n_servers; i++)
			for (int z = 0; z < e->mon.n_zones; z++, k++) {
				printf("%s\n    { \"zone\": ", k ? "," : "");
				json_str(e->mon.zones[z]);
				printf(", \"server\": ");
				json_str(e->mon.servers[i].name);
				printf(", \"role\": \"%s\", \"serial\": ",
				    e->mon.servers[i].role);
				json_num(e->mon.servers[i].serial[z] >= 0,
				    (double)e->mon.servers[i].serial[z]);
				printf(" }");
			}
		printf("%s]\n}\n", e->mon.n_zones ? "\n  " : "");
	}
	free(left_out.p);
	if (state == S_RUNNING || state == S_PAUSED)
		return 0;
	return state == S_STOPPED ? 3 : 1;
}
