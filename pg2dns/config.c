/*
 * The configuration: the settings pg2dns exports, checked before
 * anything starts.
 */

#include "engine.h"

/* where a setting goes in struct config */
#define FIELD(f)	offsetof(struct config, f)
#define NONE		((size_t)-1)

/*
 * Every setting, the one list: pg2dns -h prints it, pg2dns-run config
 * gives the shell the values, defaults filled in, and every value is
 * checked before anything starts.  In the order the usage shows them.
 */
static const struct setting settings[] = {
	{ "PGHOST", NULL, V_LIBPQ, NULL, NONE, NONE },
	{ "PGPORT", NULL, V_LIBPQ, NULL, NONE, NONE },
	{ "PGDATABASE", NULL, V_LIBPQ, NULL, NONE, NONE },
	{ "PGUSER", NULL, V_LIBPQ, NULL, NONE, NONE },
	{ "PGPASSWORD", NULL, V_LIBPQ, NULL, NONE, NONE },
	{ "PGPASSFILE", NULL, V_LIBPQ, NULL, NONE, NONE },
	{ "PGSERVICE", NULL, V_LIBPQ, NULL, NONE, NONE },
	{ "PGSSLMODE", NULL, V_LIBPQ, NULL, NONE, NONE },
	{ "PGAPPNAME", "pg2dns", V_LIBPQ, NULL, NONE, NONE },
	{ "PGCONNECT_TIMEOUT", "10", V_LIBPQ, NULL, NONE, NONE },
	{ "PG2DNS_SLOT", "pg2dns", V_WORD, "replication slot", FIELD(slot),
	  NONE },
	{ "PG2DNS_PLUGIN", "wal2nsupdate", V_WORD, "output plugin",
	  FIELD(plugin), NONE },
	{ "PG2DNS_OPTIONS", "", V_STRING,
	  "plugin options, name=value words, e.g.\n"
	  "\"tables=dns.rr zone-column=zone\"; tables= (or\n"
	  "profile=) is required, " OPTION_INCLUDE_LSN " and "
	  OPTION_INCLUDE_XIDS "\ncannot be turned off", FIELD(options), NONE },
	{ "PG2DNS_SERVER", "127.0.0.1", V_WORD, "DNS server", FIELD(server),
	  NONE },
	{ "PG2DNS_PORT", "53", V_PORT, "its port", FIELD(port),
	  FIELD(port_n) },
	{ "PG2DNS_KEYFILE", "", V_FILE, "TSIG key file for nsupdate -k and "
	  "dig -k", FIELD(keyfile), NONE },
	{ "PG2DNS_ZONES", "", V_FILE, "zones file (one zone a line) for "
	  "txsplit -z", FIELD(zones), NONE },
	{ "PG2DNS_STATE", "/var/lib/pg2dns", V_STRING, "state directory",
	  FIELD(state), NONE },
	{ "PG2DNS_CHECKPOINT", "0.1", V_SECONDS,
	  "seconds between checkpoints of the applied\n"
	  "position, at most", NONE, FIELD(ckpt_interval) },
	{ "PG2DNS_CHECKPOINT_TX", "1000", V_COUNT,
	  "transactions between checkpoints, at most", NONE, FIELD(ckpt_tx) },
	{ "PG2DNS_TIMEOUT", "60", V_SECONDS,
	  "seconds without an answer from nsupdate (while it\n"
	  "has work) or from PostgreSQL before ending that\n"
	  "session and starting another", NONE, FIELD(timeout) },
	{ "PG2DNS_QUEUE_MAX", "64", V_COUNT,
	  "MB of received transactions not yet applied (in\n"
	  "memory, or a large one's spool file) before reading\n"
	  "stops", NONE, FIELD(queue_max) },
	{ "PG2DNS_BACKOFF_MIN", "0.5", V_SECONDS,
	  "retry delay in the first PG2DNS_BACKOFF_MAX seconds\n"
	  "of a failure, seconds", FIELD(backoff_min_s), FIELD(backoff_min) },
	{ "PG2DNS_BACKOFF_MAX", "30", V_SECONDS,
	  "how long a failure is retried every PG2DNS_BACKOFF_MIN,\n"
	  "and the longest retry delay, seconds", NONE, FIELD(backoff_max) },
	{ "PG2DNS_NSUPDATE_OPTS", "-t 10 -u 2 -r 2", V_STRING,
	  "more nsupdate options", FIELD(nsupdate_opts), NONE },
	{ "PG2DNS_TXSPLIT_OPTS", "", V_STRING,
	  "more txsplit options (-b, -t; pg2dns gives the -C\n"
	  "of the nsupdate on the PATH, 9.18 or 9.20)",
	  FIELD(txsplit_opts), NONE },
	{ "PG2DNS_ANY_ORDER", "no", V_YESNO,
	  "yes: the server may apply a message's updates in\n"
	  "any order (PowerDNS does), so txsplit -O makes\n"
	  "messages that mean the same in any order", FIELD(any_order), NONE },
	{ "PG2DNS_VERIFY_ZONES", "", V_STRING,
	  "zones verify transfers besides those in the tables\n"
	  "and PG2DNS_ZONES (and whose serials status shows)",
	  FIELD(verify_zones), NONE },
	{ "PG2DNS_VERIFY_IGNORE", "@:NS", V_STRING,
	  "names the database does not manage, NAME:TYPE\n"
	  "words; NAME may be @ (a zone's apex) or start with\n"
	  "*. (any name below), TYPE may be *", FIELD(verify_ignore), NONE },
	{ "PG2DNS_VERIFY_DRAIN_TIMEOUT", "300", V_SECONDS,
	  "seconds verify waits for the transactions its\n"
	  "snapshot sees to be applied before it gives up",
	  NONE, FIELD(drain_timeout) },
	{ "PG2DNS_AUTO_RESYNC", "no", V_YESNO,
	  "yes: run begins again with a resync when the\n"
	  "slot is missing or lost (wal_status lost), or a\n"
	  "failover forked before the applied position;\n"
	  "never at another database system",
	  FIELD(auto_resync),
	  NONE },
	{ "PG2DNS_TRACE", "", V_STRING,
	  "file to append \"COMMIT-TIME APPLIED-EPOCH LSN\" to\n"
	  "for each applied transaction (benchmarks)", FIELD(trace), NONE },
	{ "PG2DNS_METRICS", "", V_STRING,
	  "file run keeps in Prometheus's text format, e.g.\n"
	  "for node_exporter's textfile collector\n"
	  "(/var/lib/node_exporter/pg2dns.prom)", FIELD(metrics), NONE },
	{ "PG2DNS_SECONDARIES", "", V_STRING,
	  "secondary servers, ADDRESS or ADDRESS#PORT words:\n"
	  "status and the metrics show the SOA serials there\n"
	  "of the zones in PG2DNS_ZONES and\n"
	  "PG2DNS_VERIFY_ZONES", FIELD(secondaries), NONE },
	{ NULL, NULL, V_STRING, NULL, NONE, NONE }
};

