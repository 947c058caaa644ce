/*
 * Monitoring and metrics: the slot's WAL on a second connection, the
 * zones' SOA serials by dig, the counters, and PG2DNS_METRICS.
 */

#include "engine.h"

static int parse_commit_time(const char *s, double *t);
static void monitor_close(struct engine *e, const char *why);
static void monitor_tick(struct engine *e, uint64_t now);
static char *zone_name(const char *s, size_t n);
static void add_zone(struct engine *e, const char *s, size_t n);
static void serials_tick(struct engine *e, uint64_t now);
static void add_metric(struct buf *b, const char *name, const char *type,
    const char *help);
static void add_sample(struct buf *b, const char *name, const char *labels,
    double v);
static const char *label_value(const char *s, char *out, size_t n);

/* WAL written since APPLIED (or, before anything was applied, since the
 * slot's confirmed position); -1 when unknown */
int
lag_bytes(const struct slot_facts *f, uint64_t applied, uint64_t *n)
{
	uint64_t base = applied ? applied : f->confirmed;

	if (!f->known || f->current == 0 || base == 0)
		return -1;
	*n = f->current > base ? f->current - base : 0;
	return 0;
}

/* the plugin's commit time, 2026-11-25T20:27:37.534299Z, as epoch
 * seconds */
static int
parse_commit_time(const char *s, double *t)
{
	struct tm tm;
	long us = 0;

	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, COMMIT_TIME_SCAN, &tm.tm_year,
	    &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec,
	    &us) != 7)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*t = (double)timegm(&tm) + us / 1e6;
	return 0;
}

/* the age of PENDING, the oldest unapplied commit time ("" when caught
 * up: 0); -1 when unknown */
int
lag_seconds(const char *pending, double *age)
{
	double t;

	if (*pending == '\0') {
		*age = 0;
		return 0;
	}
	if (parse_commit_time(pending, &t) != 0)
		return -1;
	*age = now_real() - t;
	if (*age < 0)
		*age = 0;
	return 0;
}

static void
monitor_close(struct engine *e, const char *why)
{
	e->mon.slot.known = 0;
	if (why != e->mon.slot.error)
		snprintf(e->mon.slot.error, sizeof(e->mon.slot.error), "%s",
		    why);
	e->mon.slot.error[strcspn(e->mon.slot.error, "\n")] = '\0';
	PQfinish(e->mon.conn);
	e->mon.conn = NULL;
	e->mon.busy = 0;
}

/* The slot's WAL, once a second, on a connection of its own (the
 * replication connection cannot ask while it streams), without waiting
 * for the answer. */
static void
monitor_tick(struct engine *e, uint64_t now)
{
	PGresult *res;

	if (e->mon.conn == NULL) {
		/* connecting blocks: only while PostgreSQL answers the
		 * driver, or while paused or held */
		if ((e->pg.conn == NULL && !e->st.paused &&
		    e->st.state != S_HELD) ||
		    now < e->mon.retry_at)
			return;
		e->mon.retry_at = now + 10000;
		e->mon.conn = PQconnectdb("fallback_application_name=pg2dns");
		if (PQstatus(e->mon.conn) != CONNECTION_OK) {
			monitor_close(e, PQerrorMessage(e->mon.conn));
			return;
		}
		e->mon.next = now;
	}
	if (e->mon.busy) {
		if (PQconsumeInput(e->mon.conn) == 0) {
			monitor_close(e, PQerrorMessage(e->mon.conn));
			return;
		}
		if (PQisBusy(e->mon.conn)) {
			if (now - e->mon.sent > (uint64_t)e->cfg.timeout)
				monitor_close(e, "no answer");
			return;
		}
		res = PQgetResult(e->mon.conn);
		slot_read(res, &e->mon.slot);
		PQclear(res);
		while ((res = PQgetResult(e->mon.conn)) != NULL)
			PQclear(res);
		e->mon.busy = 0;
		if (!e->mon.slot.known) {
			monitor_close(e, e->mon.slot.error);
			return;
		}
		if (strcmp(e->mon.slot.wal_status, e->mon.warned) != 0) {
			if (strcmp(e->mon.slot.wal_status, "unreserved") == 0)
				logmsg("slot %s holds more WAL than "
				    "max_slot_wal_keep_size (wal_status "
				    "unreserved, %lld bytes): PostgreSQL "
				    "invalidates it at a checkpoint unless "
				    "pg2dns catches up first", e->cfg.slot,
				    (long long)e->mon.slot.retained);
			else if (*e->mon.warned)
				logmsg("slot %s: wal_status %s", e->cfg.slot,
				    e->mon.slot.wal_status);
			snprintf(e->mon.warned, sizeof(e->mon.warned), "%s",
			    e->mon.slot.wal_status);
		}
		return;
	}
	if (now >= e->mon.next) {
		if (PQsendQuery(e->mon.conn, slot_sql(e)) == 0) {
			monitor_close(e, PQerrorMessage(e->mon.conn));
			return;
		}
		e->mon.busy = 1;
		e->mon.sent = now;
		e->mon.next = now + 1000;
	}
}

