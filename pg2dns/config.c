/*
 * The configuration: the settings pg2dns exports, checked before
 * anything starts.
 */

#include "engine.h"

/* where a setting goes in struct config */
#define FIELD(f)	offsetof(struct config, f)
#define NONE		((size_t)-1)

/* every value is checked before anything starts */
static const struct setting settings[] = {
	{ "PG2DNS_SLOT", "pg2dns", V_WORD, FIELD(slot), NONE },
	{ "PG2DNS_PLUGIN", "wal2nsupdate", V_WORD, FIELD(plugin), NONE },
	{ "PG2DNS_OPTIONS", "", V_STRING, FIELD(options), NONE },
	{ "PG2DNS_SERVER", "127.0.0.1", V_WORD, FIELD(server), NONE },
	{ "PG2DNS_PORT", "53", V_PORT, FIELD(port), FIELD(port_n) },
	{ "PG2DNS_KEYFILE", "", V_FILE, FIELD(keyfile), NONE },
	{ "PG2DNS_ZONES", "", V_FILE, FIELD(zones), NONE },
	{ "PG2DNS_STATE", "/var/lib/pg2dns", V_STRING, FIELD(state), NONE },
	{ "PG2DNS_TRACE", "", V_STRING, FIELD(trace), NONE },
	{ "PG2DNS_NSUPDATE_OPTS", "-t 10 -u 2 -r 2", V_STRING,
	  FIELD(nsupdate_opts), NONE },
	{ "PG2DNS_TXSPLIT_OPTS", "", V_STRING, FIELD(txsplit_opts), NONE },
	{ "PG2DNS_BACKOFF_MIN", "0.5", V_SECONDS, FIELD(backoff_min_s),
	  FIELD(backoff_min) },
	{ "PG2DNS_BACKOFF_MAX", "30", V_SECONDS, NONE, FIELD(backoff_max) },
	{ "PG2DNS_TIMEOUT", "60", V_SECONDS, NONE, FIELD(timeout) },
	{ "PG2DNS_CHECKPOINT", "0.1", V_SECONDS, NONE, FIELD(ckpt_interval) },
	{ "PG2DNS_CHECKPOINT_TX", "1000", V_COUNT, NONE, FIELD(ckpt_tx) },
	{ "PG2DNS_QUEUE_MAX", "64", V_COUNT, NONE, FIELD(queue_max) },
	{ "PG2DNS_METRICS", "", V_STRING, FIELD(metrics), NONE },
	{ "PG2DNS_SECONDARIES", "", V_STRING, FIELD(secondaries), NONE },
	{ "PG2DNS_VERIFY_ZONES", "", V_STRING, FIELD(verify_zones), NONE },
	{ NULL, NULL, V_STRING, NONE, NONE }
};

/* plugin options the driver cannot do without, and why */
static const struct {
	const char *name;
	const char *why;
} needed_options[] = {
	{ "include-lsn",
	    "the COMMIT lsn is where pg2dns confirms and resumes" },
	{ "include-xids", "the xid names a held or skipped transaction" },
	{ NULL, NULL }
};

static long parse_seconds(const char *name, const char *s);
static void check_plugin_options(struct engine *e);

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
		const char *v = getenv(st->name);
		const char *p;
		char *end;
		long *num = NULL;

		if (v == NULL || (*v == '\0' && st->kind != V_STRING &&
		    st->kind != V_FILE))
			v = st->dflt;
		if (st->str != NONE)
			*(const char **)((char *)c + st->str) = v;
		if (st->num != NONE)
			num = (long *)((char *)c + st->num);
		switch (st->kind) {
		case V_STRING:
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
		if (strcmp(w[i], "skip-hint") == 0)
			die("PG2DNS_OPTIONS: pg2dns sets skip-hint itself; "
			    "remove skip-hint=%s", eq + 1);
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