/* plugin options the driver cannot do without, and why; they are on
 * unless given, so it refuses them off and need not pass them */
#if !INCLUDE_DEFAULT
#error "pg2dns needs the plugin's include- options on when not given"
#endif
static const struct {
	const char *name;
	const char *why;
} needed_options[] = {
	{ OPTION_INCLUDE_LSN,
	    "the COMMIT lsn is where pg2dns confirms and resumes" },
	{ OPTION_INCLUDE_XIDS, "the xid names a held or skipped transaction" },
	{ NULL, NULL }
};

static long parse_seconds(const char *name, const char *s);
static void check_plugin_options(struct engine *e);
static const char *setting_value(const struct setting *st);

/* the environment's value, or the default (NULL: none) */
static const char *
setting_value(const struct setting *st)
{
	const char *v = getenv(st->name);

	if (v == NULL || (*v == '\0' && st->kind != V_STRING &&
	    st->kind != V_FILE))
		v = st->dflt;
	return v;
}

/* seconds, decimal: "0.5", "30" */
static long
parse_seconds(const char *name, const char *s)
{
	long ms = 0, scale = 1000;
	const char *p = s;

	if (*p == '\0')
		die("%s is empty (seconds, such as 0.5)", name);
	for (; isdigit((unsigned char)*p); p++) {
		ms = ms * 10 + (*p - '0') * 1000;
		if (ms > 86400L * 1000)
			die("%s=%s: more than a day", name, s);
	}
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++)
			if ((scale /= 10) > 0)
				ms += (*p - '0') * scale;
	if (*p != '\0' || p == s || (p == s + 1 && *s == '.'))
		die("%s=%s is not a number of seconds", name, s);
	return ms;
}