/* a zone name as compared: lower case, no final dot */
static char *
zone_name(const char *s, size_t n)
{
	char *z = strndup(s, n);

	if (z == NULL)
		die("out of memory");
	for (char *p = z; *p; p++)
		*p = tolower((unsigned char)*p);
	n = strlen(z);
	if (n > 1 && z[n - 1] == '.')
		z[n - 1] = '\0';
	return z;
}

static void
add_zone(struct engine *e, const char *s, size_t n)
{
	char *z = zone_name(s, n);

	for (int i = 0; i < e->mon.n_zones; i++)
		if (strcmp(e->mon.zones[i], z) == 0) {
			free(z);
			return;
		}
	e->mon.zones = realloc(e->mon.zones,
	    (e->mon.n_zones + 1) * sizeof(*e->mon.zones));
	if (e->mon.zones == NULL)
		die("out of memory");
	e->mon.zones[e->mon.n_zones++] = z;
}

/* The zones (PG2DNS_ZONES's lines, then PG2DNS_VERIFY_ZONES) and the
 * servers (PG2DNS_SERVER, then PG2DNS_SECONDARIES, ADDRESS[#PORT]
 * words) whose SOA serials status and the metrics show. */
void
load_servers(struct engine *e)
{
	char *w[64], *line = NULL;
	int n;
	size_t cap = 0;
	FILE *f;

	e->mon.server_words = strdup(e->cfg.secondaries);
	n = split_words(e->mon.server_words, w, 64);

	if (*e->cfg.zones && (f = fopen(e->cfg.zones, "r")) != NULL) {
		while (getline(&line, &cap, f) >= 0) {
			char *p = line + strspn(line, " \t");
			size_t len = strcspn(p, " \t\r\n#;");

			if (len)
				add_zone(e, p, len);
		}
		free(line);
		fclose(f);
	}
	{
		char *vz = strdup(e->cfg.verify_zones), *v[1024];
		int nv = split_words(vz, v, 1024);

		for (int i = 0; i < nv; i++)
			add_zone(e, v[i], strlen(v[i]));
		free(vz);
	}
	e->mon.servers = calloc(n + 1, sizeof(*e->mon.servers));
	if (e->mon.servers == NULL)
		die("out of memory");
	for (int i = 0; i <= n; i++) {
		struct dns_server *s = &e->mon.servers[i];
		const char *host = i ? w[i - 1] : e->cfg.server;
		char *hash = i ? strchr(w[i - 1], '#') : NULL, *end;
		long port = e->cfg.port_n;
		int a = 0;

		if (hash) {
			*hash = '\0';
			errno = 0;
			port = strtol(hash + 1, &end, 10);
			if (!isdigit((unsigned char)hash[1]) || *end || errno ||
			    port < 1 || port > 65535)
				die("PG2DNS_SECONDARIES: bad port in '%s#%s' "
				    "(ADDRESS or ADDRESS#PORT)", host,
				    hash + 1);
		} else if (i)
			port = 53;
		if (*host == '\0')
			die("PG2DNS_SECONDARIES: a server without an address");
		snprintf(s->name, sizeof(s->name), "%s#%ld", host, port);
		s->role = i ? "secondary" : "primary";
		s->pid = -1;
		s->out = -1;
		s->serial = malloc((e->mon.n_zones + 1) * sizeof(*s->serial));
		s->argv = malloc((10 + 2 * e->mon.n_zones) * sizeof(*s->argv));
		if (s->serial == NULL || s->argv == NULL ||
		    asprintf(&s->argv[1], "@%s", host) < 0 ||
		    asprintf(&s->argv[3], "%ld", port) < 0)
			die("out of memory");
		s->argv[a++] = "dig";
		a++;
		s->argv[a++] = "-p";
		a++;
		s->argv[a++] = "+time=2";
		s->argv[a++] = "+tries=1";
		s->argv[a++] = "+norec";
		s->argv[a++] = "+noall";
		s->argv[a++] = "+answer";
		for (int z = 0; z < e->mon.n_zones; z++) {
			s->argv[a++] = e->mon.zones[z];
			s->argv[a++] = "SOA";
			s->serial[z] = -1;
		}
		s->argv[a] = NULL;
	}
	e->mon.n_servers = n + 1;
}

