/*
 * The framing and the queue: lines of the stream become whole
 * transactions, queued until nsupdate has applied them.  No I/O.
 */

#include "engine.h"

static void commit_tx(struct queue *q, uint64_t applied, const char *xid,
    uint64_t lsn, const char *ctime);
static int drain_visible(const struct queue *q, const char *xid);

/* a message of the plugin (or a chunk of a saved stream): lines */
int
ingest(struct queue *q, uint64_t applied, const char *s, size_t n)
{
	while (n > 0) {
		const char *nl = memchr(s, '\n', n);
		size_t len = nl ? (size_t)(nl - s) : n;

		if (ingest_line(q, applied, s, len) != 0)
			return -1;
		s += len + (nl != NULL);
		n -= len + (nl != NULL);
	}
	return 0;
}

/* One line of the stream: frame it.  -1 (and pg_error) when it is not
 * what the plugin writes. */
int
ingest_line(struct queue *q, uint64_t applied, const char *s, size_t n)
{
	char line[256], *w[5];
	int nw;
	uint64_t lsn;

	q->line_no++;
	/* only BEGIN and COMMIT lines are read; others are kept as they are */
	nw = 0;
	if (n < sizeof(line)) {
		memcpy(line, s, n);
		line[n] = '\0';
		nw = split_words(line, w, 5);
	}
	if (nw >= 1 && word_is(w[0], "BEGIN")) {
		if (q->in_frame) {
			snprintf(q->error, sizeof(q->error),
			    "line %lu: BEGIN inside a transaction", q->line_no);
			return -1;
		}
		q->in_frame = 1;
		q->partial.len = 0;
		snprintf(q->partial_xid, sizeof(q->partial_xid), "%s",
		    nw >= 2 ? w[1] : "-");
		buf_add(&q->partial, s, n);
		buf_add(&q->partial, "\n", 1);
		return 0;
	}
	if (!q->in_frame) {
		if (n == 0)
			return 0;
		snprintf(q->error, sizeof(q->error),
		    "line %lu: outside a transaction", q->line_no);
		return -1;
	}
	buf_add(&q->partial, s, n);
	buf_add(&q->partial, "\n", 1);
	if (nw >= 1 && word_is(w[0], "COMMIT")) {
		q->in_frame = 0;
		if (nw < 3 || parse_lsn(w[2], &lsn) != 0) {
			snprintf(q->error, sizeof(q->error), "line %lu: COMMIT "
			    "without xid and lsn (pg2dns needs the plugin's "
			    "include-xids and include-lsn)", q->line_no);
			return -1;
		}
		if (strcmp(q->partial_xid, "-") != 0 &&
		    strcmp(q->partial_xid, w[1]) != 0) {
			snprintf(q->error, sizeof(q->error), "line %lu: COMMIT "
			    "%s ends BEGIN %s", q->line_no, w[1],
			    q->partial_xid);
			return -1;
		}
		/* drain: a commit after the marker means that every
		 * transaction the snapshot sees has come */
		if (q->snapshot && q->end && lsn > q->end) {
			q->past = 1;
			return 0;
		}
		commit_tx(q, applied, w[1], lsn, nw >= 4 ? w[3] : "-");
	}
	return 0;
}

/* a complete transaction: queue it unless it was applied or queued */
static void
commit_tx(struct queue *q, uint64_t applied, const char *xid, uint64_t lsn,
    const char *ctime)
{
	struct tx *t;

	if (lsn <= applied || lsn <= q->last_queued)
		return;
	if (q->snapshot && !drain_visible(q, xid)) {
		q->invisible = 1;
		return;
	}
	if (q->snapshot && q->invisible) {
		q->disagree = 1;
		return;
	}
	t = malloc(sizeof(*t) + q->partial.len + 1);
	if (t == NULL)
		die("out of memory");
	t->next = NULL;
	t->lsn = lsn;
	snprintf(t->xid, sizeof(t->xid), "%s", xid);
	snprintf(t->time, sizeof(t->time), "%s", ctime);
	t->len = q->partial.len;
	memcpy(t->text, q->partial.p, q->partial.len + 1);
	if (q->tail)
		q->tail->next = t;
	else
		q->head = t;
	q->tail = t;
	if (q->feed == NULL)
		q->feed = t;
	q->bytes += t->len;
	q->last_queued = lsn;
	q->partial.len = 0;
}

/* drain: does the snapshot xmin:xmax:xip,... see this (32-bit) xid? */
static int
drain_visible(const struct queue *q, const char *xid)
{
	unsigned long long xmax, full;
	uint32_t x = (uint32_t)strtoul(xid, NULL, 10);
	const char *p = strchr(q->snapshot, ':');
	int64_t d;

	xmax = strtoull(p + 1, NULL, 10);
	/* the 64-bit xid nearest xmax with these low 32 bits */
	d = (int32_t)(x - (uint32_t)xmax);
	full = xmax + d;
	if (full >= xmax)
		return 0;
	p = strchr(p + 1, ':');
	while (p && *++p) {
		if (strtoull(p, NULL, 10) == full)
			return 0;
		p = strchr(p, ',');
	}
	return 1;
}

void
free_head(struct queue *q)
{
	struct tx *t = q->head;

	q->head = t->next;
	if (q->head == NULL)
		q->tail = NULL;
	q->bytes -= t->len;
	free(t);
}

void
clear_queue(struct queue *q, uint64_t applied)
{
	while (q->head)
		free_head(q);
	q->feed = NULL;
	q->last_queued = applied;
	q->in_frame = 0;
	q->partial.len = 0;
}