void
load_config(struct engine *e)
{
	struct config *c = &e->cfg;
	const struct setting *st;

	for (st = settings; st->name; st++) {
		const char *v = setting_value(st);
		const char *p;
		char *end;
		long *num = NULL;

		/* libpq's: its default put where libpq, and psql, look */
		if (st->kind == V_LIBPQ && v != NULL && v == st->dflt &&
		    setenv(st->name, v, 1) != 0)
			die("setenv: %s", strerror(errno));
		if (v == NULL)
			continue;
		if (st->str != NONE)
			*(const char **)((char *)c + st->str) = v;
		if (st->num != NONE)
			num = (long *)((char *)c + st->num);
		switch (st->kind) {
		case V_STRING:
		case V_LIBPQ:
			for (p = v; *p; p++)
				if (*p == '\n' || *p == '\r')
					die("%s: no line breaks, please",
					    st->name);
			break;
		case V_WORD:
			for (p = v; *p; p++)
				if (!isgraph((unsigned char)*p))
					die("%s='%s': one word of printable "
					    "characters", st->name, v);
			if (*v == '\0')
				die("%s is empty", st->name);
			break;
		case V_FILE:
			if (*v && access(v, R_OK) != 0)
				die("%s: cannot read %s: %s", st->name, v,
				    strerror(errno));
			break;
		case V_SECONDS:
			*num = parse_seconds(st->name, v);
			break;
		case V_YESNO:
			if (strcmp(v, "yes") != 0 && strcmp(v, "no") != 0)
				die("%s=%s: yes or no", st->name, v);
			break;
		case V_COUNT:
		case V_PORT:
			errno = 0;
			*num = strtol(v, &end, 10);
			if (!isdigit((unsigned char)*v) || *end || errno ||
			    *num <= 0 || *num > INT_MAX ||
			    (st->kind == V_PORT && *num > 65535))
				die("%s=%s is not a %s", st->name, v,
				    st->kind == V_PORT ? "port (1 to 65535)" :
				    "positive whole number");
			break;
		}
	}
	for (const char *p = e->cfg.slot; *p; p++)
		if (!(islower((unsigned char)*p) ||
		    isdigit((unsigned char)*p) ||
		    *p == '_'))
			die("bad slot name '%s' (lower case letters, digits, _)",
			    e->cfg.slot);
	if (e->cfg.backoff_min < 1)
		e->cfg.backoff_min = 1;
	if (e->cfg.backoff_max < e->cfg.backoff_min)
		die("PG2DNS_BACKOFF_MAX (%s) is less than PG2DNS_BACKOFF_MIN "
		    "(%s)", getenv("PG2DNS_BACKOFF_MAX"), e->cfg.backoff_min_s);
	if (e->cfg.timeout < 1000)
		die("PG2DNS_TIMEOUT: at least 1 second");
	if (e->cfg.drain_timeout < 1000)
		die("PG2DNS_VERIFY_DRAIN_TIMEOUT: at least 1 second");
	e->cfg.queue_max *= 1024 * 1024;
	check_plugin_options(e);
	load_servers(e);
}

/* name=value words; refuse those that take away what the driver reads */
static void
check_plugin_options(struct engine *e)
{
	struct config *c = &e->cfg;
	char *w[MAX_OPTIONS];
	int n;

	c->option_words = strdup(c->options);
	n = split_words(c->option_words, w, MAX_OPTIONS);

	for (int i = 0; i < n; i++) {
		char *eq = strchr(w[i], '=');

		if (eq == NULL || eq == w[i])
			die("bad plugin option '%s' in PG2DNS_OPTIONS (name=value)",
			    w[i]);
		*eq = '\0';
		c->option[i].name = w[i];
		c->option[i].value = eq + 1;
		if (strcmp(w[i], OPTION_SKIP_HINT) == 0)
			die("PG2DNS_OPTIONS: pg2dns sets %s itself; "
			    "remove %s=%s", w[i], w[i], eq + 1);
		for (int j = 0; needed_options[j].name; j++) {
			const char *v = eq + 1;

			if (strcmp(w[i], needed_options[j].name) != 0)
				continue;
			if (strcasecmp(v, "on") && strcasecmp(v, "true") &&
			    strcasecmp(v, "yes") && strcmp(v, "1"))
				die("PG2DNS_OPTIONS: pg2dns needs %s (%s); "
				    "remove %s=%s", w[i], needed_options[j].why,
				    w[i], v);
		}
	}
	c->n_options = n;
}

/* config: the settings, defaults filled in and checked, as shell
 * assignments that export them (pg2dns evaluates them: the shell keeps
 * no defaults); libpq's only where set */
int
cmd_config(struct engine *e, char **argv)
{
	(void)e;
	(void)argv;
	for (const struct setting *st = settings; st->name; st++) {
		const char *v = setting_value(st);

		if (v == NULL)
			continue;
		printf("export %s=", st->name);
		print_quoted(v);
		putchar('\n');
	}
	return 0;
}

/* the settings, for the usage: libpq's first, on a few lines, then one
 * a paragraph, the default last in brackets */
void
print_settings(FILE *f)
{
	const struct setting *st;
	int col = 0;

	fputs("Configuration (environment or config file; defaults in "
	    "brackets):\n", f);
	for (st = settings; st->kind == V_LIBPQ; st++) {
		char w[64];
		int n = snprintf(w, sizeof(w), st->dflt ? "%s [%s]" : "%s",
		    st->name, st->dflt);

		if (col > 0 && col + 1 + n > 72) {
			fputc('\n', f);
			col = 0;
		}
		col += fprintf(f, "%s%s", col ? " " : "  ", w);
	}
	fprintf(f, "\n%23slibpq's, as for psql\n", "");
	for (; st->name; st++) {
		fprintf(f, "  %-20s ", st->name);
		for (const char *h = st->help; *h; h++)
			if (*h == '\n')
				fprintf(f, "\n%23s", "");
			else
				fputc(*h, f);
		fprintf(f, " [%s]\n", st->dflt);
	}
}