/* ask SERVER for every zone's SOA, one dig for all */
void
dig_start(struct engine *e, struct dns_server *s)
{
	int in;

	if (e->mon.n_zones == 0)
		return;
	s->answer.len = 0;
	s->pid = spawn(s->argv, &in, &s->out, NULL);
	close(in);
	s->started = now_ms();
}

/* read dig's answer; 1 when it is complete, and the serials taken */
int
dig_read(struct engine *e, struct dns_server *s)
{
	const char *p;

	if (s->out < 0 || read_into(s->out, &s->answer) == 0)
		return 0;
	close_fd(&s->out);
	reap(&s->pid);
	for (int z = 0; z < e->mon.n_zones; z++)
		s->serial[z] = -1;
	for (p = s->answer.p; p && *p; ) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char line[1200], *w[8], *z;
		int nw = 0;

		if (len < sizeof(line)) {
			memcpy(line, p, len);
			line[len] = '\0';
			nw = split_words(line, w, 8);
		}
		if (nw >= 7 && word_is(w[3], "SOA")) {
			z = zone_name(w[0], strlen(w[0]));
			for (int i = 0; i < e->mon.n_zones; i++)
				if (strcmp(e->mon.zones[i], z) == 0)
					s->serial[i] = strtoll(w[6], NULL, 10);
			free(z);
		}
		p = nl ? nl + 1 : NULL;
	}
	return 1;
}

/* every 5 s, each server asked at once; an answer that takes over 30 s
 * is given up (its serials unknown) */
static void
serials_tick(struct engine *e, uint64_t now)
{
	for (int i = 0; i < e->mon.n_servers; i++) {
		struct dns_server *s = &e->mon.servers[i];

		if (s->pid > 0) {
			if (dig_read(e, s))
				s->next = now + 5000;
			else if (now - s->started > 30000) {
				close_fd(&s->out);
				reap(&s->pid);
				for (int z = 0; z < e->mon.n_zones; z++)
					s->serial[z] = -1;
				s->next = now + 5000;
			}
		} else if (now >= s->next)
			dig_start(e, s);
	}
}

/* one more transaction in the DNS: count it and its changes */
void
count_applied(struct engine *e, const struct tx *t)
{
	unsigned long long sent;

	e->n.tx++;
	e->n.changes += t->changes;
	if (fifo_pop(&e->n.sends, &sent) == 0)
		e->n.messages = e->n.base + sent;
	e->n.last_apply = now_real();
}

/* txsplit wrote a "; COMMIT": the messages before it are its */
void
count_marker(struct engine *e)
{
	fifo_push(&e->n.sends, e->n.written);
}

/* the state the metrics and status -j show: held when replication waits
 * for the operator (a transaction held, a slot that cannot be trusted) */
enum state
public_state(const struct engine *e)
{
	if (e->st.state == S_PAUSED || e->st.state == S_STOPPED)
		return e->st.state;
	if (e->st.state == S_HELD || e->dns.held || e->pg.decode_held_lsn ||
	    zones_held(e))
		return S_HELD;
	if (e->st.state == S_FAILING)
		return S_FAILING;
	return S_RUNNING;
}
static const char *const wal_statuses[] = {
	"reserved", "extended", "unreserved", "lost", "missing"
};

