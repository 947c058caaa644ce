/*
 * The framing and the queue: lines of the stream become whole
 * transactions, queued until nsupdate has applied them.  No I/O but the
 * spool files of transactions larger than SPOOL_AT (engine.h).
 */

#include "engine.h"

static int spool_out(struct queue *q);
static void spool_read(int fd, const char *xid, size_t *off, size_t end,
    struct buf *b, size_t upto);
static int commit_tx(struct queue *q, uint64_t applied, const char *xid,
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
	static const char update[] = STREAM_UPDATE " ";
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
	if (nw >= 1 && word_is(w[0], STREAM_BEGIN)) {
		if (q->in_frame) {
			snprintf(q->error, sizeof(q->error),
			    "line %lu: BEGIN inside a transaction", q->line_no);
			return -1;
		}
		drop_partial(q);
		q->in_frame = 1;
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
	if (n > sizeof(update) - 1 && memcmp(s, update, sizeof(update) - 1) == 0)
		q->changes++;
	if (q->partial.len > SPOOL_AT && spool_out(q) != 0)
		return -1;
	if (nw >= 1 && word_is(w[0], STREAM_COMMIT)) {
		q->in_frame = 0;
		if (nw < 3 || parse_lsn(w[2], &lsn) != 0) {
			snprintf(q->error, sizeof(q->error), "line %lu: COMMIT "
			    "without xid and lsn (pg2dns needs the plugin's "
			    OPTION_INCLUDE_XIDS " and " OPTION_INCLUDE_LSN ")",
			    q->line_no);
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
			drop_partial(q);
			return 0;
		}
		return commit_tx(q, applied, w[1], lsn, nw >= 4 ? w[3] : "-");
	}
	return 0;
}

/* The transaction being received is larger than SPOOL_AT: what of it is
 * in memory goes to its spool file, made the first time.  -1 (and
 * q->error) when it cannot be written: it comes again from the slot. */
static int
spool_out(struct queue *q)
{
	char p[PATH_MAX];
	size_t done = 0;
	ssize_t n;

	if (q->spool < 0) {
		snprintf(p, sizeof(p), "%s/spool.XXXXXX", q->spool_dir);
		q->spool = mkostemp(p, O_CLOEXEC);
		if (q->spool >= 0)
			unlink(p);
	}
	while (q->spool >= 0 && done < q->partial.len) {
		n = write(q->spool, q->partial.p + done, q->partial.len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = ENOSPC;
			break;
		}
		done += n;
	}
	if (q->spool < 0 || done < q->partial.len) {
		snprintf(q->error, sizeof(q->error), "cannot spool transaction "
		    "%s in %s: %s", q->partial_xid, q->spool_dir,
		    strerror(errno));
		drop_partial(q);
		return -1;
	}
	q->spooled += done;
	q->partial.len = 0;
	return 0;
}

/* the transaction being received is not to be queued, or came in part */
void
drop_partial(struct queue *q)
{
	q->in_frame = 0;
	q->partial.len = 0;
	q->spooled = 0;
	q->changes = 0;
	if (q->spool >= 0)
		close(q->spool);
	q->spool = -1;
}

/* a complete transaction: queue it unless it was applied or queued */
static int
commit_tx(struct queue *q, uint64_t applied, const char *xid, uint64_t lsn,
    const char *ctime)
{
	struct tx *t;
	size_t kept;
	int skip = lsn <= applied || lsn <= q->last_queued;

	if (!skip && q->snapshot && !drain_visible(q, xid))
		skip = q->invisible = 1;
	else if (!skip && q->snapshot && q->invisible)
		skip = q->disagree = 1;
	if (skip) {
		drop_partial(q);
		return 0;
	}
	if (q->spool >= 0 && spool_out(q) != 0)
		return -1;
	kept = q->spool >= 0 ? 0 : q->partial.len;
	t = malloc(sizeof(*t) + kept + 1);
	if (t == NULL)
		die("out of memory");
	t->next = NULL;
	t->lsn = lsn;
	snprintf(t->xid, sizeof(t->xid), "%s", xid);
	snprintf(t->time, sizeof(t->time), "%s", ctime);
	t->len = kept + q->spooled;
	t->changes = q->changes;
	t->spool = q->spool;
	memcpy(t->text, kept ? q->partial.p : "", kept + 1);
	q->spool = -1;
	drop_partial(q);
	if (q->tail)
		q->tail->next = t;
	else
		q->head = t;
	q->tail = t;
	if (q->feed == NULL)
		q->feed = t;
	q->bytes += t->len;
	q->last_queued = lsn;
	return 0;
}

/* a spool file from *off to end, added to b until b holds upto octets */
static void
spool_read(int fd, const char *xid, size_t *off, size_t end, struct buf *b,
    size_t upto)
{
	char chunk[65536];
	ssize_t n;

	while (*off < end && b->len < upto) {
		n = pread(fd, chunk, end - *off < sizeof(chunk) ?
		    end - *off : sizeof(chunk), *off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die("cannot read the spool file of transaction %s: %s",
			    xid, n < 0 ? strerror(errno) : "it is short");
		buf_add(b, chunk, n);
		*off += n;
	}
}

/* t's text from *off on, added to b: all of it when it is in memory;
 * from its spool file, until b holds upto octets or the text ends */
void
tx_read(const struct tx *t, size_t *off, struct buf *b, size_t upto)
{
	if (t->spool < 0) {
		buf_add(b, t->text + *off, t->len - *off);
		*off = t->len;
	} else
		spool_read(t->spool, t->xid, off, t->len, b, upto);
}

/* what has come of the transaction being received, added to b */
void
partial_read(const struct queue *q, struct buf *b)
{
	size_t off = 0;

	if (q->spool >= 0)
		spool_read(q->spool, q->partial_xid, &off, q->spooled, b,
		    SIZE_MAX);
	buf_add(b, q->partial.p ? q->partial.p : "", q->partial.len);
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
	if (t->spool >= 0)
		close(t->spool);
	free(t);
}

void
clear_queue(struct queue *q, uint64_t applied)
{
	while (q->head)
		free_head(q);
	q->feed = NULL;
	q->feed_off = 0;
	q->last_queued = applied;
	drop_partial(q);
}
