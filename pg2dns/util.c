/*
 * What every part uses and none owns: the log, growing buffers, LSNs,
 * words and clocks.
 */

#include "engine.h"

static void vlog(const char *fmt, va_list ap);

static void
vlog(const char *fmt, va_list ap)
{
	char t[32];

	utc_now(t, sizeof(t));
	fprintf(stderr, "%s %s[%ld]: ", t, PROG, (long)getpid());
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
logmsg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(fmt, ap);
	va_end(ap);
}

void
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(fmt, ap);
	va_end(ap);
	exit(2);
}

uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
utc_now(char *s, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(s, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void
buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;

		while (cap < b->len + n + 1)
			cap *= 2;
		b->p = realloc(b->p, cap);
		if (b->p == NULL)
			die("out of memory");
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
buf_drop(struct buf *b, size_t n)
{
	memmove(b->p, b->p + n, b->len - n);
	b->len -= n;
	if (b->p)
		b->p[b->len] = '\0';
}

void
fifo_push(struct fifo *f, unsigned long long v)
{
	if (f->head + f->len == f->cap && f->head > 0) {
		memmove(f->v, f->v + f->head, f->len * sizeof(*f->v));
		f->head = 0;
	}
	if (f->len == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 1024;
		f->v = realloc(f->v, f->cap * sizeof(*f->v));
		if (f->v == NULL)
			die("out of memory");
	}
	f->v[f->head + f->len++] = v;
}

/* the first in, into v; -1 when there is none */
int
fifo_pop(struct fifo *f, unsigned long long *v)
{
	if (f->len == 0)
		return -1;
	*v = f->v[f->head++];
	f->len--;
	return 0;
}

/* when to try again after a failure of an episode (since 0: its first):
 * every min for its first max milliseconds, so that a failover or a
 * restart is noticed at once; then after a delay that doubles up to max */
uint64_t
retry_after(struct backoff *b, long min, long max)
{
	uint64_t now = now_ms();

	if (b->since == 0) {
		b->since = now;
		b->delay = min;
	} else if (now - b->since >= (uint64_t)max)
		b->delay = b->delay * 2 > max ? max : b->delay * 2;
	return now + b->delay;
}

/* X/Y, two hexadecimal numbers of up to 32 bits */
int
parse_lsn(const char *s, uint64_t *lsn)
{
	uint64_t hi = 0, lo = 0;
	int n = 0;

	for (; isxdigit((unsigned char)*s) && n < 9; s++, n++)
		hi = hi * 16 + (isdigit((unsigned char)*s) ? *s - '0' :
		    tolower((unsigned char)*s) - 'a' + 10);
	if (n == 0 || n > 8 || *s++ != '/')
		return -1;
	for (n = 0; isxdigit((unsigned char)*s) && n < 9; s++, n++)
		lo = lo * 16 + (isdigit((unsigned char)*s) ? *s - '0' :
		    tolower((unsigned char)*s) - 'a' + 10);
	if (n == 0 || n > 8 || (*s != '\0' && !isspace((unsigned char)*s)))
		return -1;
	*lsn = hi << 32 | lo;
	return 0;
}

void
fmt_lsn(uint64_t lsn, char *s)
{
	sprintf(s, "%" PRIX64 "/%" PRIX64, lsn >> 32, lsn & 0xffffffff);
}

/* split s in place at blanks; at most max words */
int
split_words(char *s, char **w, int max)
{
	int n = 0;

	while (*s && n < max) {
		while (*s == ' ' || *s == '\t')
			*s++ = '\0';
		if (*s == '\0')
			break;
		w[n++] = s;
		while (*s && *s != ' ' && *s != '\t')
			s++;
	}
	return n;
}

int
word_is(const char *w, const char *kw)
{
	return strcasecmp(w, kw) == 0;
}

double
now_real(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* a server's message on one line, for the log or a field of a state
 * file's line (no tabs) */
const char *
one_line(const char *msg, char *s, size_t n)
{
	snprintf(s, n, "%s", msg);
	for (char *p = s; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		s[--n] = '\0';
	return s;
}

/* in single quotes, for the shell */
void
print_quoted(const char *s)
{
	putchar('\'');
	for (; *s; s++)
		if (*s == '\'')
			fputs("'\\''", stdout);
		else
			putchar(*s);
	putchar('\'');
}