static void
add_metric(struct buf *b, const char *name, const char *type,
    const char *help)
{
	char s[800];

	snprintf(s, sizeof(s), "# HELP pg2dns_%s %s\n# TYPE pg2dns_%s %s\n",
	    name, help, name, type);
	buf_add(b, s, strlen(s));
}

static void
add_sample(struct buf *b, const char *name, const char *labels, double v)
{
	char s[900];

	snprintf(s, sizeof(s), "pg2dns_%s%s%s%s %.15g\n", name,
	    labels ? "{" : "", labels ? labels : "", labels ? "}" : "", v);
	buf_add(b, s, strlen(s));
}

/* a label value: \ " and newline escaped */
static const char *
label_value(const char *s, char *out, size_t n)
{
	size_t j = 0;

	for (; *s && j + 3 < n; s++) {
		if (*s == '\\' || *s == '"' || *s == '\n') {
			out[j++] = '\\';
			out[j++] = *s == '\n' ? 'n' : *s;
		} else
			out[j++] = *s;
	}
	out[j] = '\0';
	return out;
}

/*
 * PG2DNS_METRICS: Prometheus's text format, for node_exporter's
 * textfile collector; at most once a second (FORCE: now), replaced
 * whole by a rename.  What is not known is left out, never shown as 0.
 */
void
write_metrics(struct engine *e, int force)
{
	uint64_t now = now_ms(), bytes;
	struct buf b = { 0 };
	char labels[700], zl[300], tmp[PATH_MAX + 8];
	enum state st = public_state(e);
	int fresh = e->mon.slot.known && now - e->mon.slot.at < 10000, fd, ok;
	double t;

	if (!*e->cfg.metrics || (!force && now - e->mon.metrics_written < 1000))
		return;
	e->mon.metrics_written = now;
	add_metric(&b, "state", "gauge", "1 for the state pg2dns run is in: "
	    "running, paused, failing (retrying by itself), held (waits for "
	    "the operator: pg2dns status says what to do), stopped");
	for (enum state i = S_RUNNING; i <= S_STOPPED; i++) {
		snprintf(labels, sizeof(labels), "state=\"%s\"",
		    state_names[i]);
		add_sample(&b, "state", labels, st == i);
	}
	add_metric(&b, "applied_lsn", "gauge", "the end of the last "
	    "transaction applied, as a number (X/Y is X * 2^32 + Y)");
	add_sample(&b, "applied_lsn", NULL, (double)e->pos.applied);
	if (parse_commit_time(e->pos.time, &t) == 0) {
		add_metric(&b, "applied_commit_timestamp_seconds", "gauge",
		    "commit time of the last transaction applied");
		add_sample(&b, "applied_commit_timestamp_seconds", NULL, t);
	}
	if (fresh && lag_bytes(&e->mon.slot, e->pos.applied, &bytes) == 0) {
		add_metric(&b, "lag_bytes", "gauge", "WAL written since the "
		    "applied position; absent when unknown");
		add_sample(&b, "lag_bytes", NULL, (double)bytes);
	}
	if (lag_seconds(pending_time(e), &t) == 0) {
		add_metric(&b, "lag_seconds", "gauge", "age of the oldest "
		    "committed transaction not yet applied, 0 when caught up; "
		    "absent when unknown (paused, PostgreSQL not answering)");
		add_sample(&b, "lag_seconds", NULL, t);
	}
	if (e->n.last_apply) {
		add_metric(&b, "seconds_since_last_apply", "gauge", "since the "
		    "DNS last took a transaction; absent before the first");
		add_sample(&b, "seconds_since_last_apply", NULL,
		    now_real() - e->n.last_apply);
	}
	add_metric(&b, "transactions_applied_total", "counter",
	    "transactions applied to the DNS");
	add_sample(&b, "transactions_applied_total", NULL, e->n.tx);
	add_metric(&b, "changes_applied_total", "counter",
	    "changes (update add and update delete lines) applied");
	add_sample(&b, "changes_applied_total", NULL, e->n.changes);
	add_metric(&b, "update_messages_applied_total", "counter",
	    "DNS UPDATE messages the server took");
	add_sample(&b, "update_messages_applied_total", NULL, e->n.messages);
	add_metric(&b, "retries_total", "counter", "sessions ended by a "
	    "failure and started again, by side (dns: txsplit and nsupdate; "
	    "postgresql: the replication connection)");
	add_sample(&b, "retries_total", "side=\"dns\"", e->n.retries_dns);
	add_sample(&b, "retries_total", "side=\"postgresql\"", e->n.retries_pg);
	add_metric(&b, "refusals_total", "counter", "transactions held "
	    "because the server, txsplit or the plugin refused them");
	add_sample(&b, "refusals_total", NULL, e->n.refusals);
	add_metric(&b, "zone_held", "gauge", "1 for each zone held at a "
	    "refused transaction (its other zones carry on), by zone and xid "
	    "of that transaction; absent when none is");
	for (size_t i = 0; i < e->pos.n_zones; i++)
		if (e->pos.zone[i].held) {
			snprintf(labels, sizeof(labels), "zone=\"%s\",xid="
			    "\"%s\"", label_value(e->pos.zone[i].name, zl,
			    sizeof(zl)), e->pos.zone[i].xid);
			add_sample(&b, "zone_held", labels, 1);
		}
	add_metric(&b, "rows_left_out_total", "counter", "rows the plugin "
	    "left out, each named in the log (a row decoded again after a "
	    "retry counts again)");
	add_sample(&b, "rows_left_out_total", NULL, e->n.rows_left_out);
	if (fresh) {
		add_metric(&b, "slot_wal_status", "gauge", "1 for the slot's "
		    "wal_status (missing: no such slot); absent when unknown");
		for (size_t i = 0; i < sizeof(wal_statuses) /
		    sizeof(*wal_statuses); i++) {
			snprintf(labels, sizeof(labels), "wal_status=\"%s\"",
			    wal_statuses[i]);
			add_sample(&b, "slot_wal_status", labels,
			    strcmp(e->mon.slot.wal_status,
			    wal_statuses[i]) == 0);
		}
		if (e->mon.slot.retained >= 0) {
			add_metric(&b, "slot_retained_wal_bytes", "gauge",
			    "WAL "
			    "the slot keeps (pg_current_wal_lsn() - restart_lsn)");
			add_sample(&b, "slot_retained_wal_bytes", NULL,
			    (double)e->mon.slot.retained);
		}
		if (e->mon.slot.has_safe) {
			add_metric(&b, "slot_safe_wal_bytes", "gauge",
			    "WAL that "
			    "can still be written before the slot is lost "
			    "(safe_wal_size); absent without "
			    "max_slot_wal_keep_size");
			add_sample(&b, "slot_safe_wal_bytes", NULL,
			    (double)e->mon.slot.safe);
		}
	}
	if (e->mon.n_zones) {
		add_metric(&b, "zone_serial", "gauge", "the zone's SOA serial "
		    "on each server; absent when it does not answer");
		for (int i = 0; i < e->mon.n_servers; i++)
			for (int z = 0; z < e->mon.n_zones; z++) {
				if (e->mon.servers[i].serial[z] < 0)
					continue;
				snprintf(labels, sizeof(labels), "zone=\"%s\",",
				    label_value(e->mon.zones[z], zl,
				    sizeof(zl)));
				snprintf(labels + strlen(labels),
				    sizeof(labels) -
				    strlen(labels), "server=\"%s\",role=\"%s\"",
				    label_value(e->mon.servers[i].name, zl,
				    sizeof(zl)),
				    e->mon.servers[i].role);
				add_sample(&b, "zone_serial", labels,
				    (double)e->mon.servers[i].serial[z]);
			}
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", e->cfg.metrics);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	ok = fd >= 0 && write(fd, b.p, b.len) == (ssize_t)b.len;
	if (fd >= 0 && close(fd) != 0)
		ok = 0;
	if (ok && rename(tmp, e->cfg.metrics) != 0)
		ok = 0;
	if (!ok && !e->mon.metrics_complained) {
		logmsg("cannot write the metrics file %s: %s", e->cfg.metrics,
		    strerror(errno));
		unlink(tmp);
	}
	e->mon.metrics_complained = !ok;
	free(b.p);
}

void
facts_tick(struct engine *e, uint64_t now)
{
	monitor_tick(e, now);
	if (*e->cfg.metrics)
		serials_tick(e, now);
	write_metrics(e, 0);
}
