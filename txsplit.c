/*
 * txsplit - split transaction-framed nsupdate streams into DNS UPDATE
 * messages that always go through
 *
 * Copyright (c) 2026 the txsplit developers; see LICENSE.
 *
 * The stream (txsplit.1 describes it) is a sequence of transactions,
 * each framed by BEGIN and COMMIT lines, holding nsupdate prereq and
 * update lines.  A DNS UPDATE message names one zone and nsupdate will
 * not send one over 65535 octets, so txsplit writes each transaction as
 * one or more blocks of nsupdate commands (zone, prerequisites,
 * updates, send), one zone per block, each block small enough.  To
 * know how small is small enough it computes the wire size of every
 * record, which means parsing its RDATA as BIND would; anything BIND's
 * nsupdate would refuse is refused here first, with a message that
 * says where and why, so that nothing of a bad transaction reaches the
 * DNS.
 *
 * Sections: declarations; small utilities and errors; input; names,
 * numbers and strings; record types and their wire sizes; lines and
 * transactions; splitting and output; main.
 */

#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define VERSION "1.0"

/* RFC 1035 limits */
#define NAME_MAX_WIRE	255
#define LABEL_MAX	63
#define STRING_MAX	255
#define RDATA_MAX	65535
#define TTL_MAX		2147483647UL	/* RFC 2181; nsupdate's limit too */

/*
 * The longest line nsupdate reads as one command, newline excluded.
 * BIND 9.18's nsupdate reads a script with fgets into a buffer of
 * 128 KiB (MAXCMD): 131071 octets and a NUL.  A longer line is read as
 * two commands, the second made of what the first left over (so a row's
 * text could become a command), and a line of exactly 131071 octets
 * leaves its newline to be read alone, an empty command, which is send.
 */
#define NSUPDATE_LINE_MAX 131070

/* Message layout: header, then each record's fixed part after its name */
#define HEADER_SIZE	12
#define QUESTION_FIXED	4	/* zone section: type and class */
#define RR_FIXED	10	/* type, class, TTL, RDLENGTH */
#define POINTER_SIZE	2	/* a compression pointer */
#define POINTER_REACH	16384	/* its 14 bits of offset reach no further */

/*
 * The largest TSIG record (RFC 8945) any HMAC algorithm can add:
 * key name 255, type/class/TTL/RDLENGTH 10, algorithm name 13
 * (hmac-sha512.; hmac-md5.sig-alg.reg.int. is 26 but its MAC is 16),
 * time signed 6, fudge 2, MAC size 2, MAC 64, original ID 2, error 2,
 * other length 2, other data 0.  The longest name with the longest MAC:
 * 255 + 10 + 13 + 6 + 2 + 2 + 64 + 2 + 2 + 2 = 358.
 */
#define TSIG_MAX	358
#define BUDGET_DEFAULT	65535

/* A zone whose name nsupdate will find for itself may be this long */
#define UNKNOWN_ZONE_SIZE NAME_MAX_WIRE

/*
 * The least room a message must have, besides TSIG: for any name in a
 * zone nsupdate must find, with a record of empty RDATA.
 */
#define MIN_ROOM (HEADER_SIZE + QUESTION_FIXED + UNKNOWN_ZONE_SIZE + \
	NAME_MAX_WIRE + RR_FIXED)

/* In -m mode, emit a group of merged transactions at this many octets */
#define MERGE_LIMIT_BUDGETS 16

/* ZONEMD digests are 12 octets or more (RFC 8976) */
#define ZONEMD_DIGEST_MIN 12

/* The meta type that stands for every type (RFC 1035, RFC 2136) */
#define TYPE_ANY	255

/* Types that -O must know: the apex NS, and the types one to a name */
#define TYPE_NS		2
#define TYPE_CNAME	5
#define TYPE_SOA	6
#define TYPE_DNAME	39

/* Classes as numbers */
#define CLASS_IN	1
#define CLASS_CH	3
#define CLASS_HS	4

/* A token as it was written, quotes and all, for '%s%.*s%s' in messages */
#define TOKEN_TEXT(t) (t)->quoted ? "\"" : "", (int)(t)->len, (t)->start, \
	(t)->quoted ? "\"" : ""

/*
 * The octets that end a run of plain ones in RDATA (and the newline or
 * NUL after every line: see next_word) and in a name
 */
static const bool lex_special[256] = {
	[' '] = true, ['\t'] = true, ['\\'] = true, ['"'] = true, ['='] = true,
	['\n'] = true, ['\0'] = true,
};

/*
 * The octets of a name in presentation format: those that end a run
 * of plain ones, and (for check-names, as BIND has it) those a host
 * name's labels are made of: letters, digits and hyphens.
 */
enum { NAME_OTHER, NAME_HOST, NAME_SPECIAL };
static const unsigned char name_octet[256] = {
	['.'] = NAME_SPECIAL, ['\\'] = NAME_SPECIAL,
	['-'] = NAME_HOST,
	['0'] = NAME_HOST, ['1'] = NAME_HOST, ['2'] = NAME_HOST, ['3'] = NAME_HOST,
	['4'] = NAME_HOST, ['5'] = NAME_HOST, ['6'] = NAME_HOST, ['7'] = NAME_HOST,
	['8'] = NAME_HOST, ['9'] = NAME_HOST,
	['A'] = NAME_HOST, ['B'] = NAME_HOST, ['C'] = NAME_HOST, ['D'] = NAME_HOST,
	['E'] = NAME_HOST, ['F'] = NAME_HOST, ['G'] = NAME_HOST, ['H'] = NAME_HOST,
	['I'] = NAME_HOST, ['J'] = NAME_HOST, ['K'] = NAME_HOST, ['L'] = NAME_HOST,
	['M'] = NAME_HOST, ['N'] = NAME_HOST, ['O'] = NAME_HOST, ['P'] = NAME_HOST,
	['Q'] = NAME_HOST, ['R'] = NAME_HOST, ['S'] = NAME_HOST, ['T'] = NAME_HOST,
	['U'] = NAME_HOST, ['V'] = NAME_HOST, ['W'] = NAME_HOST, ['X'] = NAME_HOST,
	['Y'] = NAME_HOST, ['Z'] = NAME_HOST,
	['a'] = NAME_HOST, ['b'] = NAME_HOST, ['c'] = NAME_HOST, ['d'] = NAME_HOST,
	['e'] = NAME_HOST, ['f'] = NAME_HOST, ['g'] = NAME_HOST, ['h'] = NAME_HOST,
	['i'] = NAME_HOST, ['j'] = NAME_HOST, ['k'] = NAME_HOST, ['l'] = NAME_HOST,
	['m'] = NAME_HOST, ['n'] = NAME_HOST, ['o'] = NAME_HOST, ['p'] = NAME_HOST,
	['q'] = NAME_HOST, ['r'] = NAME_HOST, ['s'] = NAME_HOST, ['t'] = NAME_HOST,
	['u'] = NAME_HOST, ['v'] = NAME_HOST, ['w'] = NAME_HOST, ['x'] = NAME_HOST,
	['y'] = NAME_HOST, ['z'] = NAME_HOST,
};

/*
 * ASCII, whatever the locale: DNS names fold case for A-Z only, and
 * these are inline where the <ctype.h> ones cost a call per octet.
 */
static inline unsigned char
ascii_lower(unsigned char c)
{
	return (unsigned char)(c - 'A') < 26 ? c + ('a' - 'A') : c;
}

static inline bool
ascii_digit(unsigned char c)
{
	return (unsigned char)(c - '0') < 10;
}

/*
 * A blank: in a line that check_characters has passed, and in a
 * change's text, the only octets at or below ' ' are space and tab
 * (and the newline or NUL after the line)
 */
static inline bool
blank_octet(unsigned char c)
{
	return c <= ' ';
}


/*
 * An index of a table of words (each entry starting with its word, a
 * const char *), to find a word ignoring ASCII case without reading
 * the whole table: slots hold entry + 1 by the word's head (its first
 * eight octets as one number) and length, so that most words are told
 * apart by one comparison (and one more when not written as in the
 * table).  Built at first use from a constant table, it never changes
 * after: nothing to reset between runs.
 */
#define WORD_SLOTS 256
struct word_index {
	const void *table;
	size_t count, stride;
	bool built;
	unsigned short slot[WORD_SLOTS];
	unsigned char len[WORD_SLOTS];	/* the length of the slot's word */
	uint64_t head[WORD_SLOTS];	/* its head as in the table */
	uint64_t folded[WORD_SLOTS];	/* and that folded to lower case */
};
#define WORD_INDEX(t) { (t), sizeof(t) / sizeof((t)[0]), sizeof((t)[0]), false, \
	{ 0 }, { 0 }, { 0 }, { 0 } }

/* A domain name in wire form */
struct dname {
	unsigned char wire[NAME_MAX_WIRE];
	size_t len;
};

/* A token of a line: where it is and whether it was quoted */
struct token {
	const char *start;	/* first character, after any opening quote */
	size_t len;		/* up to, not including, any closing quote */
	bool quoted;
};

/* A set of SVCB keys: a bit each to look them up, a list to walk */
struct key_set {
	unsigned char bits[65536 / 8];
	unsigned short keys[65536];
	size_t n;
};

/* RDATA parsed as a list of tokens */
struct tokens {
	struct token *tok;
	size_t count, size;
};

/*
 * The names of one RDATA that nsupdate passes to its name compression
 * (see rrtypes), where they are in the RDATA, and whether it may
 * compress them ('c') or only remember them ('w')
 */
#define RDATA_NAMES_MAX 2	/* SOA, MINFO, RP, PX, TALINK */
struct rdata_names {
	char kind;
	size_t n;
	size_t at[RDATA_NAMES_MAX];
	struct dname name[RDATA_NAMES_MAX];
};

/* How to read and size the RDATA of one type (see rdata_fields) */
struct rrtype {
	const char *name;
	unsigned number;
	bool in_only;		/* defined only for class IN */
	char owner;		/* check-names wants it a host name 'h', a
				   mailbox 'm', or anything 0 */
	char names;		/* its RDATA's names go through nsupdate's name
				   compression: compressed 'c', written whole
				   'w' (but pointed at later), or copied 0 */
	const char *fields;	/* the RDATA's fields, one letter each */
};

/*
 * One RDATA being read field by field, in text (rdata_fields) or in
 * wire form (wire_check), as each field's functions see it: the type,
 * the letter of the field at hand, where the reading is, and what an
 * earlier field said a later one is (a gateway type).
 */
struct text_walk {
	const struct rrtype *type;
	char field;
	const struct tokens *rd;
	size_t i;			/* the next token */
	size_t at;			/* octets of RDATA before the field */
	unsigned long gateway;
	const struct dname *check_owner;	/* see rdata_size */
};

struct wire_walk {
	const struct rrtype *type;
	char field;
	const unsigned char *d;
	size_t len, i;			/* the next octet */
	unsigned gateway;
	const struct dname *check_owner;
};

/*
 * A kind of RDATA field, the meaning of one letter in rrtypes: all
 * that is known about it is here (see field_kinds).  Its text function
 * reads its tokens from w->i on, moving w->i past them, and returns its
 * wire size; its wire function checks its octets at w->i and returns
 * how many it takes (need: the fixed size), unless it moved w->i itself
 * (and returns 0).  No wire function: the fixed size, unchecked.
 */
struct field_kind {
	size_t fixed;		/* its wire size, or 0 if that varies */
	bool optional;		/* may be left out when it is last */
	bool pairs;		/* text of key=value pairs (lex_rdata) */
	size_t (*text)(struct text_walk *w);
	size_t (*wire)(struct wire_walk *w, size_t need);
};

/*
 * One prerequisite or update, ready to write: 32 octets, since a
 * transaction may hold millions.  Its text is the line to write
 * (without newline), then the owner in wire form, case kept, then the
 * names of its RDATA that nsupdate compresses or remembers, each after
 * two octets (big-endian) of the RDATA between it and the one before.
 */
struct change {
	const char *text;
	uint32_t zone;		/* index into the group's zones */
	uint32_t txn;		/* its transaction's number in the group */
	uint32_t owner_ord;	/* order of first appearance of its name */
	uint32_t line;		/* lines after its transaction's first */
	unsigned textlen : 17;	/* at most NSUPDATE_LINE_MAX */
	unsigned owner_len : 8;
	unsigned prereq : 1;
	unsigned under_zone : 1; /* the owner ends with the zone's octets */
	unsigned names : 2;	/* RDATA names after the owner */
	unsigned compress : 1;	/* nsupdate compresses them */
	unsigned rest : 17;	/* RR_FIXED and the RDATA, its names whole */
	unsigned owner_bound : 8; /* the most its owner costs (change_bound) */
};
/* A change's text is followed by its newline and its owner in wire form */
#define CHANGE_OWNER(c) ((const unsigned char *)(c)->text + (c)->textlen + 1)

/* A transaction of the group, once complete */
struct commit {
	char *line;		/* its "; COMMIT ..." line, NULL for a batch */
	unsigned long first_line; /* where it began */
};

/*
 * The names of the open transaction, by zone: slots hold 1 + the
 * index (from the transaction's first) of the change that first had
 * the name, or 0.  Slots left by earlier transactions are not cleared:
 * they point at a change that is not there or has another name, and
 * are passed over like any other name's; the table is emptied when
 * half full.
 */
struct name_table {
	uint32_t *slots;
	size_t size, used;
};

/*
 * What an update does at its name, as -O reads it back from the line
 * written: an add or a delete, of a type (TYPE_ANY: every type of the
 * name), with a TTL (adds) and RDATA (NULL: a delete of the RRset or
 * of the name).
 */
struct effect {
	bool add;
	unsigned long type, ttl;
	const char *rdata;
	size_t rdata_len;
};

/*
 * What -O knows of the updates of a run at one name, and at one name
 * and type: enough to tell whether another update would conflict with
 * any of them (see order_take).
 */
struct name_effects {
	bool any_add, any_delete;	/* an add of any type; a delete of the name */
	bool cname_add, cname_change;	/* an add, any update, of its CNAME */
	bool other_add, other_change;	/* the same of another type */
};
struct type_effects {
	bool added, deleted, deleted_set; /* an add; a delete; of the RRset */
	unsigned long ttl;		/* of the adds: all have the same */
	size_t first_add;		/* the change, for its RDATA */
};

/* A zone listed in the file of -z */
struct listed_zone {
	char *text;
	struct dname name;
};

/* A zone of the group being written */
struct zone {
	const char *text;	/* as the zone line will say it; NULL: unknown */
	struct dname name;
	unsigned class;
	unsigned long prereq_size; /* of a transaction's prerequisites */
	unsigned long prereq_txn; /* which transaction: txn_count */
	unsigned long first;	/* first change's seq, for the order */
	size_t at;		/* where its next change goes (changes_by_zone) */
};

/* Hash table slots: a key of bytes and a tag, mapping to a number */
struct slot {
	const unsigned char *key;
	size_t keylen;
	unsigned long tag;
	uintptr_t value;
	unsigned gen;
};

struct table {
	struct slot *slots;
	size_t size, used;
	unsigned gen;
};

/* Memory for the strings of a group of transactions, freed together */
struct chunk {
	struct chunk *next;
	size_t size, used;
	unsigned char data[];
};

/* The input file being read */
struct input {
	const char *name;
	int fd;
	unsigned long line;
	char *buf;
	size_t size, start, end;
	bool eof;
};

/* What is in effect for the lines that follow: zone, ttl, class */
struct defaults {
	char *zone_text;	/* NULL: none */
	size_t zone_textlen;
	struct dname zone;
	unsigned long ttl;
	bool ttl_set;
	unsigned class;
	/* the zone's index for zone_class while zones_epoch is zone_epoch */
	unsigned long zone_epoch;
	unsigned zone_class, zone_index;
};

/* The parser's state */
struct state {
	bool in_frame;		/* between BEGIN and COMMIT */
	bool in_batch;		/* unframed update lines waiting for send */
	unsigned long begin_line;
	char *xid;		/* from BEGIN; NULL if none */
	struct defaults frame;	/* reset at every BEGIN */
	struct defaults script;	/* outside frames, as nsupdate keeps it */
	bool has_prereq;	/* the open transaction has prerequisites */
	unsigned long txn_line;	/* where it began */
	uint32_t names;		/* its names so far, per zone */
	bool known_zone_before;	/* grp.known_zone when it began */
	unsigned long txn_size;	/* its octets */
};

/* The group: complete transactions not yet written, then the open one */
struct group {
	struct change *changes;
	size_t nchanges, changes_size;
	size_t committed;	/* changes of complete transactions */
	struct zone *zones;
	size_t nzones, zones_size;
	struct commit *commits;
	size_t ncommits, commits_size;
	unsigned long ntxn;
	unsigned long size;	/* octets of the complete transactions */
	bool known_zone;	/* a change with a known zone is in it */
};

/* The commands a line can start with (see commands) */
enum command {
	BEGIN, COMMIT, ZONE, TTL, CLASS, SEND, SESSION,
	UPDATE, PREREQ, CHANGE,	/* a change: update KIND, prereq KIND, KIND */
};

/* utilities and errors */
static void usage(FILE *to, int status) __attribute__((noreturn));
static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void bad(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void warn_at(unsigned long line, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void *xrealloc(void *p, size_t n);
static char *xstrndup(const char *s, size_t n);
static void *arena_alloc(size_t n);
static char *arena_strndup(const char *s, size_t n);
static void arena_trim(void *p, size_t n);
static void arena_reset(void);
static uint64_t hash_bytes(unsigned long tag, const unsigned char *key, size_t len);
static struct slot *table_find(struct table *t, unsigned long tag,
    const unsigned char *key, size_t len, bool add);
static void table_clear(struct table *t);
static inline uint64_t load8(const void *s);
static inline bool little_endian(void);
static inline uint64_t octets_at_most(uint64_t x, unsigned char c);
static inline uint64_t unprintable_octets(uint64_t x);
static inline uint64_t first_octets(size_t n);
static inline unsigned first_octet(uint64_t highs);
static inline uint64_t fold8(uint64_t x);
static inline bool same_octets(const unsigned char *a, const unsigned char *b,
    size_t len, bool fold);
static inline void out_write(const void *p, size_t n);
static void out_flush(void);
static void out_sync(void);
/* input */
static bool input_open(struct input *in, const char *name);
static char *find_newline(char *p, const char *end, bool *printable);
static char *input_line(struct input *in, size_t *len);
static bool input_waiting(struct input *in);
static void check_characters(const char *line, size_t len);
static size_t split_words(const char *line, size_t len, struct token *words, size_t max);
static inline bool next_word(const char *line, size_t len, size_t *pos, struct token *t);
static void lex_rdata(const char *s, size_t len, bool pairs, struct tokens *out);
static inline const struct field_kind *last_field(const struct rrtype *type);
/* names, numbers and strings */
static const char *unescape_octet(const char *s, size_t len, size_t *i,
    unsigned char *c);
static const char *name_from_text(const char *s, size_t len, struct dname *out);
static void parse_name(const struct token *t, struct dname *out, const char *what);
static bool name_is_below(const struct dname *name, const struct dname *zone, bool exact);
static const char *name_display(const unsigned char *wire);
static bool parse_decimal(const char *s, size_t len, unsigned long max, unsigned long *out);
static unsigned long parse_number(const struct token *t, unsigned long max, const char *what);
static unsigned long parse_ttl_units(const struct token *t, const char *what);
static size_t unescape_string(const struct token *t, unsigned char *out, size_t max);
static inline bool digits_only(const struct token *t);
static inline bool word_is(const struct token *t, const char *word);
static inline uint64_t word_head(const char *s, size_t len);
static inline size_t word_slot(uint64_t head, size_t len);
static void word_index_build(struct word_index *ix) __attribute__((noinline));
static inline size_t word_find(struct word_index *ix, const struct token *t);
static size_t word_probe_folded(struct word_index *ix, const struct token *t,
    uint64_t head) __attribute__((noinline));
static inline size_t word_probe(struct word_index *ix, const struct token *t,
    const uint64_t *heads, uint64_t want);
static inline bool parse_class(const struct token *t, unsigned *class);
static const char *class_name(unsigned class);
/* record types and their wire sizes */
static bool type_number(const struct token *t, unsigned long *v);
static const struct rrtype *find_type(const struct token *t, bool any, unsigned *number);
static size_t rdata_size(const struct rrtype *type, unsigned number, unsigned class,
    const struct tokens *rd, const struct dname *check_owner);
static size_t generic_rdata(const struct rrtype *type, const struct tokens *rd,
    const struct dname *check_owner);
static size_t rdata_fields(const struct rrtype *type, const struct tokens *rd,
    const struct dname *check_owner);
static inline const char *check_names_refuse(char rule, const struct dname *name,
    const struct dname *check_owner, bool owner);
static bool is_hostname(const struct dname *n, bool wildcard);
static bool is_mailbox(const struct dname *n);
static bool is_reverse(const struct dname *n);
static bool host_labels(const struct dname *n, size_t from);
static size_t hex_size(const struct tokens *rd, size_t from, const char *what,
    unsigned char *out);
static void wire_check(const struct rrtype *type, const unsigned char *d, size_t len,
    const struct dname *check_owner);
static size_t text_integer(struct text_walk *w);
static size_t text_time(struct text_walk *w);
static size_t text_zero_flags(struct text_walk *w);
static size_t text_name(struct text_walk *w);
static size_t text_address(struct text_walk *w);
static size_t text_string(struct text_walk *w);
static size_t text_optional_string(struct text_walk *w);
static size_t text_strings(struct text_walk *w);
static size_t text_x25(struct text_walk *w);
static size_t text_algorithm(struct text_walk *w);
static size_t text_cert_type(struct text_walk *w);
static size_t text_digest(struct text_walk *w);
static size_t text_hex(struct text_walk *w);
static size_t text_base64(struct text_walk *w);
static size_t text_key(struct text_walk *w);
static size_t text_base64_or_none(struct text_walk *w);
static size_t text_caa_tag(struct text_walk *w);
static size_t text_caa_value(struct text_walk *w);
static size_t text_uri_target(struct text_walk *w);
static size_t text_gateway_type(struct text_walk *w);
static size_t text_relay(struct text_walk *w);
static size_t text_gateway(struct text_walk *w);
static size_t wire_field_name(struct wire_walk *w, size_t need);
static size_t wire_zero_flags(struct wire_walk *w, size_t need);
static size_t wire_string(struct wire_walk *w, size_t need);
static size_t wire_optional_string(struct wire_walk *w, size_t need);
static size_t wire_strings(struct wire_walk *w, size_t need);
static size_t wire_x25(struct wire_walk *w, size_t need);
static size_t wire_digest(struct wire_walk *w, size_t need);
static size_t wire_rest(struct wire_walk *w, size_t need);
static size_t wire_rest_some(struct wire_walk *w, size_t need);
static size_t wire_key(struct wire_walk *w, size_t need);
static size_t wire_atma(struct wire_walk *w, size_t need);
static size_t wire_caa_tag(struct wire_walk *w, size_t need);
static size_t wire_gateway_type(struct wire_walk *w, size_t need);
static size_t wire_relay(struct wire_walk *w, size_t need);
static size_t wire_gateway(struct wire_walk *w, size_t need);
static size_t wire_apl(struct wire_walk *w, size_t need);
static size_t wire_hip(struct wire_walk *w, size_t need);
static size_t wire_type_bitmap(struct wire_walk *w, size_t need);
static size_t wire_loc(struct wire_walk *w, size_t need);
static size_t wire_svcb_params(struct wire_walk *w, size_t need);
static inline const struct token *text_next(struct text_walk *w);
static inline size_t text_to_end(struct text_walk *w, size_t size);
static inline void rdata_name_keep(const struct rrtype *type, size_t at,
    const struct dname *name);
static void wire_name(const struct rrtype *type, const unsigned char *d, size_t len,
    size_t *i, struct dname *name);
static size_t wire_bitmap(const unsigned char *d, size_t len);
static size_t base64_size(const struct tokens *rd, size_t from, const char *what);
static bool ipv4_valid(const char *s, size_t len);
static size_t address_size(const struct token *t, int family);
static bool fixed_point(const struct token *t, int places, bool sign, long long *out);
static size_t loc_size(struct text_walk *w);
static size_t locator_size(struct text_walk *w);
static size_t eui_size(struct text_walk *w);
static size_t nsap_size(struct text_walk *w);
static size_t atma_size(struct text_walk *w);
static size_t apl_size(struct text_walk *w);
static size_t hip_size(struct text_walk *w);
static size_t bitmap_size(struct text_walk *w);
static unsigned long cert_type(const struct token *t);
static size_t svcb_params_size(struct text_walk *w);
static unsigned long svcb_key(const char *s, size_t len);
static size_t alpn_size(const unsigned char *value, size_t len);
static void svcb_check_wire(unsigned long key, const unsigned char *value, size_t len);
static bool key_in(const struct key_set *set, unsigned long key);
static bool key_mark(struct key_set *set, unsigned long key);
static void key_clear(struct key_set *set);
static unsigned long dnssec_algorithm(const struct token *t);
static unsigned long ds_digest_type(const struct token *t);
static size_t digest_length(char field, unsigned long type);
/* lines and transactions */
static void read_stream(struct input *in);
static void parse_line(const char *line, size_t len);
static void frame_begin(const struct token *w, size_t n);
static void frame_commit(const struct token *w, size_t n);
static bool parse_lsn(const char *s, size_t len, uint64_t *lsn);
static void set_zone(struct defaults *d, const struct token *w, size_t n);
static void set_ttl(struct defaults *d, const struct token *w, size_t n);
static void set_class(struct defaults *d, const struct token *w, size_t n);
static unsigned find_zone(struct defaults *d, const struct dname *owner, unsigned class);
static void transaction_start(void);
static void transaction_end(char *commit_line);
static char *append(char *end, const char *word, size_t len);
static char *append_number(char *end, unsigned long v);
static void parse_change(const char *line, size_t len, size_t pos,
    const struct token *cmd, enum command command);
struct parsed_change;
static void change_parse(const char *line, size_t len, size_t pos,
    const struct token *cmd, enum command command, const struct defaults *d,
    struct parsed_change *p);
static inline bool same_text(const struct token *t, const char *text, size_t len);
static bool word_follows(const char **at, const struct token *t);
static char *change_text(const char *line, size_t len,
    const struct parsed_change *p, size_t *textlen);
static void change_account(struct defaults *d, const struct parsed_change *p,
    const char *text, size_t textlen, size_t rdata_size_octets);
/* splitting and output */
static size_t zone_base(const struct zone *z);
static int change_order(const struct change *a, const struct change *b);
static void changes_sort(size_t from, size_t to);
static void changes_by_zone(size_t n);
static uint32_t name_order(size_t i);
static void group_write(void);
static inline size_t change_bound(const struct change *c);
static void pack_start(const struct zone *z, size_t first);
static size_t pack_size(void);
static inline uint32_t cnode_hash(uint32_t parent, const unsigned char *label);
static inline bool slot_live(size_t slot);
static uint32_t cnode_find(uint32_t parent, const unsigned char *label,
    uint32_t hash);
static void cnode_place(uint32_t n);
static uint32_t cnode_add(uint32_t parent, const unsigned char *label,
    uint32_t hash);
struct name_hint;
static inline bool name_cost_known(const unsigned char *wire, size_t len,
    const size_t *pos, bool compress, const struct name_hint *hint, size_t *cost);
static inline void name_cost(const unsigned char *wire, size_t len,
    const size_t *pos, bool compress, unsigned role, size_t *cost);
static inline void name_cost_below(const unsigned char *wire, size_t len,
    const size_t *pos, bool compress, const struct name_hint *hint, size_t *cost);
static void name_cost_walk(const unsigned char *wire, size_t len,
    const size_t *pos, bool compress, struct name_hint *hint, size_t *cost);
static void pack_build(size_t i);
static void pack_change(size_t i);
static bool pack_changes(size_t from, size_t to);
static void zone_write(const struct zone *z, size_t from, size_t to);
static void block_write(const struct zone *z, size_t from, size_t to, size_t size);
static void order_write(const struct zone *z, size_t from, size_t to);
static void order_reset(void);
static bool order_take(const struct zone *z, size_t k);
static void effect_read(const struct change *c, struct effect *e);
static bool same_rdata(const struct effect *a, const struct effect *b);
static uint32_t rdata_hash(const struct effect *e);
static int rdata_octet(const char *s, size_t len, size_t *i);
/* main */
static size_t size_option(const char *arg, size_t min, size_t max, char opt);
static void read_zonefile(const char *name);

/* Options */
static const char *progname = "txsplit";
static size_t budget = BUDGET_DEFAULT;
static size_t tsig_reserve = TSIG_MAX;
static bool verbose;
static bool merge;
static bool order_free;		/* -O */
/* -C: whose name compression the sizes follow, a bit per model */
enum { BIND918, BIND920, NMODELS };
static unsigned models = 1u << BIND918 | 1u << BIND920;
static const struct {
	const char *word;
	unsigned models;
} compressions[] = {
	{ "9.18", 1u << BIND918 },
	{ "9.20", 1u << BIND920 },
	{ "both", 1u << BIND918 | 1u << BIND920 },
};
static bool after_set;
static uint64_t after_lsn;

/* The zones of -z, by lower-cased wire name */
static struct table zonefile;
static const char *zonefile_name;

static struct input *current;
static struct state st;
static struct group grp;
static struct name_table owners;	/* the open transaction's names */
static struct table zone_index;	/* (class, zone) -> index in grp.zones */
static struct chunk *arena;
static struct tokens rdata_tokens;	/* reused from line to line */
static struct rdata_names rdata_names;	/* the last RDATA's (rdata_size) */
static unsigned long txn_count;		/* transactions begun */
static bool wrote_zone;		/* a zone line is in effect for nsupdate */
static unsigned long zones_epoch = 1;	/* one more each time the zones go */
static char outbuf[64 * 1024];	/* what is written, waiting for out_flush */
static size_t outlen;

/* ==== Utilities and errors ==== */

/* The usage: asked for (-h) on standard output, as an error on standard error */
static void
usage(FILE *to, int status)
{
	fprintf(to,
	    "usage: %s [-hmOvV] [-a lsn] [-b size] [-C release] [-t size]\n"
	    "               [-z zonefile] [file ...]\n"
	    "  -a lsn       skip transactions committed at or before lsn\n"
	    "  -b size      message size budget in octets (default %d)\n"
	    "  -C release   size names as nsupdate of BIND 9.18 or 9.20 compresses them,\n"
	    "               or both (the default: the larger of the two)\n"
	    "  -h           this help\n"
	    "  -m           merge waiting transactions into shared messages\n"
	    "  -O           messages that mean the same in any order of their updates\n"
	    "  -t size      octets kept for the TSIG record (default %d; 0 if unsigned)\n"
	    "  -v           comment each block with its size and record count\n"
	    "  -V           print the version\n"
	    "  -z zonefile  zones, one per line, for lines without a zone\n",
	    progname, BUDGET_DEFAULT, TSIG_MAX);
	exit(status);
}

/* A system or usage error: exit 2 */
static void
die(const char *fmt, ...)
{
	va_list ap;

	out_flush();
	fflush(stdout);
	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

/*
 * Bad input: say where, write the complete transactions before this
 * one (nothing of this one), and exit 1.
 */
static void
bad(const char *fmt, ...)
{
	va_list ap;

	grp.nchanges = grp.committed;
	group_write();
	out_sync();
	fprintf(stderr, "%s: %s:%lu: ", progname, current->name, current->line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void
warn_at(unsigned long line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: %s:%lu: warning: ", progname, current->name, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (p == NULL)
		die("out of memory");
	return p;
}

static char *
xstrndup(const char *s, size_t n)
{
	char *p = xrealloc(NULL, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/*
 * The group's strings live in an arena: one allocation per line would
 * cost more than the parsing, and they are all freed together once
 * the group is written.  After that only one ordinary chunk is kept,
 * so memory follows the largest transaction, not the history.
 */
#define CHUNK_SIZE (256 * 1024)

/*
 * The input buffer ends with this many octets more than it holds, all
 * of them zeroed or read, and so does what the arena has given out
 * (arena_alloc, arena_trim): a line, a word or a string in them can be
 * read eight octets at a time (load8) past its end.
 */
#define SLACK 8

static void *
arena_alloc(size_t n)
{
	struct chunk *c = arena;

	if (c == NULL || c->size - c->used < n) {
		size_t size = n > CHUNK_SIZE ? n : CHUNK_SIZE;

		c = xrealloc(NULL, sizeof(*c) + size + SLACK);
		c->size = size;
		c->used = 0;
		c->next = arena;
		arena = c;
	}
	c->used += n;
	memset(c->data + c->used, 0, SLACK);
	return c->data + c->used - n;
}

static char *
arena_strndup(const char *s, size_t n)
{
	char *p = arena_alloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Give back the end of the last allocation, keeping its first n octets */
static void
arena_trim(void *p, size_t n)
{
	arena->used = (unsigned char *)p - arena->data + n;
	memset(arena->data + arena->used, 0, SLACK);
}

static void
arena_reset(void)
{
	while (arena != NULL && (arena->next != NULL || arena->size != CHUNK_SIZE)) {
		struct chunk *next = arena->next;

		free(arena);
		arena = next;
	}
	if (arena != NULL)
		arena->used = 0;
}

/* Eight octets at once: a 1 in each, its high bit, its 0x20 (a to A) */
#define OCTETS_ONES	0x0101010101010101ULL
#define OCTETS_HIGHS	(OCTETS_ONES << 7)
#define OCTETS_CASE	(OCTETS_ONES * 0x20)

/*
 * Eight octets from s as one number (the first the lowest in value on
 * a little-endian machine): eight octets from s on must be readable and
 * set, as they are in the input buffer and the arena (see SLACK).
 */
static inline uint64_t
load8(const void *s)
{
	uint64_t x;

	memcpy(&x, s, 8);
	return x;
}

/* Is the first octet in memory the lowest in value? (a constant) */
static inline bool
little_endian(void)
{
	const union { uint16_t u; unsigned char c[2]; } probe = { 1 };

	return probe.c[0] == 1;
}

/*
 * Eight octets at once (see load8): the high bit of each that is at or
 * below c (below 0x80), and no other bit
 */
static inline uint64_t
octets_at_most(uint64_t x, unsigned char c)
{
	return ~(((x & ~OCTETS_HIGHS) + (0x7f - c) * OCTETS_ONES) | x) &
	    OCTETS_HIGHS;
}

/*
 * Eight octets at once: the high bit of the first below ' ' or above
 * '~', and maybe of others, or 0.  Where the first octet is the lowest
 * in value, a borrow or a carry between octets sets only bits above
 * the first, and whole-number arithmetic finds it in fewer steps.
 */
static inline uint64_t
unprintable_octets(uint64_t x)
{
	if (little_endian())
		return ((x - ' ' * OCTETS_ONES) | (x + OCTETS_ONES) | x) &
		    OCTETS_HIGHS;
	return octets_at_most(x, ' ' - 1) |
	    ((((x & ~OCTETS_HIGHS) + OCTETS_ONES) | x) & OCTETS_HIGHS);
}

/* Every bit of the first n octets in memory (n below 8) */
static inline uint64_t
first_octets(size_t n)
{
	return little_endian() ? ~(~0ULL << (8 * n)) : ~(~0ULL >> (8 * n));
}

/*
 * Of some of eight octets' high bits (octets_at_most,
 * unprintable_octets), the first in memory that is set
 */
static inline unsigned
first_octet(uint64_t highs)
{
	return little_endian() ? __builtin_ctzll(highs) / 8 :
	    __builtin_clzll(highs) / 8;
}

/* Eight octets with A-Z folded to a-z in all eight at once */
static inline uint64_t
fold8(uint64_t x)
{
	uint64_t low = x & ~OCTETS_HIGHS;

	return x + (((low + (0x80 - 'A') * OCTETS_ONES) &
	    ~(low + (0x80 - 'Z' - 1) * OCTETS_ONES) & ~x & OCTETS_HIGHS) >> 2);
}

/*
 * FNV-1a, 64 bits, of the key with 0x20 (the bit between A and a) set
 * in every octet, so that keys differing only in ASCII case hash the
 * same; mixed
 */
static uint64_t
hash_bytes(unsigned long tag, const unsigned char *key, size_t len)
{
	uint64_t h = 14695981039346656037ULL;

	h = (h ^ tag) * 1099511628211ULL;
	/*
	 * Eight octets at a time; a key of eight or more ends with its last
	 * eight, read again in part (the same key reads the same).
	 */
	for (size_t i = 0; i < len; i += 8) {
		uint64_t x = 0;

		if (len - i >= 8)
			memcpy(&x, key + i, 8);
		else if (len >= 8)
			memcpy(&x, key + len - 8, 8);
		else
			for (size_t k = i; k < len; k++)
				x = x << 8 | key[k];
		h ^= x | OCTETS_CASE;
		h *= 1099511628211ULL;
	}
	/*
	 * A multiplication carries bits only upwards, so the low bits that
	 * choose a slot would depend on the low bits of each octet alone:
	 * fold the high bits down (MurmurHash3's finalizer).
	 */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

/*
 * Are the octets the same (with fold, ignoring ASCII case)?  Eight at
 * a time, the last eight read again in part: names are short, and a
 * call to memcmp costs more than comparing them.
 */
static inline bool
same_octets(const unsigned char *a, const unsigned char *b, size_t len,
    bool fold)
{
	uint64_t x, y;

	if (len < 8) {
		for (size_t k = 0; k < len; k++)
			if (a[k] != b[k] && (!fold || ascii_lower(a[k]) != ascii_lower(b[k])))
				return false;
		return true;
	}
	for (size_t i = 0;; i += 8) {
		if (i + 8 > len)
			i = len - 8;
		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		if (x != y && (!fold || fold8(x) != fold8(y)))
			return false;
		if (i + 8 == len)
			return true;
	}
}

/*
 * Open addressing with linear probing.  Keys are names in wire form
 * (a tag says which table of names), and compare ignoring ASCII case
 * as names do, so a key can be the name as it was written.  Slots of an older generation
 * are empty, so clearing a table is one increment however big it grew.
 * With add, a key not found is added with the value 0: the caller then
 * gives it a value, and a key that lives as long as the entry.
 */
static struct slot *
table_find(struct table *t, unsigned long tag, const unsigned char *key,
    size_t len, bool add)
{
	struct slot *s;

	if (add && 2 * (t->used + 1) > t->size) {
		struct table bigger = { NULL, t->size ? 2 * t->size : 64, 0, 1 };

		bigger.slots = xrealloc(NULL, bigger.size * sizeof(struct slot));
		memset(bigger.slots, 0, bigger.size * sizeof(struct slot));
		for (size_t i = 0; i < t->size; i++) {
			s = &t->slots[i];
			if (s->gen == t->gen)
				table_find(&bigger, s->tag, s->key, s->keylen,
				    true)->value = s->value;
		}
		free(t->slots);
		*t = bigger;
	}
	if (t->size == 0)
		return NULL;
	for (size_t i = hash_bytes(tag, key, len) & (t->size - 1);;
	    i = (i + 1) & (t->size - 1)) {
		s = &t->slots[i];
		if (s->gen != t->gen) {
			if (!add)
				return NULL;
			s->gen = t->gen;
			s->tag = tag;
			s->key = key;
			s->keylen = len;
			s->value = 0;
			t->used++;
			return s;
		}
		if (s->tag == tag && s->keylen == len &&
		    same_octets(s->key, key, len, true))
			return s;
	}
}

static void
table_clear(struct table *t)
{
	t->used = 0;
	if (++t->gen == 0) {
		memset(t->slots, 0, t->size * sizeof(struct slot));
		t->gen = 1;
	}
}

/*
 * Output goes through one buffer of its own, written in large pieces:
 * stdio's per-call work would cost more than making the lines.
 * stdout itself is unbuffered.
 */
static inline void
out_write(const void *p, size_t n)
{
	if (n > sizeof(outbuf) - outlen) {
		out_flush();
		if (n > sizeof(outbuf)) {
			fwrite(p, 1, n, stdout);
			return;
		}
	}
	memcpy(outbuf + outlen, p, n);
	outlen += n;
}

static void
out_flush(void)
{
	if (outlen > 0)
		fwrite(outbuf, 1, outlen, stdout);
	outlen = 0;
}

/* Everything written so far on its way, or a write error */
static void
out_sync(void)
{
	out_flush();
	if (ferror(stdout) || fflush(stdout) != 0)
		die("write error: %s", strerror(errno));
}

/* ==== Input ==== */

static bool
input_open(struct input *in, const char *name)
{
	in->fd = strcmp(name, "-") == 0 ? STDIN_FILENO : open(name, O_RDONLY);
	in->name = strcmp(name, "-") == 0 ? "(stdin)" : name;
	in->line = 0;
	in->start = in->end = 0;
	in->eof = false;
	if (in->buf == NULL) {
		in->size = 64 * 1024;
		in->buf = xrealloc(NULL, in->size + SLACK);
		memset(in->buf, 0, in->size + SLACK);
	}
	return in->fd >= 0;
}

/* Can read(2) return at once, without waiting for input to arrive? */
static bool
input_waiting(struct input *in)
{
	struct pollfd p = { in->fd, POLLIN, 0 };

	return in->eof || poll(&p, 1, 0) > 0;
}

/*
 * The first newline from p on before end, or NULL, eight octets at a
 * time (see SLACK); *printable is cleared on the way at an octet other
 * than tab that is not printable ASCII.  (Each octet where the search
 * stops is looked at alone, and it goes on after it.)
 */
static char *
find_newline(char *p, const char *end, bool *printable)
{
	while (p < end) {
		uint64_t odd = unprintable_octets(load8(p));

		if (odd == 0) {
			p += 8;
			continue;
		}
		p += first_octet(odd);
		if (p >= end)
			return NULL;
		if (*p == '\n')
			return p;
		if (*p != '\t')
			*printable = false;
		p++;
	}
	return NULL;
}

/*
 * The next line, without its newline, or NULL at the end.  A line
 * longer than nsupdate can read whole is an error, found as soon as
 * that much of it is read (so memory for a line stays bounded too);
 * so is an octet in it that check_characters refuses.
 * Before waiting for input, everything complete is written and
 * flushed: the pipeline is live, and a committed change must not wait
 * in a buffer for the next one.
 */
static char *
input_line(struct input *in, size_t *len)
{
	size_t scanned = in->start;
	bool printable = true;

	for (;;) {
		char *nl = find_newline(in->buf + scanned, in->buf + in->end,
		    &printable);

		if ((nl != NULL ? (size_t)(nl - in->buf) : in->end) - in->start >
		    NSUPDATE_LINE_MAX) {
			in->line++;
			bad("line longer than %d octets, the most nsupdate reads "
			    "as one command", NSUPDATE_LINE_MAX);
		}
		if (nl != NULL) {
			char *line = in->buf + in->start;

			*len = nl - line;
			in->start = nl - in->buf + 1;
			in->line++;
			if (!printable)
				check_characters(line, *len);
			return line;
		}
		if (in->eof) {
			if (in->start == in->end)
				return NULL;
			*len = in->end - in->start;
			in->buf[in->end] = '\0';
			scanned = in->start;
			in->start = in->end;
			in->line++;
			if (!printable)
				check_characters(in->buf + scanned, *len);
			return in->buf + scanned;
		}
		scanned = in->end;
		if (in->start > 0) {
			memmove(in->buf, in->buf + in->start, in->end - in->start);
			scanned -= in->start;
			in->end -= in->start;
			in->start = 0;
		}
		if (in->size - in->end < 4096) {
			in->buf = xrealloc(in->buf, 2 * in->size + SLACK);
			memset(in->buf + in->size, 0, in->size + SLACK);
			in->size *= 2;
		}
		if (!input_waiting(in)) {
			group_write();
			out_sync();
		}
		/* keep a byte for the terminator of a last unended line */
		ssize_t n = read(in->fd, in->buf + in->end, in->size - in->end - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			die("%s: %s", in->name, strerror(errno));
		if (n == 0)
			in->eof = true;
		in->end += n;
	}
}

/*
 * nsupdate reads a line as text: NUL, control characters and bytes
 * that are not ASCII are refused here rather than guessed about.
 */
static void
check_characters(const char *line, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = line[i];

		if (c == '\t' || (c >= ' ' && c < 0x7f))
			continue;
		if (c == '\0')
			bad("NUL byte at column %zu: the stream must be text", i + 1);
		if (c == '\r')
			bad("carriage return at column %zu: "
			    "lines must end with LF alone, not CR LF", i + 1);
		if (c >= 0x80)
			bad("byte 0x%02X at column %zu is not ASCII: "
			    "write it as \\%03u inside the RDATA", c, i + 1, c);
		bad("control character 0x%02X at column %zu: only tab and "
		    "printable ASCII may appear", c, i + 1);
	}
}

/*
 * nsupdate splits a command's words at blanks, with no quoting or
 * escapes (only the RDATA is read by BIND's lexer): so does this.
 * Returns the number of words, at most max.
 */
static size_t
split_words(const char *line, size_t len, struct token *words, size_t max)
{
	size_t n = 0, pos = 0;

	while (n < max && next_word(line, len, &pos, &words[n]))
		n++;
	return n;
}

/*
 * The next word of a command line; false at the end of the line.  A
 * line from input_line is followed by its newline, or by a NUL at the
 * end of the input, and a change's text in the arena by its newline
 * (change_text); check_characters has refused both inside them, and
 * every control character but tab: so a word ends at the first octet
 * at or below ' ', found eight at a time.
 */
static inline bool
next_word(const char *line, size_t len, size_t *pos, struct token *t)
{
	const char *p = line + *pos;

	while (blank_octet(*p) && p < line + len)
		p++;
	if (p >= line + len)
		return false;
	t->start = p;
	t->quoted = false;
	for (;; p += 8) {
		uint64_t blank = octets_at_most(load8(p), ' ');

		if (blank != 0) {
			p += first_octet(blank);
			break;
		}
	}
	t->len = p - t->start;
	*pos = p - line;
	return true;
}

/*
 * The RDATA, as BIND's lexer reads it on one line: blanks separate
 * tokens; a backslash escapes the next character; a token that starts
 * with a double quote runs to the next unescaped quote, and ends there.
 * With pairs (SVCB's key="value"), a quote just after '=' also runs to
 * the next unescaped quote, blanks and all, and ends the token there.
 * Parentheses and semicolons are ordinary characters to nsupdate.
 */
static void
lex_rdata(const char *s, size_t len, bool pairs, struct tokens *out)
{
	size_t i = 0;

	out->count = 0;
	for (;;) {
		struct token t;

		while (i < len && blank_octet(s[i]))
			i++;
		if (i == len)
			return;
		t.quoted = s[i] == '"';
		if (t.quoted)
			i++;
		t.start = s + i;
		bool in_quotes = t.quoted;
		for (;;) {
			/* after the RDATA: a blank or the line's end, special */
			while (!lex_special[(unsigned char)s[i]])
				i++;
			if (i >= len)
				break;
			if (s[i] == '\\') {
				if (++i == len)
					bad("backslash at the end of the line");
			} else if (in_quotes && s[i] == '"') {
				break;
			} else if (!in_quotes && blank_octet(s[i])) {
				break;
			} else if (pairs && !in_quotes && s[i] == '=' &&
			    i + 1 < len && s[i + 1] == '"') {
				in_quotes = true;
				i++;
			}
			i++;
		}
		if (in_quotes && i == len)
			bad("unterminated quoted string");
		if (in_quotes && !t.quoted)
			i++;	/* the pair's closing quote is part of its token */
		t.len = s + i - t.start;
		if (t.quoted)
			i++;
		if (out->count == out->size) {
			out->size = out->size ? 2 * out->size : 16;
			out->tok = xrealloc(out->tok, out->size * sizeof(*out->tok));
		}
		out->tok[out->count++] = t;
	}
}

/* ==== Names, numbers and strings ==== */

/*
 * The octet an escape stands for, read from s[*i], just after its
 * backslash: \DDD (a decimal octet) or \X (X itself).  Returns NULL or
 * what is wrong.
 */
static const char *
unescape_octet(const char *s, size_t len, size_t *i, unsigned char *c)
{
	unsigned v = 0;

	if (!ascii_digit(s[*i])) {
		*c = s[(*i)++];
		return NULL;
	}
	for (int k = 0; k < 3; k++, (*i)++) {
		if (*i == len || !ascii_digit(s[*i]))
			return "\\DDD escape needs three digits";
		v = v * 10 + (s[*i] - '0');
	}
	if (v > 255)
		return "\\DDD escape over 255";
	*c = v;
	return NULL;
}

/*
 * A name in presentation format to wire form, as BIND reads it with
 * the root as origin: "foo" is "foo.", "@" is the root.  Escapes are
 * \DDD (a decimal octet) and \X (X itself).  Returns NULL or what is
 * wrong.
 */
static const char *
name_from_text(const char *s, size_t len, struct dname *out)
{
	size_t i = 0, label = 0;
	const char *err;

	out->len = 0;
	if ((len == 1 && (s[0] == '.' || s[0] == '@'))) {
		out->wire[out->len++] = 0;
		return NULL;
	}
	if (len == 0)
		return "empty name";
	/*
	 * Most names have no escapes and fit: copied one octet on, the text
	 * is the wire form but for the lengths, which go where the dot
	 * before each label is.  Anything else (an escape, an empty or long
	 * label, a long name) is left to the loop below, which says what
	 * is wrong.
	 */
	if (len + 2 <= NAME_MAX_WIRE) {
		memcpy(out->wire + 1, s, len);
		for (i = 1; i <= len; i++) {
			if (name_octet[out->wire[i]] != NAME_SPECIAL)
				continue;
			if (out->wire[i] == '\\' || i - label - 1 - 1 >= LABEL_MAX)
				break;
			out->wire[label] = i - label - 1;
			label = i;
		}
		if (i > len && label == len) {	/* absolute */
			out->wire[len] = 0;
			out->len = len + 1;
			return NULL;
		}
		if (i > len && len - label - 1 < LABEL_MAX) {	/* relative */
			out->wire[label] = len - label;
			out->wire[len + 1] = 0;
			out->len = len + 2;
			return NULL;
		}
		i = label = 0;
	}
	while (i < len) {
		unsigned char c = s[i++];

		if (c == '.') {
			if (out->len == label)
				return "empty label";
			out->wire[label] = out->len - label - 1;
			label = out->len;
			if (i == len)
				break;
			continue;
		}
		if (out->len == label) {	/* room for the length */
			if (out->len + 1 >= NAME_MAX_WIRE)
				return "name longer than 255 octets";
			out->len++;
		}
		if (c != '\\') {
			/* a run of plain octets, checked and copied at once */
			size_t end = i, room_label = label + LABEL_MAX + 1 - out->len,
			    room_name = NAME_MAX_WIRE - 1 - out->len;

			while (end < len && name_octet[(unsigned char)s[end]] != NAME_SPECIAL)
				end++;
			if (end - i + 1 > room_label || end - i + 1 > room_name)
				return room_label <= room_name ?
				    "label longer than 63 octets" :
				    "name longer than 255 octets";
			out->wire[out->len] = c;
			memcpy(out->wire + out->len + 1, s + i, end - i);
			out->len += end - i + 1;
			i = end;
			continue;
		}
		if (i == len)
			return "backslash at the end of the name";
		if ((err = unescape_octet(s, len, &i, &c)) != NULL)
			return err;
		if (out->len - label == LABEL_MAX + 1)
			return "label longer than 63 octets";
		if (out->len + 1 >= NAME_MAX_WIRE)
			return "name longer than 255 octets";
		out->wire[out->len++] = c;
	}
	if (out->len != label)	/* relative: close the last label */
		out->wire[label] = out->len - label - 1;
	out->wire[out->len++] = 0;
	return NULL;
}

static void
parse_name(const struct token *t, struct dname *out, const char *what)
{
	const char *err;

	if (t->quoted)
		bad("%s \"%.*s\": a domain name cannot be quoted",
		    what, (int)t->len, t->start);
	err = name_from_text(t->start, t->len, out);
	if (err != NULL)
		bad("%s '%.*s': %s", what, (int)t->len, t->start, err);
}

/*
 * Is name at or below zone?  With exact, the comparison is octet for
 * octet (as nsupdate's name compression is); otherwise as DNS names
 * compare, ignoring ASCII case.
 */
static bool
name_is_below(const struct dname *name, const struct dname *zone, bool exact)
{
	size_t i = 0;

	while (name->len - i > zone->len)
		i += name->wire[i] + 1;
	if (name->len - i != zone->len)
		return false;
	return same_octets(name->wire + i, zone->wire, zone->len, !exact);
}

/* A name for messages, in presentation format */
static const char *
name_display(const unsigned char *wire)
{
	static char buf[4 * NAME_MAX_WIRE + 2];
	char *p = buf;
	size_t i = 0;

	if (wire[0] == 0)
		return ".";
	while (wire[i] != 0) {
		size_t len = wire[i++];

		for (size_t k = 0; k < len; k++, i++) {
			unsigned char c = wire[i];

			if (c <= ' ' || c >= 0x7f)
				p += sprintf(p, "\\%03u", c);
			else if (strchr(".\\\"();@$", c) != NULL)
				p += sprintf(p, "\\%c", c);
			else
				*p++ = c;
		}
		*p++ = '.';
	}
	*p = '\0';
	return buf;
}

/* Decimal digits only, as BIND's isc_parse_uint32 (no sign, no 0x) */
static bool
parse_decimal(const char *s, size_t len, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;

	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (!ascii_digit(s[i]))
			return false;
		if ((unsigned long)(s[i] - '0') > max ||
		    v > (max - (s[i] - '0')) / 10)
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

static unsigned long
parse_number(const struct token *t, unsigned long max, const char *what)
{
	unsigned long v;

	if (t->quoted || !parse_decimal(t->start, t->len, max, &v))
		bad("%s '%s%.*s%s': want a decimal number from 0 to %lu",
		    what, TOKEN_TEXT(t), max);
	return v;
}

/*
 * SOA timers may be written as BIND's TTLs are in zone files: a number
 * of seconds, or numbers with units w, d, h, m, s (as "1h30m").
 */
static unsigned long
parse_ttl_units(const struct token *t, const char *what)
{
	static const struct { char unit; unsigned long seconds; } units[] = {
		{ 'w', 604800 }, { 'd', 86400 }, { 'h', 3600 }, { 'm', 60 },
		{ 's', 1 },
	};
	unsigned long total = 0, v;
	size_t i = 0;

	if (!t->quoted && parse_decimal(t->start, t->len, 0xffffffffUL, &v))
		return v;
	while (!t->quoted && i < t->len) {
		size_t digits = i, u;

		while (i < t->len && isdigit((unsigned char)t->start[i]))
			i++;
		if (i == t->len || i == digits ||
		    !parse_decimal(t->start + digits, i - digits, 0xffffffffUL, &v))
			break;
		for (u = 0; u < sizeof(units) / sizeof(units[0]); u++)
			if (tolower((unsigned char)t->start[i]) == units[u].unit)
				break;
		if (u == sizeof(units) / sizeof(units[0]) ||
		    v > (0xffffffffUL - total) / units[u].seconds)
			break;
		total += v * units[u].seconds;
		if (++i == t->len)
			return total;
	}
	bad("%s '%s%.*s%s': want seconds (0 to 4294967295) or a time "
	    "like 1h30m", what, TOKEN_TEXT(t));
}

/*
 * A character-string's contents, unescaped as BIND does (\DDD and \X),
 * into out (which has room for max octets).  Returns its length; over
 * max is an error.
 */
static size_t
unescape_string(const struct token *t, unsigned char *out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < t->len; n++) {
		unsigned char c = t->start[i++];
		const char *err;

		if (c == '\\' &&
		    (err = unescape_octet(t->start, t->len, &i, &c)) != NULL)
			bad("'%.*s': %s", (int)t->len, t->start, err);
		if (n == max)
			bad("string '%.*s' is longer than %zu octets",
			    t->len > 40 ? 40 : (int)t->len, t->start, max);
		if (out != NULL)
			out[n] = c;
	}
	return n;
}

/* A word of decimal digits only (a TTL, where the TTL may be) */
static inline bool
digits_only(const struct token *t)
{
	for (size_t k = 0; k < t->len; k++)
		if (!ascii_digit(t->start[k]))
			return false;
	return true;
}

static inline bool
word_is(const struct token *t, const char *word)
{
	if (t->quoted || strlen(word) != t->len)
		return false;
	for (size_t k = 0; k < t->len; k++)
		if (ascii_lower(t->start[k]) != ascii_lower(word[k]))
			return false;
	return true;
}

/*
 * A word's first eight octets (zeros after a shorter one); s is in the
 * input buffer or the arena (load8)
 */
static inline uint64_t
word_head(const char *s, size_t len)
{
	uint64_t x = load8(s);

	return len < 8 ? x & first_octets(len) : x;
}

/*
 * The first slot to look at for a word (a multiplicative hash), the
 * same in either case: 0x20 is the bit between A and a
 */
static inline size_t
word_slot(uint64_t head, size_t len)
{
	return (((head | OCTETS_CASE) + len) * 0x9e3779b97f4a7c15ULL >> 32) %
	    WORD_SLOTS;
}

#define WORD_AT(i) (*(const char *const *)((const char *)ix->table + (i) * ix->stride))
static void
word_index_build(struct word_index *ix)
{
	size_t h;

	for (size_t i = 0; i < ix->count; i++) {
		const char *word = WORD_AT(i);
		char padded[8] = { 0 };
		size_t len = strlen(word);
		uint64_t head;

		memcpy(padded, word, len < 8 ? len : 8);
		head = word_head(padded, len);
		for (h = word_slot(head, len); ix->slot[h % WORD_SLOTS] != 0; h++)
			;
		ix->slot[h % WORD_SLOTS] = i + 1;
		ix->len[h % WORD_SLOTS] = len;
		ix->head[h % WORD_SLOTS] = head;
		ix->folded[h % WORD_SLOTS] = fold8(head);
	}
	ix->built = true;
}

/*
 * The entry of the word in the index's table, or its count if none:
 * looked for as written in the table, then (word_probe_folded) ignoring
 * case
 */
static inline size_t
word_find(struct word_index *ix, const struct token *t)
{
	uint64_t head;
	size_t e;

	if (!ix->built)
		word_index_build(ix);
	if (t->quoted)
		return ix->count;
	head = word_head(t->start, t->len);
	e = word_probe(ix, t, ix->head, head);
	return e < ix->count ? e : word_probe_folded(ix, t, head);
}

/* Apart, and not inline: the rare case kept out of every word_find */
static size_t
word_probe_folded(struct word_index *ix, const struct token *t, uint64_t head)
{
	return word_probe(ix, t, ix->folded, fold8(head));
}

/* The entry whose head in heads is want, and the rest the same */
static inline size_t
word_probe(struct word_index *ix, const struct token *t, const uint64_t *heads,
    uint64_t want)
{
	for (size_t h = word_slot(want, t->len);; h++) {
		size_t e = ix->slot[h % WORD_SLOTS], k = 8;

		if (e-- == 0)
			return ix->count;
		if (ix->len[h % WORD_SLOTS] != t->len || heads[h % WORD_SLOTS] != want)
			continue;
		while (k < t->len &&
		    ascii_lower(WORD_AT(e)[k]) == ascii_lower(t->start[k]))
			k++;
		if (k >= t->len)
			return e;
	}
#undef WORD_AT
}

/* IN, CH, HS or CLASSnnn; false if the word is no class at all */
static inline bool
parse_class(const struct token *t, unsigned *class)
{
	static const struct { const char *name; unsigned number; } classes[] = {
		{ "IN", CLASS_IN }, { "CH", CLASS_CH }, { "CHAOS", CLASS_CH },
		{ "HS", CLASS_HS }, { "HESIOD", CLASS_HS }, { "NONE", 254 },
		{ "ANY", 255 },
	};
	static struct word_index index = WORD_INDEX(classes);
	unsigned long v = 0;
	size_t i = word_find(&index, t);

	if (i < index.count)
		v = classes[i].number;
	if (i == index.count &&
	    (t->quoted || t->len <= 5 || strncasecmp(t->start, "CLASS", 5) != 0 ||
	    !parse_decimal(t->start + 5, t->len - 5, 65535, &v)))
		return false;
	/* NONE and ANY mean deletion and prerequisites on the wire */
	if (v == 0 || v == 254 || v == 255)
		bad("class %.*s cannot be used here: want IN, CH, HS or "
		    "CLASSnnn", (int)t->len, t->start);
	*class = v;
	return true;
}

static const char *
class_name(unsigned class)
{
	static char buf[sizeof("CLASS65535")];

	switch (class) {
	case CLASS_IN: return "IN";
	case CLASS_CH: return "CH";
	case CLASS_HS: return "HS";
	}
	snprintf(buf, sizeof(buf), "CLASS%u", class);
	return buf;
}

/* ==== Record types and their wire sizes ==== */

/*
 * The RDATA field kinds, by letter: fixed wire size (0: it varies),
 * optional last, key=value pairs, text function, wire function.
 */
static const struct field_kind field_kinds[UCHAR_MAX + 1] = {
	/* an unsigned integer of that many octets */
	['1'] = { 1, false, false, text_integer, NULL },
	['2'] = { 2, false, false, text_integer, NULL },
	['4'] = { 4, false, false, text_integer, NULL },
	/* a 32-bit time, seconds or with units (SOA timers) */
	['T'] = { 4, false, false, text_time, NULL },
	/* 16 bits of flags that must be 0 (RKEY) */
	['Z'] = { 2, false, false, text_zero_flags, wire_zero_flags },
	/* a domain name, counted whole here: see rdata_names */
	['n'] = { 0, false, false, text_name, wire_field_name },
	/* a domain name that nsupdate's check-names wants to be a host
	   name, a mailbox, or (under in-addr.arpa or ip6.arpa) a host */
	['h'] = { 0, false, false, text_name, wire_field_name },
	['m'] = { 0, false, false, text_name, wire_field_name },
	['p'] = { 0, false, false, text_name, wire_field_name },
	/* an IPv4 or IPv6 address */
	['a'] = { 4, false, false, text_address, NULL },
	['6'] = { 16, false, false, text_address, NULL },
	/* a 64-bit locator, four groups of hex (NID, L64) */
	['I'] = { 8, false, false, locator_size, NULL },
	/* an EUI-48 or EUI-64, hex pairs joined by '-' */
	['e'] = { 6, false, false, eui_size, NULL },
	['E'] = { 8, false, false, eui_size, NULL },
	/* a character-string */
	['s'] = { 0, false, false, text_string, wire_string },
	/* a character-string that may be left out, last */
	['o'] = { 0, true, false, text_optional_string, wire_optional_string },
	/* one or more character-strings, to the end */
	['S'] = { 0, false, false, text_strings, wire_strings },
	/* a character-string of four or more decimal digits (X25) */
	['D'] = { 0, false, false, text_x25, wire_x25 },
	/* a DNSSEC algorithm, number or mnemonic */
	['k'] = { 1, false, false, text_algorithm, NULL },
	/* a CERT type, number or mnemonic */
	['C'] = { 2, false, false, text_cert_type, NULL },
	/* a DS digest type, then the digest in hex, to the end */
	['d'] = { 0, false, false, text_digest, wire_digest },
	/* an SSHFP fingerprint type, then the fingerprint in hex */
	['f'] = { 0, false, false, text_digest, wire_digest },
	/* a ZONEMD hash algorithm, then the digest in hex, to the end */
	['z'] = { 0, false, false, text_digest, wire_digest },
	/* hex, to the end, blanks allowed */
	['x'] = { 0, false, false, text_hex, wire_rest_some },
	/* hex after 0x, dots allowed (NSAP) */
	['N'] = { 0, false, false, nsap_size, wire_rest_some },
	/* an ATM address: hex, or + and decimal digits, dots between */
	['M'] = { 0, false, false, atma_size, wire_atma },
	/* base64, to the end, blanks allowed */
	['b'] = { 0, false, false, text_base64, wire_rest_some },
	/* base64 as b, but none if the flags (the first field) say that
	   there is no key (KEY) */
	['K'] = { 0, true, false, text_key, wire_key },
	/* base64 as b, or - for none (DOA) */
	['y'] = { 0, false, false, text_base64_or_none, wire_rest },
	/* a CAA tag: letters and digits */
	['c'] = { 0, false, false, text_caa_tag, wire_caa_tag },
	/* a CAA value: the rest of the string, no length octet */
	['v'] = { 0, false, false, text_caa_value, wire_rest },
	/* a quoted string, no length octet (URI target) */
	['q'] = { 0, false, false, text_uri_target, wire_rest },
	/* a gateway type, 0 to 3 (IPSECKEY) */
	['g'] = { 1, false, false, text_gateway_type, wire_gateway_type },
	/* a discovery bit, 0 or 1, and a relay type, 0 to 3, in one
	   octet (AMTRELAY) */
	['j'] = { 1, false, false, text_relay, wire_relay },
	/* the gateway or relay that the field before says: none (.), an
	   IPv4 or IPv6 address, or a domain name */
	['w'] = { 0, false, false, text_gateway, wire_gateway },
	/* APL items, to the end: [!]family:address/prefix */
	['l'] = { 0, true, false, apl_size, wire_apl },
	/* HIP's algorithm, HIT (hex), public key (base64) and rendezvous
	   servers (domain names, to the end) */
	['H'] = { 0, false, false, hip_size, wire_hip },
	/* a type bitmap: type mnemonics or TYPEnnn, to the end (RFC 4034) */
	['B'] = { 0, true, false, bitmap_size, wire_type_bitmap },
	/* a LOC record: 16 octets, or opaque in another version */
	['L'] = { 0, false, false, loc_size, wire_loc },
	/* SVCB parameters, to the end */
	['P'] = { 0, true, true, svcb_params_size, wire_svcb_params },
};

/* The kind of a type's last RDATA field */
static inline const struct field_kind *
last_field(const struct rrtype *type)
{
	const char *f = type->fields;

	while (f[0] != '\0' && f[1] != '\0')
		f++;
	return &field_kinds[(unsigned char)*f];
}

/*
 * Each type's RDATA as a list of fields, one letter each, of
 * field_kinds.  The names column follows BIND's towire functions (the
 * same in 9.18 and 9.20): the types of RFC 1035 compress the names in
 * their RDATA, the later ones write them whole, and the newest copy
 * their RDATA as it is, names included, out of the compressor's sight.
 */
static const struct rrtype rrtypes[] = {
	{ "A",		1,	true,	'h',	0,	"a" },
	{ "NS",		2,	false,	0,	'c',	"h" },
	{ "MD",		3,	false,	0,	'c',	"n" },
	{ "MF",		4,	false,	0,	'c',	"n" },
	{ "CNAME",	5,	false,	0,	'c',	"n" },
	{ "SOA",	6,	false,	0,	'c',	"hm4TTTT" },
	{ "MB",		7,	false,	'm',	'c',	"n" },
	{ "MG",		8,	false,	'm',	'c',	"n" },
	{ "MR",		9,	false,	0,	'c',	"n" },
	{ "PTR",	12,	false,	0,	'c',	"p" },
	{ "HINFO",	13,	false,	0,	0,	"ss" },
	{ "MINFO",	14,	false,	0,	'c',	"mm" },
	{ "MX",		15,	false,	'h',	'c',	"2h" },
	{ "TXT",	16,	false,	0,	0,	"S" },
	{ "RP",		17,	false,	0,	'w',	"mn" },
	{ "AFSDB",	18,	false,	0,	'w',	"2h" },
	{ "X25",	19,	false,	0,	0,	"D" },
	{ "ISDN",	20,	false,	0,	0,	"so" },
	{ "RT",		21,	false,	0,	'w',	"2h" },
	{ "NSAP",	22,	true,	0,	0,	"N" },
	{ "NSAP-PTR",	23,	true,	0,	'w',	"n" },
	{ "KEY",	25,	false,	0,	0,	"21kK" },
	{ "PX",		26,	true,	0,	'w',	"2nn" },
	{ "GPOS",	27,	false,	0,	0,	"sss" },
	{ "AAAA",	28,	true,	'h',	0,	"6" },
	{ "LOC",	29,	false,	0,	0,	"L" },
	{ "EID",	31,	true,	0,	0,	"x" },
	{ "NIMLOC",	32,	true,	0,	0,	"x" },
	{ "SRV",	33,	true,	0,	'w',	"222h" },
	{ "ATMA",	34,	true,	0,	0,	"M" },
	{ "NAPTR",	35,	true,	0,	'w',	"22sssn" },
	{ "KX",		36,	true,	0,	'w',	"2n" },
	{ "CERT",	37,	false,	0,	0,	"C2kb" },
	{ "DNAME",	39,	false,	0,	'w',	"n" },
	{ "APL",	42,	true,	0,	0,	"l" },
	{ "DS",		43,	false,	0,	0,	"2kd" },
	{ "SSHFP",	44,	false,	0,	0,	"1f" },
	{ "IPSECKEY",	45,	false,	0,	0,	"1g1wb" },
	{ "DNSKEY",	48,	false,	0,	0,	"21kb" },
	{ "DHCID",	49,	true,	0,	0,	"b" },
	{ "TLSA",	52,	false,	0,	0,	"111x" },
	{ "SMIMEA",	53,	false,	0,	0,	"111x" },
	{ "HIP",	55,	false,	0,	0,	"H" },
	{ "NINFO",	56,	false,	0,	0,	"S" },
	{ "RKEY",	57,	false,	0,	0,	"Z1kb" },
	{ "TALINK",	58,	false,	0,	'w',	"nn" },
	{ "CDS",	59,	false,	0,	0,	"2kd" },
	{ "CDNSKEY",	60,	false,	0,	0,	"21kb" },
	{ "OPENPGPKEY",	61,	false,	0,	0,	"b" },
	{ "CSYNC",	62,	false,	0,	0,	"42B" },
	{ "ZONEMD",	63,	false,	0,	0,	"41z" },
	{ "SVCB",	64,	true,	0,	'w',	"2hP" },
	{ "HTTPS",	65,	true,	0,	'w',	"2hP" },
	{ "HHIT",	67,	false,	0,	0,	"b" },
	{ "BRID",	68,	false,	0,	0,	"b" },
	{ "SPF",	99,	false,	0,	0,	"S" },
	{ "NID",	104,	false,	0,	0,	"2I" },
	{ "L32",	105,	false,	0,	0,	"2a" },
	{ "L64",	106,	false,	0,	0,	"2I" },
	{ "LP",		107,	false,	0,	0,	"2n" },
	{ "EUI48",	108,	false,	0,	0,	"e" },
	{ "EUI64",	109,	false,	0,	0,	"E" },
	{ "URI",	256,	false,	0,	0,	"22q" },
	{ "CAA",	257,	false,	0,	0,	"1cv" },
	{ "AVC",	258,	false,	0,	0,	"S" },
	{ "DOA",	259,	false,	0,	0,	"441sy" },
	{ "AMTRELAY",	260,	false,	0,	0,	"1jw" },
	{ "RESINFO",	261,	false,	0,	0,	"S" },
	{ "WALLET",	262,	false,	0,	0,	"S" },
	{ "TA",		32768,	false,	0,	0,	"2kd" },
	{ "DLV",	32769,	false,	0,	0,	"2kd" },
};

/*
 * Which names nsupdate checks (its check-names, on by default) was
 * measured with BIND 9.18: owners of A, AAAA and MX, and the names
 * marked h, m and p (the RP mailbox too), in update add only; BIND's
 * sources add the owners of MB and MG, mailboxes.
 *
 * A type mnemonic of the table, ANY or TYPEnnn as a number; false if
 * the word is none of them.
 */
static struct word_index rrtype_index = WORD_INDEX(rrtypes);

static bool
type_number(const struct token *t, unsigned long *v)
{
	size_t i = word_find(&rrtype_index, t);

	if (i < rrtype_index.count) {
		*v = rrtypes[i].number;
		return true;
	}
	if (word_is(t, "ANY")) {
		*v = TYPE_ANY;
		return true;
	}
	return !t->quoted && t->len > 4 && strncasecmp(t->start, "TYPE", 4) == 0 &&
	    parse_decimal(t->start + 4, t->len - 4, 65535, v);
}

/*
 * A type to give records: the table entry, or NULL for a number txsplit
 * has no entry for (then only RFC 3597 RDATA will do).  With any, ANY
 * (TYPE255) is taken too, as the number TYPE_ANY.
 */
static const struct rrtype *
find_type(const struct token *t, bool any, unsigned *number)
{
	size_t entry = word_find(&rrtype_index, t);
	unsigned long v;

	/* a mnemonic of the table: a type of data, its entry found already */
	if (entry < rrtype_index.count) {
		*number = rrtypes[entry].number;
		return &rrtypes[entry];
	}
	if (!type_number(t, &v))
		bad("unknown type '%.*s': txsplit cannot size it; write the "
		    "record in RFC 3597 form, TYPEnnn \\# length hex",
		    (int)t->len, t->start);
	/* meta types and OPT are not data (RFC 6895) */
	if (v == 0 || v == 41 || (v >= 128 && v <= 255 && !(any && v == TYPE_ANY)))
		bad("type %.*s is reserved or a meta type: no record can have it",
		    (int)t->len, t->start);
	*number = v;
	/* the table is in order of number */
	for (size_t lo = 0, hi = sizeof(rrtypes) / sizeof(rrtypes[0]); lo < hi;) {
		size_t mid = (lo + hi) / 2;

		if (rrtypes[mid].number == v)
			return &rrtypes[mid];
		if (rrtypes[mid].number < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/*
 * The RDATA's length in octets; anything malformed is an error.  With
 * check_owner (an update add), names are checked as nsupdate would.
 */
static size_t
rdata_size(const struct rrtype *type, unsigned number, unsigned class,
    const struct tokens *rd, const struct dname *check_owner)
{
	size_t size;
	const char *wants;

	if (!rd->tok[0].quoted && rd->tok[0].len == 2 &&
	    memcmp(rd->tok[0].start, "\\#", 2) == 0)
		size = generic_rdata(type, rd, check_owner);
	else if (type == NULL)
		bad("type TYPE%u has no known format: write its RDATA in RFC 3597 "
		    "form, \\# length hex", number);
	else if (type->in_only && class != CLASS_IN)
		bad("type %s is defined for class IN only: write its RDATA in "
		    "RFC 3597 form, \\# length hex", type->name);
	else
		size = rdata_fields(type, rd, check_owner);
	if (type != NULL && (wants = check_names_refuse(type->owner,
	    check_owner, check_owner, true)) != NULL)
		bad("%s is not a %s name, so nsupdate's check-names refuses it "
		    "as the owner of %s records", name_display(check_owner->wire),
		    wants, type->name);
	if (size > RDATA_MAX)
		bad("RDATA of %zu octets is over the limit of %d", size, RDATA_MAX);
	return size;
}

/*
 * RFC 3597: \# length hex.  For a type it knows, BIND reads the octets
 * as that type's RDATA and refuses them if they are not: so does this.
 */
static size_t
generic_rdata(const struct rrtype *type, const struct tokens *rd,
    const struct dname *check_owner)
{
	static unsigned char data[RDATA_MAX];
	unsigned long len;
	size_t octets = 0;

	if (rd->count < 2)
		bad("\\# needs a length");
	len = parse_number(&rd->tok[1], RDATA_MAX, "\\# length");
	if (rd->count > 2)
		octets = hex_size(rd, 2, "\\# data", data);
	if (octets != len)
		bad("\\# length %lu does not match the %zu octets of hex that follow",
		    len, octets);
	if (type != NULL)
		wire_check(type, data, len, check_owner);
	return len;
}

/*
 * Walk RDATA in wire form by the type's fields (see field_kinds),
 * checking what BIND checks when it reads them: lengths, names
 * (uncompressed), strings, and the names check-names looks at.
 */
static void
wire_check(const struct rrtype *type, const unsigned char *d, size_t len,
    const struct dname *check_owner)
{
	struct wire_walk w = { type, 0, d, len, 0, 0, check_owner };

	for (const char *f = type->fields; *f != '\0'; f++) {
		const struct field_kind *k = &field_kinds[(unsigned char)*f];
		size_t need = k->fixed;

		w.field = *f;
		if (k->wire != NULL)
			need = k->wire(&w, need);
		if (need > len - w.i)
			bad("\\# data: %zu octets are too few for %s RDATA", len,
			    type->name);
		w.i += need;
	}
	if (w.i != len)
		bad("\\# data: %zu octets are too many for %s RDATA", len,
		    type->name);
}

static size_t
wire_field_name(struct wire_walk *w, size_t need)
{
	struct dname name;
	size_t at = w->i;

	wire_name(w->type, w->d, w->len, &w->i, &name);
	rdata_name_keep(w->type, at, &name);
	if (check_names_refuse(w->field, &name, w->check_owner, false))
		bad("\\# data: %s in %s RDATA is refused by nsupdate's "
		    "check-names", name_display(name.wire), w->type->name);
	return need;
}

static size_t
wire_zero_flags(struct wire_walk *w, size_t need)
{
	if (w->len - w->i >= 2 && (w->d[w->i] != 0 || w->d[w->i + 1] != 0))
		bad("\\# data: %s flags must be 0", w->type->name);
	return need;
}

/* A length octet and that many (none if the RDATA ends here: too few) */
static size_t
wire_string(struct wire_walk *w, size_t need)
{
	(void)need;
	return w->i < w->len ? 1 + (size_t)w->d[w->i] : 1;
}

static size_t
wire_optional_string(struct wire_walk *w, size_t need)
{
	return w->i == w->len ? need : wire_string(w, need);
}

/* Strings to the end, at least one */
static size_t
wire_strings(struct wire_walk *w, size_t need)
{
	do {
		need = wire_string(w, need);
		if (need > w->len - w->i)
			break;
		w->i += need;
		need = 0;
	} while (w->i < w->len);
	return need;
}

static size_t
wire_x25(struct wire_walk *w, size_t need)
{
	need = wire_string(w, need);
	if (need < 5 || need != w->len - w->i)
		bad("\\# data: X25 wants one string of 4 or more digits");
	for (size_t k = 1; k < need; k++)
		if (!isdigit(w->d[w->i + k]))
			bad("\\# data: X25 wants decimal digits");
	return need;
}

static size_t
wire_caa_tag(struct wire_walk *w, size_t need)
{
	need = wire_string(w, need);
	if (w->i == w->len || w->d[w->i] == 0)
		bad("\\# data: CAA tag missing");
	for (size_t k = 1; k < need && w->i + k < w->len; k++)
		if (!isalnum(w->d[w->i + k]))
			bad("\\# data: CAA tag: want letters and digits");
	return need;
}

/* A type octet, then a digest of at least one octet (d, f and z) */
static size_t
wire_digest(struct wire_walk *w, size_t need)
{
	const unsigned char *d = w->d;
	size_t i = w->i, len = w->len;

	(void)need;
	if (i < len && digest_length(w->field, d[i]) != 0 &&
	    len - i != 1 + digest_length(w->field, d[i]))
		bad("\\# data: a digest of type %u is %zu octets, not %zu",
		    d[i], digest_length(w->field, d[i]), len - i - 1);
	if (w->field == 'z' && len - i < 1 + ZONEMD_DIGEST_MIN)
		bad("\\# data: a ZONEMD digest has %d octets or more",
		    ZONEMD_DIGEST_MIN);
	return len - i > 1 ? len - i : 2;
}

/* All that is left, none or more */
static size_t
wire_rest(struct wire_walk *w, size_t need)
{
	(void)need;
	return w->len - w->i;
}

/* All that is left, at least one octet */
static size_t
wire_rest_some(struct wire_walk *w, size_t need)
{
	(void)need;
	return w->len - w->i > 0 ? w->len - w->i : 1;
}

/* No key when both top bits of the flags are set */
static size_t
wire_key(struct wire_walk *w, size_t need)
{
	if ((w->d[0] & 0xc0) == 0xc0)
		return need;
	return wire_rest_some(w, need);
}

/* A format octet; E.164 (1) is decimal digits */
static size_t
wire_atma(struct wire_walk *w, size_t need)
{
	const unsigned char *d = w->d;
	size_t i = w->i, len = w->len;

	(void)need;
	for (size_t k = i + 1; i < len && d[i] == 1 && k < len; k++)
		if (!isdigit(d[k]))
			bad("\\# data: an E.164 ATMA address wants digits");
	return len - i > 1 ? len - i : 2;
}

static size_t
wire_gateway_type(struct wire_walk *w, size_t need)
{
	if (w->i < w->len && w->d[w->i] > 3)
		bad("\\# data: %s gateway type %u: want 0 to 3", w->type->name,
		    w->d[w->i]);
	return wire_relay(w, need);
}

/* A relay type over 3 is opaque data to BIND */
static size_t
wire_relay(struct wire_walk *w, size_t need)
{
	w->gateway = w->i < w->len ? w->d[w->i] & 0x7f : 0;
	return need;
}

static size_t
wire_gateway(struct wire_walk *w, size_t need)
{
	switch (w->gateway) {
	case 0: return need;
	case 1: return 4;
	case 2: return 16;
	case 3: return wire_field_name(w, need);
	default: return wire_rest(w, need);
	}
}

/* Items: family, prefix, negation and length, address */
static size_t
wire_apl(struct wire_walk *w, size_t need)
{
	const unsigned char *d = w->d;
	size_t len = w->len;

	for (size_t i = w->i; i < len; i = w->i) {
		size_t alen = len - i >= 4 ? (d[i + 3] & 0x7fU) : 0;
		unsigned family = len - i >= 4 ? d[i] << 8 | d[i + 1] : 0;

		if (len - i < 4 || alen > len - i - 4 ||
		    (family == 1 && (d[i + 2] > 32 || alen > 4)) ||
		    (family == 2 && (d[i + 2] > 128 || alen > 16)) ||
		    (alen > 0 && d[i + 4 + alen - 1] == 0))
			bad("\\# data: a bad APL item");
		w->i += 4 + alen;
	}
	return need;
}

/* HIT length, algorithm, key length, HIT, key, rendezvous servers */
static size_t
wire_hip(struct wire_walk *w, size_t need)
{
	const unsigned char *d = w->d;
	size_t i = w->i, len = w->len;
	struct dname name;

	if (len - i < 4 || d[i] == 0 || (d[i + 2] | d[i + 3]) == 0 ||
	    (size_t)d[i] + (d[i + 2] << 8 | d[i + 3]) > len - i - 4)
		bad("\\# data: a bad HIP HIT or public key");
	w->i += 4 + d[i] + (d[i + 2] << 8 | d[i + 3]);
	while (w->i < len)
		wire_name(w->type, d, len, &w->i, &name);
	return need;
}

static size_t
wire_type_bitmap(struct wire_walk *w, size_t need)
{
	(void)need;
	return wire_bitmap(w->d + w->i, w->len - w->i);
}

/* RFC 1876: version 0, sizes as digit and power; another is opaque */
static size_t
wire_loc(struct wire_walk *w, size_t need)
{
	const unsigned char *d = w->d + w->i;
	size_t left = w->len - w->i;

	(void)need;
	if (left > 0 && d[0] != 0)
		return left;
	if (left == 16) {
		unsigned long lat = (unsigned long)d[4] << 24 |
		    d[5] << 16 | d[6] << 8 | d[7];
		unsigned long lon = (unsigned long)d[8] << 24 |
		    d[9] << 16 | d[10] << 8 | d[11];
		bool sizes = true;

		for (int k = 1; k <= 3; k++)
			sizes = sizes && d[k] >> 4 <= 9 && (d[k] & 0xf) <= 9;
		if (!sizes ||
		    (lat > 0x80000000UL ? lat - 0x80000000UL :
		    0x80000000UL - lat) > 90 * 3600000UL ||
		    (lon > 0x80000000UL ? lon - 0x80000000UL :
		    0x80000000UL - lon) > 180 * 3600000UL)
			bad("\\# data: LOC out of range");
	}
	return 16;
}

/* Keys in order, each once, each with a length that fits */
static size_t
wire_svcb_params(struct wire_walk *w, size_t need)
{
	const unsigned char *d = w->d;
	size_t len = w->len;

	for (unsigned long last = 0, n = 0; w->i < len; n++) {
		size_t i = w->i;
		unsigned long key, vlen;

		if (len - i < 4)
			bad("\\# data: a bad SVCB parameter");
		key = d[i] << 8 | d[i + 1];
		vlen = d[i + 2] << 8 | d[i + 3];
		if ((n > 0 && key <= last) || vlen > len - i - 4)
			bad("\\# data: SVCB parameters must be in order of key, "
			    "each once, with their lengths");
		svcb_check_wire(key, d + i + 4, vlen);
		last = key;
		w->i += 4 + vlen;
	}
	return need;
}

/*
 * A name of the RDATA being read, at octet at of it: kept for the
 * sizes if nsupdate's name compression will see it (rdata_names)
 */
static inline void
rdata_name_keep(const struct rrtype *type, size_t at, const struct dname *name)
{
	if (type->names == 0)
		return;
	rdata_names.kind = type->names;
	rdata_names.at[rdata_names.n] = at;
	rdata_names.name[rdata_names.n].len = name->len;
	memcpy(rdata_names.name[rdata_names.n++].wire, name->wire, name->len);
}

/* A domain name in \\# data, at *i, uncompressed, moving *i past it */
static void
wire_name(const struct rrtype *type, const unsigned char *d, size_t len,
    size_t *i, struct dname *name)
{
	for (name->len = 0;;) {
		size_t label = *i < len ? d[*i] : 0;

		if (*i == len || (label & 0xc0) != 0 || label >= len - *i ||
		    name->len + 1 + label > NAME_MAX_WIRE)
			bad("\\# data: a bad domain name in %s RDATA", type->name);
		memcpy(name->wire + name->len, d + *i, 1 + label);
		name->len += 1 + label;
		*i += 1 + label;
		if (label == 0)
			break;
	}
}

/*
 * A type bitmap in wire form (RFC 4034 4.1.2), as BIND checks it:
 * windows in order, each of 1 to 32 octets, its last octet not 0.
 * Returns its length: all of it.
 */
static size_t
wire_bitmap(const unsigned char *d, size_t len)
{
	int last = -1;

	for (size_t i = 0; i < len; i += 2 + d[i + 1]) {
		if (len - i < 2 || d[i + 1] == 0 || d[i + 1] > 32 ||
		    d[i + 1] > len - i - 2 || d[i + 1 + d[i + 1]] == 0 ||
		    d[i] <= last)
			bad("\\# data: a bad type bitmap");
		last = d[i];
	}
	return len;
}

/*
 * The RDATA's text, read by the type's fields (see field_kinds): its
 * wire size.
 */
static size_t
rdata_fields(const struct rrtype *type, const struct tokens *rd,
    const struct dname *check_owner)
{
	struct text_walk w = { type, 0, rd, 0, 0, 0, check_owner };
	size_t size = 0, nfields;

	for (const char *f = type->fields; *f != '\0'; f++) {
		const struct field_kind *k = &field_kinds[(unsigned char)*f];

		if (w.i == rd->count && !k->optional) {
			nfields = strlen(type->fields);
			bad("%s RDATA is incomplete: it needs %zu fields or more",
			    type->name, nfields - field_kinds[(unsigned char)
			    type->fields[nfields - 1]].optional);
		}
		w.field = *f;
		w.at = size;
		size += k->text(&w);
	}
	if (w.i != rd->count)
		bad("%s RDATA has extra text: '%s%.*s%s'", type->name,
		    TOKEN_TEXT(&rd->tok[w.i]));
	return size;
}

/* The next token, moving past it */
static inline const struct token *
text_next(struct text_walk *w)
{
	return &w->rd->tok[w->i++];
}

/* The text functions of fields that run to the end of the RDATA */
static inline size_t
text_to_end(struct text_walk *w, size_t size)
{
	w->i = w->rd->count;
	return size;
}

static size_t
text_integer(struct text_walk *w)
{
	size_t octets = field_kinds[(unsigned char)w->field].fixed;

	parse_number(text_next(w), 0xffffffffUL >> (32 - 8 * octets),
	    w->type->name);
	return octets;
}

static size_t
text_time(struct text_walk *w)
{
	parse_ttl_units(text_next(w), w->type->name);
	return 4;
}

static size_t
text_zero_flags(struct text_walk *w)
{
	if (parse_number(text_next(w), 0xffff, w->type->name) != 0)
		bad("%s flags must be 0", w->type->name);
	return 2;
}

static size_t
text_name(struct text_walk *w)
{
	const struct token *t = text_next(w);
	struct dname name;
	const char *wants;

	parse_name(t, &name, "domain name in RDATA");
	if ((wants = check_names_refuse(w->field, &name, w->check_owner,
	    false)) != NULL)
		bad("%.*s is not a %s name, so nsupdate's check-names "
		    "refuses it in %s RDATA", (int)t->len, t->start, wants,
		    w->type->name);
	rdata_name_keep(w->type, w->at, &name);
	return name.len;
}

static size_t
text_address(struct text_walk *w)
{
	return address_size(text_next(w), w->field == 'a' ? AF_INET : AF_INET6);
}

static size_t
text_string(struct text_walk *w)
{
	return 1 + unescape_string(text_next(w), NULL, STRING_MAX);
}

static size_t
text_optional_string(struct text_walk *w)
{
	return w->i == w->rd->count ? 0 : text_string(w);
}

static size_t
text_strings(struct text_walk *w)
{
	size_t size = 0;

	while (w->i < w->rd->count)
		size += text_string(w);
	return size;
}

static size_t
text_x25(struct text_walk *w)
{
	const struct token *t = text_next(w);

	for (size_t k = 0; k < t->len; k++)
		if (!isdigit((unsigned char)t->start[k]))
			bad("%s address '%s%.*s%s': want decimal digits",
			    w->type->name, TOKEN_TEXT(t));
	if (t->len < 4 || t->len > STRING_MAX)
		bad("%s address of %zu digits: want 4 to %d",
		    w->type->name, t->len, STRING_MAX);
	return 1 + t->len;
}

static size_t
text_algorithm(struct text_walk *w)
{
	dnssec_algorithm(text_next(w));
	return 1;
}

static size_t
text_cert_type(struct text_walk *w)
{
	cert_type(text_next(w));
	return 2;
}

/* A digest type (d, f or z), then the digest in hex to the end */
static size_t
text_digest(struct text_walk *w)
{
	const char *what = w->field == 'f' ? "fingerprint" : "digest";
	unsigned long v = w->field == 'd' ? ds_digest_type(text_next(w)) :
	    parse_number(text_next(w), 0xff, w->field == 'f' ?
	    "SSHFP fingerprint type" : "ZONEMD hash algorithm");
	size_t digest = hex_size(w->rd, w->i, what, NULL);

	if (digest_length(w->field, v) != 0 && digest != digest_length(w->field, v))
		bad("a %s of type %lu is %zu octets, not %zu",
		    what, v, digest_length(w->field, v), digest);
	if (w->field == 'z' && digest < ZONEMD_DIGEST_MIN)
		bad("a ZONEMD digest of %zu octets: want %d or more",
		    digest, ZONEMD_DIGEST_MIN);
	return text_to_end(w, 1 + digest);
}

static size_t
text_hex(struct text_walk *w)
{
	return text_to_end(w, hex_size(w->rd, w->i, w->type->name, NULL));
}

static size_t
text_base64(struct text_walk *w)
{
	return text_to_end(w, base64_size(w->rd, w->i, w->type->name));
}

/* Both top bits of the flags set: no key (RFC 2535 3.1.2) */
static size_t
text_key(struct text_walk *w)
{
	if ((parse_number(&w->rd->tok[0], 0xffff, w->type->name) &
	    0xc000) == 0xc000)
		return 0;
	return text_base64(w);
}

static size_t
text_base64_or_none(struct text_walk *w)
{
	const struct token *t = &w->rd->tok[w->i];

	if (!t->quoted && t->len == 1 && t->start[0] == '-' &&
	    w->i + 1 == w->rd->count)
		return text_to_end(w, 0);
	return text_base64(w);
}

static size_t
text_caa_tag(struct text_walk *w)
{
	const struct token *t = text_next(w);

	for (size_t k = 0; k < t->len; k++)
		if (t->quoted || !isalnum((unsigned char)t->start[k]))
			bad("CAA tag '%s%.*s%s': want letters and digits",
			    TOKEN_TEXT(t));
	if (t->len == 0 || t->len > STRING_MAX)
		bad("CAA tag of %zu octets: want 1 to 255", t->len);
	return 1 + t->len;
}

static size_t
text_caa_value(struct text_walk *w)
{
	return unescape_string(text_next(w), NULL, RDATA_MAX);
}

static size_t
text_uri_target(struct text_walk *w)
{
	const struct token *t = text_next(w);

	if (!t->quoted)
		bad("%s target '%.*s' must be a quoted string",
		    w->type->name, (int)t->len, t->start);
	return unescape_string(t, NULL, RDATA_MAX);
}

static size_t
text_gateway_type(struct text_walk *w)
{
	w->gateway = parse_number(text_next(w), 3, "IPSECKEY gateway type");
	return 1;
}

static size_t
text_relay(struct text_walk *w)
{
	parse_number(text_next(w), 1, "AMTRELAY discovery bit");
	if (w->i == w->rd->count)
		bad("AMTRELAY RDATA is incomplete: it needs a relay type");
	w->gateway = parse_number(text_next(w), 3, "AMTRELAY relay type");
	return 1;
}

static size_t
text_gateway(struct text_walk *w)
{
	const struct token *t = text_next(w);
	struct dname name;

	if (w->gateway == 0 && (t->quoted || t->len != 1 || t->start[0] != '.'))
		bad("%s gateway '%s%.*s%s': with gateway type 0 (none) "
		    "want .", w->type->name, TOKEN_TEXT(t));
	if (w->gateway == 1 || w->gateway == 2)
		return address_size(t, w->gateway == 1 ? AF_INET : AF_INET6);
	if (w->gateway == 3) {
		parse_name(t, &name, "gateway");
		return name.len;
	}
	return 0;
}

/*
 * Are the labels of the name from octet from on a host name's: of
 * letters, digits and hyphens (NAME_HOST), not starting or ending with
 * a hyphen?
 */
static bool
host_labels(const struct dname *n, size_t from)
{
	const unsigned char *wire = n->wire;

	for (size_t i = from; wire[i] != 0; i += wire[i] + 1) {
		const unsigned char *label = wire + i + 1;

		if (label[0] == '-' || label[wire[i] - 1] == '-')
			return false;
		for (size_t k = 0; k < wire[i]; k++)
			if (name_octet[label[k]] != NAME_HOST)
				return false;
	}
	return true;
}

/*
 * What nsupdate's check-names (on by default) wants a name to be,
 * "host" or "mailbox", when it refuses it; NULL when it takes it.  The
 * name is in an RDATA field (h, m or p; see field_kinds) of a record
 * added for check_owner, or is that owner (owner: rule is its type's
 * owner in rrtypes, and a host name may start with a wildcard label).
 * check_owner NULL: the change is not an add, and nothing is checked.
 */
static inline const char *
check_names_refuse(char rule, const struct dname *name,
    const struct dname *check_owner, bool owner)
{
	if (check_owner == NULL)
		return NULL;
	if (rule == 'm')
		return is_mailbox(name) ? NULL : "mailbox";
	if (rule == 'h' || (rule == 'p' && is_reverse(check_owner)))
		return is_hostname(name, owner) ? NULL : "host";
	return NULL;
}

static bool
is_hostname(const struct dname *n, bool wildcard)
{
	if (wildcard && n->wire[0] == 1 && n->wire[1] == '*')
		return host_labels(n, 2);
	return host_labels(n, 0);
}

static bool
is_mailbox(const struct dname *n)
{
	for (size_t k = 1; k <= n->wire[0]; k++)
		if (n->wire[k] <= ' ' || n->wire[k] >= 0x7f)
			return false;
	return host_labels(n, n->wire[0] ? n->wire[0] + 1 : 0);
}

/* Is the name in the reverse trees, where PTR targets are host names? */
static bool
is_reverse(const struct dname *n)
{
	static const struct dname in_addr = { "\007in-addr\004arpa", 14 };
	static const struct dname ip6 = { "\003ip6\004arpa", 10 };

	return name_is_below(n, &in_addr, false) || name_is_below(n, &ip6, false);
}

/*
 * Hex digits in the tokens from the given one on, blanks allowed: the
 * octets they make, decoded into out unless it is NULL.
 */
static size_t
hex_size(const struct tokens *rd, size_t from, const char *what,
    unsigned char *out)
{
	size_t digits = 0;

	if (from >= rd->count)
		bad("%s: missing hex", what);
	for (size_t i = from; i < rd->count; i++) {
		const struct token *t = &rd->tok[i];

		for (size_t k = 0; k < t->len; k++, digits++) {
			int c = tolower((unsigned char)t->start[k]);

			if (t->quoted || !isxdigit(c))
				bad("%s: '%s%.*s%s' is not hex", what, TOKEN_TEXT(t));
			if (out != NULL)
				out[digits / 2] = (digits % 2 ? out[digits / 2] << 4 : 0) |
				    (isdigit(c) ? c - '0' : c - 'a' + 10);
		}
	}
	if (digits % 2 != 0)
		bad("%s: odd number of hex digits", what);
	return digits / 2;
}

/* Base64 in the tokens from the given one on, blanks allowed */
static size_t
base64_size(const struct tokens *rd, size_t from, const char *what)
{
	static const char alphabet[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t chars = 0, pad = 0;

	if (from >= rd->count)
		bad("%s: missing base64", what);
	for (size_t i = from; i < rd->count; i++) {
		const struct token *t = &rd->tok[i];

		for (size_t k = 0; k < t->len; k++) {
			char c = t->start[k];

			if (c == '=' && !t->quoted && pad < 2)
				pad++;
			else if (pad > 0 || t->quoted || c == '\0' ||
			    strchr(alphabet, c) == NULL)
				bad("%s: '%s%.*s%s' is not base64", what,
				    TOKEN_TEXT(t));
			chars++;
		}
	}
	if (chars % 4 != 0)
		bad("%s: base64 of %zu characters: want a multiple of 4", what,
		    chars);
	return chars / 4 * 3 - pad;
}

/*
 * Dotted decimal as inet_pton reads it, without the copy it needs for
 * its terminator: four numbers from 0 to 255, none with a leading zero.
 */
static bool
ipv4_valid(const char *s, size_t len)
{
	const char *end = s + len;

	for (int octets = 1;; octets++) {
		unsigned v, d;

		if (s == end || (v = (unsigned char)*s++ - '0') > 9)
			return false;
		/* a second and a third digit, after one that is not 0 */
		if (s < end && (d = (unsigned char)*s - '0') <= 9) {
			if (v == 0)
				return false;
			v = v * 10 + d;
			if (++s < end && (d = (unsigned char)*s - '0') <= 9) {
				v = v * 10 + d;
				s++;
			}
		}
		if (v > 255)
			return false;
		if (octets == 4)
			return s == end;
		if (s == end || *s++ != '.')
			return false;
	}
}

static size_t
address_size(const struct token *t, int family)
{
	unsigned char addr[16];
	char text[64];

	if (t->quoted || t->len >= sizeof(text))
		bad("bad %s address '%s%.*s%s'", family == AF_INET ? "IPv4" : "IPv6",
		    t->quoted ? "\"" : "", (int)(t->len > 64 ? 64 : t->len),
		    t->start, t->quoted ? "\"" : "");
	if (family == AF_INET && ipv4_valid(t->start, t->len))
		return 4;
	memcpy(text, t->start, t->len);
	text[t->len] = '\0';
	if (family == AF_INET || inet_pton(family, text, addr) != 1)
		bad("bad %s address '%s'", family == AF_INET ? "IPv4" : "IPv6", text);
	return 16;
}

/*
 * A decimal with at most the given places after the point, scaled by
 * 10^places: LOC's degrees, seconds and metres (RFC 1876).
 */
static bool
fixed_point(const struct token *t, int places, bool sign, long long *out)
{
	const char *s = t->start;
	size_t len = t->len, i = 0;
	long long v = 0;
	int after = -1;
	bool neg = false;

	if (t->quoted)
		return false;
	if (places == 2 && len > 1 && (s[len - 1] == 'm' || s[len - 1] == 'M'))
		len--;
	if (sign && len > 0 && s[0] == '-') {
		neg = true;
		i++;
	}
	if (i == len)
		return false;
	for (; i < len; i++) {
		if (s[i] == '.' && after < 0) {
			after = 0;
			continue;
		}
		if (!isdigit((unsigned char)s[i]) || after == places || v > 1000000000000LL)
			return false;
		v = v * 10 + (s[i] - '0');
		if (after >= 0)
			after++;
	}
	for (after = after < 0 ? 0 : after; after < places; after++)
		v *= 10;
	*out = neg ? -v : v;
	return true;
}

/* RFC 1876 LOC in its text form; always 16 octets */
static size_t
loc_size(struct text_walk *w)
{
	const struct tokens *rd = w->rd;
	static const struct { char pos, neg; long long max; } axes[] = {
		{ 'N', 'S', 90 }, { 'E', 'W', 180 },
	};
	static const long long milliseconds[] = { 3600000, 60000, 1 };
	size_t i = 0;
	long long v;

	for (size_t a = 0; a < 2; a++) {
		long long angle = 0;
		int part;

		for (part = 0; part < 4 && i < rd->count; part++, i++) {
			const struct token *t = &rd->tok[i];

			if (part > 0 && t->len == 1 && !t->quoted &&
			    toupper((unsigned char)t->start[0]) == axes[a].pos)
				break;
			if (part > 0 && t->len == 1 && !t->quoted &&
			    toupper((unsigned char)t->start[0]) == axes[a].neg)
				break;
			if (part > 0 && (part == 3 || !isdigit((unsigned char)t->start[0])))
				bad("LOC: want degrees [minutes [seconds]] %c or %c",
				    axes[a].pos, axes[a].neg);
			if (!fixed_point(t, part == 2 ? 3 : 0, false, &v) ||
			    v > (part == 0 ? axes[a].max : part == 1 ? 59 : 59999))
				bad("LOC: bad %s '%s%.*s%s'", part == 0 ? "degrees" :
				    part == 1 ? "minutes" : "seconds",
				    TOKEN_TEXT(&rd->tok[i]));
			angle += v * milliseconds[part];
		}
		if (part == 0 || i == rd->count)
			bad("LOC: want degrees [minutes [seconds]] %c or %c",
			    axes[a].pos, axes[a].neg);
		if (angle > axes[a].max * milliseconds[0])
			bad("LOC: %s beyond %lld degrees", a == 0 ? "latitude" :
			    "longitude", axes[a].max);
		i++;
	}
	if (i == rd->count || !fixed_point(&rd->tok[i], 2, true, &v) ||
	    v < -10000000 || v > 4284967295LL)
		bad("LOC: want an altitude from -100000.00m to 42849672.95m");
	/* size, horizontal and vertical precision */
	for (size_t extra = 1; ++i < rd->count; extra++)
		if (extra > 3 || !fixed_point(&rd->tok[i], 2, false, &v) ||
		    v > 9000000000LL)
			bad("LOC: bad size or precision '%s%.*s%s'",
			    TOKEN_TEXT(&rd->tok[i]));
	w->i = rd->count;
	return 16;
}

/* ILNP's 64-bit locator or node id: four groups of 1 to 4 hex digits */
static size_t
locator_size(struct text_walk *w)
{
	const struct token *t = text_next(w);
	size_t digits = 0, groups = 1;

	for (size_t k = 0; k < t->len && !t->quoted; k++) {
		if (t->start[k] == ':' && digits > 0 && groups < 4) {
			digits = 0;
			groups++;
		} else if (isxdigit((unsigned char)t->start[k]) && digits < 4) {
			digits++;
		} else {
			break;
		}
		if (k + 1 == t->len && groups == 4 && digits > 0)
			return 8;
	}
	bad("bad locator '%s%.*s%s': want four groups of hex like "
	    "2001:db8:1140:1000", TOKEN_TEXT(t));
}

/* EUI-48 or EUI-64 (RFC 7043): hex pairs joined by hyphens */
static size_t
eui_size(struct text_walk *w)
{
	const struct token *t = text_next(w);
	size_t octets = field_kinds[(unsigned char)w->field].fixed;
	bool ok = !t->quoted && t->len == 3 * octets - 1;

	for (size_t k = 0; ok && k < t->len; k++)
		ok = k % 3 == 2 ? t->start[k] == '-' :
		    isxdigit((unsigned char)t->start[k]);
	if (!ok)
		bad("bad EUI-%zu '%s%.*s%s': want %zu hex pairs joined by '-', "
		    "like 00-00-5e-00-53-2a", 8 * octets, TOKEN_TEXT(t), octets);
	return octets;
}

/* NSAP (RFC 1706): 0x, then hex digits, dots anywhere among them */
static size_t
nsap_size(struct text_walk *w)
{
	const struct token *t = text_next(w);
	size_t digits = 0;

	if (t->quoted || t->len < 3 || t->start[0] != '0' ||
	    tolower((unsigned char)t->start[1]) != 'x')
		bad("NSAP '%s%.*s%s': want 0x and hex digits", TOKEN_TEXT(t));
	for (size_t k = 2; k < t->len; k++) {
		if (isxdigit((unsigned char)t->start[k]))
			digits++;
		else if (t->start[k] != '.')
			bad("NSAP '%.*s': want hex digits and dots after 0x",
			    (int)t->len, t->start);
	}
	if (digits == 0 || digits % 2 != 0)
		bad("NSAP '%.*s': want an even number of hex digits", (int)t->len,
		    t->start);
	return digits / 2;
}

/*
 * An ATM address (ATM Forum af-saa-0069): hex digits, an octet each
 * pair (NSAP format), or + and decimal digits, an octet each (E.164);
 * single dots may separate digits.  A format octet comes first.
 */
static size_t
atma_size(struct text_walk *w)
{
	const struct token *t = text_next(w);
	bool e164 = t->len > 0 && t->start[0] == '+', dot = true;
	size_t digits = 0, k;

	for (k = e164; k < t->len && !t->quoted; k++) {
		unsigned char c = t->start[k];

		if (c == '.' && !dot) {
			dot = true;
			continue;
		}
		if (e164 ? !isdigit(c) : !isxdigit(c))
			break;
		dot = false;
		digits++;
	}
	if (k == t->len && !t->quoted && !dot && (e164 || digits % 2 == 0))
		return 1 + (e164 ? digits : digits / 2);
	bad("bad ATMA address '%s%.*s%s': want hex digit pairs, or + and "
	    "decimal digits, with single dots between", TOKEN_TEXT(t));
}

/*
 * APL items (RFC 3123), [!]family:address/prefix, from the given token
 * on: each 4 octets and its address without its trailing zero octets.
 * Only families 1 (IPv4) and 2 (IPv6) are known to BIND.
 */
static size_t
apl_size(struct text_walk *w)
{
	const struct tokens *rd = w->rd;
	size_t size = 0;

	for (size_t i = w->i; i < rd->count; i++) {
		const struct token *t = &rd->tok[i];
		const char *s = t->start + (t->len > 0 && t->start[0] == '!');
		const char *colon = memchr(s, ':', t->start + t->len - s);
		const char *slash = colon ? memchr(colon, '/', t->start + t->len - colon) : NULL;
		unsigned char addr[16];
		char text[64];
		unsigned long family, prefix;
		size_t alen;

		if (t->quoted || slash == NULL ||
		    !parse_decimal(s, colon - s, 65535, &family) ||
		    (family != 1 && family != 2) ||
		    !parse_decimal(slash + 1, t->start + t->len - slash - 1,
		    family == 1 ? 32 : 128, &prefix) ||
		    (size_t)(slash - colon - 1) >= sizeof(text))
			bad("APL item '%s%.*s%s': want [!]1:IPv4/prefix or "
			    "[!]2:IPv6/prefix", TOKEN_TEXT(t));
		memcpy(text, colon + 1, slash - colon - 1);
		text[slash - colon - 1] = '\0';
		if (inet_pton(family == 1 ? AF_INET : AF_INET6, text, addr) != 1)
			bad("APL item '%.*s': bad address", (int)t->len, t->start);
		for (alen = family == 1 ? 4 : 16; alen > 0 && addr[alen - 1] == 0;)
			alen--;
		size += 4 + alen;
	}
	w->i = rd->count;
	return size;
}

/*
 * HIP (RFC 8005): algorithm, HIT in hex and public key in base64 (one
 * token each), then rendezvous servers; on the wire a length octet for
 * the HIT and two for the key come first.
 */
static size_t
hip_size(struct text_walk *w)
{
	const struct tokens *rd = w->rd;
	struct tokens one = { rd->tok, 1, 1 };
	struct dname name;
	size_t size = 4, i = w->i, part;

	if (rd->count - w->i < 3)
		bad("HIP RDATA is incomplete: it needs an algorithm, a HIT and "
		    "a public key");
	parse_number(&rd->tok[i++], 0xff, "HIP algorithm");
	one.tok = &rd->tok[i++];
	part = hex_size(&one, 0, "HIP HIT", NULL);
	if (part > STRING_MAX)
		bad("HIP HIT of %zu octets: want 255 or fewer", part);
	size += part;
	one.tok = &rd->tok[i++];
	size += base64_size(&one, 0, "HIP public key");
	for (; i < rd->count; i++) {
		parse_name(&rd->tok[i], &name, "HIP rendezvous server");
		size += name.len;
	}
	w->i = rd->count;
	return size;
}

/*
 * A type bitmap (RFC 4034 4.1.2) from the given token on: each window
 * of 256 types in use takes 2 octets and as many as its highest type
 * needs of 32.
 */
static size_t
bitmap_size(struct text_walk *w)
{
	const struct tokens *rd = w->rd;
	unsigned char top[256] = { 0 };	/* highest octet used, plus one */
	size_t size = 0;
	unsigned long v;

	for (size_t i = w->i; i < rd->count; i++) {
		if (!type_number(&rd->tok[i], &v))
			bad("type bitmap: unknown type '%s%.*s%s': write it as "
			    "TYPEnnn", TOKEN_TEXT(&rd->tok[i]));
		if (top[v >> 8] < (v & 0xff) / 8 + 1)
			top[v >> 8] = (v & 0xff) / 8 + 1;
	}
	for (size_t w = 0; w < 256; w++)
		if (top[w] > 0)
			size += 2 + top[w];
	w->i = rd->count;
	return size;
}

/* A CERT type (RFC 4398): number or mnemonic */
static unsigned long
cert_type(const struct token *t)
{
	static const struct { const char *name; unsigned number; } types[] = {
		{ "PKIX", 1 }, { "SPKI", 2 }, { "PGP", 3 }, { "IPKIX", 4 },
		{ "ISPKI", 5 }, { "IPGP", 6 }, { "ACPKIX", 7 }, { "IACPKIX", 8 },
		{ "URI", 253 }, { "OID", 254 },
	};
	unsigned long v;

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (word_is(t, types[i].name))
			return types[i].number;
	if (t->quoted || !parse_decimal(t->start, t->len, 65535, &v))
		bad("CERT type '%s%.*s%s': want a number from 0 to 65535 or a "
		    "mnemonic such as PKIX", TOKEN_TEXT(t));
	return v;
}

/* An SVCB key by name or as keyNNNNN; 65536 if it is neither */
static unsigned long
svcb_key(const char *s, size_t len)
{
	static const char *const keys[] = {
		"mandatory", "alpn", "no-default-alpn", "port", "ipv4hint",
		"ech", "ipv6hint", "dohpath",
	};
	unsigned long key;

	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
		if (strlen(keys[k]) == len && strncasecmp(keys[k], s, len) == 0)
			return k;
	if (len > 3 && strncasecmp(s, "key", 3) == 0 &&
	    parse_decimal(s + 3, len - 3, 65535, &key))
		return key;
	return 65536;
}

/*
 * An alpn value, already unescaped once as a string: a comma separates
 * protocol ids, "\," is a comma within one and "\\" a backslash.  Each
 * id goes out with a length octet in place of its comma.
 */
static size_t
alpn_size(const unsigned char *value, size_t len)
{
	size_t size = 0, id = 0;

	for (size_t k = 0; k <= len; k++) {
		if (k == len || value[k] == ',') {
			if (id == 0 || id > STRING_MAX)
				bad("SVCB alpn: protocol ids must be 1 to 255 octets");
			size += 1 + id;
			id = 0;
			continue;
		}
		if (value[k] == '\\' && k + 1 < len)
			k++;
		id++;
	}
	return size;
}

/*
 * A known key's value given in wire form (as keyNNNNN=...) must still
 * have that key's shape, or BIND refuses it.
 */
static void
svcb_check_wire(unsigned long key, const unsigned char *value, size_t len)
{
	static const struct { size_t unit; bool empty; } shapes[] = {
		[0] = { 2, false },	/* mandatory: keys */
		[2] = { 0, true },	/* no-default-alpn: nothing */
		[3] = { 2, false },	/* port */
		[4] = { 4, false },	/* ipv4hint: addresses */
		[6] = { 16, false },	/* ipv6hint: addresses */
	};
	size_t k = 0;

	if (key == 1) {	/* alpn: ids, each after its length */
		while (k < len && value[k] != 0)
			k += 1 + value[k];
		if (len == 0 || k != len)
			bad("SVCB key1 (alpn): want protocol ids, each after its length");
		return;
	}
	if (key >= sizeof(shapes) / sizeof(shapes[0]) ||
	    (shapes[key].unit == 0 && !shapes[key].empty))
		return;
	if (shapes[key].empty ? len != 0 :
	    len == 0 || len % shapes[key].unit != 0 || (key == 3 && len != 2))
		bad("SVCB key%lu: a value of %zu octets has the wrong length",
		    key, len);
}

static bool
key_in(const struct key_set *set, unsigned long key)
{
	return set->bits[key / 8] & (1 << key % 8);
}

/* Add a key to the set; true if it was there already */
static bool
key_mark(struct key_set *set, unsigned long key)
{
	if (key_in(set, key))
		return true;
	set->bits[key / 8] |= 1 << key % 8;
	set->keys[set->n++] = key;
	return false;
}

static void
key_clear(struct key_set *set)
{
	while (set->n > 0)
		set->bits[set->keys[--set->n] / 8] = 0;
}

/*
 * SVCB and HTTPS parameters (RFC 9460): key=value or key, each adding
 * 4 octets and its value.  BIND refuses a key given twice, a mandatory
 * key that is missing, and no-default-alpn without alpn: so does this.
 */
static size_t
svcb_params_size(struct text_walk *w)
{
	const struct tokens *rd = w->rd;
	static unsigned char value[RDATA_MAX];
	static struct key_set given, listed;
	size_t size = 0;

	key_clear(&given);
	key_clear(&listed);

	for (size_t i = w->i; i < rd->count; i++) {
		const struct token *t = &rd->tok[i];
		const char *eq = memchr(t->start, '=', t->len);
		size_t keylen = eq ? (size_t)(eq - t->start) : t->len;
		struct token v = { eq ? eq + 1 : t->start + t->len,
		    eq ? t->len - keylen - 1 : 0, false };
		unsigned long key = svcb_key(t->start, keylen);
		/* keyNNNNN=value: the value in wire form, whatever the key */
		bool generic = keylen > 3 && strncasecmp(t->start, "key", 3) == 0;
		size_t vlen, items = 1;

		if (t->quoted || key == 65536)
			bad("unknown SVCB parameter '%s%.*s%s'", t->quoted ? "\"" : "",
			    (int)keylen, t->start, t->quoted ? "\"" : "");
		if (key_mark(&given, key))
			bad("SVCB parameter '%.*s' given twice", (int)keylen, t->start);
		if (eq == NULL && key != 2 && !generic)
			bad("SVCB parameter '%.*s' needs a value", (int)keylen, t->start);
		if (eq != NULL && key == 2 && !generic)
			bad("SVCB no-default-alpn takes no value");
		/* a value may be quoted: key="value" */
		if (v.len >= 2 && v.start[0] == '"' && v.start[v.len - 1] == '"') {
			v.start++;
			v.len -= 2;
		}
		if (eq != NULL && v.len == 0 && !generic)
			bad("SVCB parameter '%.*s' has an empty value", (int)keylen, t->start);
		vlen = unescape_string(&v, value, sizeof(value));
		if (generic) {
			svcb_check_wire(key, value, vlen);
			for (size_t k = 0; key == 0 && k + 1 < vlen; k += 2)
				if (key_mark(&listed, value[k] << 8 | value[k + 1]))
					bad("SVCB mandatory lists a key twice");
			size += 4 + vlen;
			continue;
		}
		for (size_t k = 0; k < vlen; k++)
			items += value[k] == ',';
		switch (key) {
		case 0:	/* mandatory: keys, two octets each */
			for (size_t k = 0, start = 0; k <= vlen; k++)
				if (k == vlen || value[k] == ',') {
					unsigned long m = svcb_key((char *)value + start,
					    k - start);

					if (m == 65536 || m == 0)
						bad("SVCB mandatory: bad key '%.*s'",
						    (int)(k - start), value + start);
					if (key_mark(&listed, m))
						bad("SVCB mandatory lists '%.*s' twice",
						    (int)(k - start), value + start);
					start = k + 1;
				}
			vlen = 2 * items;
			break;
		case 1:	/* alpn: ids with a length octet each; "\," is a comma */
			vlen = alpn_size(value, vlen);
			break;
		case 3:
			parse_number(&v, 65535, "SVCB port");
			vlen = 2;
			break;
		case 4:
		case 6:
			for (size_t k = 0, start = 0; k <= vlen; k++)
				if (k == vlen || value[k] == ',') {
					struct token a = { (char *)value + start,
					    k - start, false };

					address_size(&a, key == 4 ? AF_INET : AF_INET6);
					start = k + 1;
				}
			vlen = items * (key == 4 ? 4 : 16);
			break;
		case 5: {
			struct tokens one = { &v, 1, 1 };

			vlen = base64_size(&one, 0, "SVCB ech");
			break;
		}
		}
		size += 4 + vlen;
	}
	for (size_t k = 0; k < listed.n; k++)
		if (!key_in(&given, listed.keys[k]))
			bad("SVCB mandatory lists key%u, which is not given",
			    listed.keys[k]);
	if (key_in(&given, 2) && !key_in(&given, 1))
		bad("SVCB no-default-alpn needs alpn");
	w->i = rd->count;
	return size;
}

static unsigned long
dnssec_algorithm(const struct token *t)
{
	static const struct { const char *name; unsigned number; } algorithms[] = {
		{ "RSAMD5", 1 }, { "DH", 2 }, { "DSA", 3 }, { "RSASHA1", 5 },
		{ "NSEC3DSA", 6 }, { "NSEC3RSASHA1", 7 }, { "RSASHA256", 8 },
		{ "RSASHA512", 10 }, { "ECCGOST", 12 }, { "ECDSAP256SHA256", 13 },
		{ "ECDSAP384SHA384", 14 }, { "ED25519", 15 }, { "ED448", 16 },
		{ "INDIRECT", 252 }, { "PRIVATEDNS", 253 }, { "PRIVATEOID", 254 },
	};
	unsigned long v;

	for (size_t i = 0; i < sizeof(algorithms) / sizeof(algorithms[0]); i++)
		if (word_is(t, algorithms[i].name))
			return algorithms[i].number;
	if (t->quoted || !parse_decimal(t->start, t->len, 255, &v))
		bad("DNSSEC algorithm '%s%.*s%s': want a number from 0 to 255 or "
		    "a mnemonic such as RSASHA256", TOKEN_TEXT(t));
	return v;
}

/*
 * The length BIND wants of a DS digest ('d'), an SSHFP fingerprint
 * ('f') or a ZONEMD digest ('z') of the given type; 0 where it takes
 * any length.
 */
static size_t
digest_length(char field, unsigned long type)
{
	static const size_t ds[] = { 0, 20, 32, 32, 48 }, sshfp[] = { 0, 20, 32 },
	    zonemd[] = { 0, 48, 64 };

	if (field == 'd')
		return type < sizeof(ds) / sizeof(ds[0]) ? ds[type] : 0;
	if (field == 'z')
		return type < sizeof(zonemd) / sizeof(zonemd[0]) ? zonemd[type] : 0;
	return type < sizeof(sshfp) / sizeof(sshfp[0]) ? sshfp[type] : 0;
}

static unsigned long
ds_digest_type(const struct token *t)
{
	static const char *const digests[] = {
		NULL, "SHA-1", "SHA-256", "GOST", "SHA-384",
	};

	for (size_t i = 1; i < sizeof(digests) / sizeof(digests[0]); i++)
		if (word_is(t, digests[i]))
			return i;
	return parse_number(t, 255, "DS digest type");
}

/* ==== Lines and transactions ==== */

/*
 * The commands of a line.  nsupdate's session commands pass through in
 * place outside a frame; inside one they are an error, since a
 * transaction must not choose its server or key.
 */
#define WORD(w) w, sizeof(w) - 1
static const struct {
	const char *word;
	size_t len;
	enum command command;
} commands[] = {
	{ WORD("update"), UPDATE }, { WORD("prereq"), PREREQ },
	{ WORD("add"), CHANGE }, { WORD("delete"), CHANGE },
	{ WORD("del"), CHANGE }, { WORD("BEGIN"), BEGIN },
	{ WORD("COMMIT"), COMMIT }, { WORD("zone"), ZONE },
	{ WORD("ttl"), TTL }, { WORD("class"), CLASS }, { WORD("send"), SEND },
	{ WORD("server"), SESSION }, { WORD("local"), SESSION },
	{ WORD("key"), SESSION }, { WORD("realm"), SESSION },
	{ WORD("gsstsig"), SESSION }, { WORD("oldgsstsig"), SESSION },
	{ WORD("debug"), SESSION }, { WORD("answer"), SESSION },
	{ WORD("show"), SESSION },
};

static void
read_stream(struct input *in)
{
	char *line;
	size_t len;

	current = in;
	while ((line = input_line(in, &len)) != NULL)
		parse_line(line, len);
	if (st.in_frame)
		bad("end of input inside the transaction begun at line %lu: "
		    "nothing of it is written", st.begin_line);
	if (st.in_batch)
		transaction_end(NULL);
	group_write();
	out_sync();
}

static void
parse_line(const char *line, size_t len)
{
	static struct word_index index = WORD_INDEX(commands);
	struct defaults *d = st.in_frame ? &st.frame : &st.script;
	struct token w[5];
	size_t pos = 0, n = 1, i;
	bool blank = !next_word(line, len, &pos, &w[0]);

	if (blank || w[0].start[0] == ';') {
		/* a blank line ends an unframed batch, as in nsupdate */
		if (blank && st.in_batch)
			transaction_end(NULL);
		return;
	}
	i = word_find(&index, &w[0]);
	/* a change reads on from pos (parse_change); the others here */
	if (i < index.count && commands[i].command < UPDATE)
		for (n = 1; n < 5 && next_word(line, len, &pos, &w[n]); n++)
			;
	if (i == index.count)
		bad("unknown command '%.*s': want BEGIN, COMMIT, zone, ttl, "
		    "class, prereq, update, add, delete or send",
		    (int)w[0].len, w[0].start);
	switch (commands[i].command) {
	case BEGIN:
		frame_begin(w, n);
		break;
	case COMMIT:
		frame_commit(w, n);
		break;
	case ZONE:
		set_zone(d, w, n);
		break;
	case TTL:
		set_ttl(d, w, n);
		break;
	case CLASS:
		set_class(d, w, n);
		break;
	case SEND:
		if (st.in_frame)
			bad("'send' inside a transaction: COMMIT ends it");
		if (n > 1)
			bad("'send' takes no arguments");
		if (st.in_batch)
			transaction_end(NULL);
		break;
	case UPDATE:
	case PREREQ:
	case CHANGE:
		if (!st.in_frame && !st.in_batch) {
			st.in_batch = true;
			transaction_start();
		}
		parse_change(line, len, pos, &w[0], commands[i].command);
		break;
	case SESSION:
		if (st.in_frame)
			bad("'%s' inside a transaction: session commands "
			    "belong outside BEGIN and COMMIT", commands[i].word);
		/* the merged group so far goes to the old server */
		group_write();
		out_write(line, len);
		out_write("\n", 1);
		break;
	}
}

static void
frame_begin(const struct token *w, size_t n)
{
	if (st.in_frame)
		bad("BEGIN inside the transaction begun at line %lu: "
		    "transactions do not nest", st.begin_line);
	if (n > 2)
		bad("BEGIN takes at most a transaction id");
	if (st.in_batch)
		bad("BEGIN after update lines with no send: end them with "
		    "send or a blank line");
	st.in_frame = true;
	st.begin_line = current->line;
	free(st.xid);
	st.xid = n == 2 ? xstrndup(w[1].start, w[1].len) : NULL;
	free(st.frame.zone_text);
	memset(&st.frame, 0, sizeof(st.frame));
	st.frame.class = CLASS_IN;
	transaction_start();
}

static void
frame_commit(const struct token *w, size_t n)
{
	uint64_t lsn;
	char *line, *end;
	size_t len;

	if (!st.in_frame)
		bad("COMMIT without BEGIN");
	if (n > 4)
		bad("COMMIT takes at most a transaction id, an lsn and a time");
	if (n >= 2 && st.xid != NULL &&
	    (strlen(st.xid) != w[1].len || memcmp(st.xid, w[1].start, w[1].len) != 0))
		bad("COMMIT %.*s does not match BEGIN %s at line %lu",
		    (int)w[1].len, w[1].start, st.xid, st.begin_line);
	if (n >= 3 && !parse_lsn(w[2].start, w[2].len, &lsn))
		bad("bad lsn '%.*s': want two hexadecimal numbers as "
		    "PostgreSQL writes them, like 16/B374D848", (int)w[2].len, w[2].start);
	if (n == 4) {
		static const bool time_octet[256] = {
			['0'] = true, ['1'] = true, ['2'] = true, ['3'] = true,
			['4'] = true, ['5'] = true, ['6'] = true, ['7'] = true,
			['8'] = true, ['9'] = true, ['-'] = true, ['+'] = true,
			[':'] = true, ['.'] = true, ['T'] = true, ['Z'] = true,
		};

		for (size_t i = 0; i < w[3].len; i++)
			if (!time_octet[(unsigned char)w[3].start[i]])
				bad("bad time '%.*s': want one ISO 8601 token, like "
				    "2026-11-25T20:10:00.123456Z", (int)w[3].len, w[3].start);
	}
	st.in_frame = false;
	if (after_set && n >= 3 && lsn <= after_lsn) {
		/* applied before: drop it (its zones stay, with no changes) */
		grp.nchanges = grp.committed;
		grp.known_zone = st.known_zone_before;
		return;
	}
	/* "; COMMIT xid lsn time", with the xid of BEGIN if COMMIT has none */
	len = strlen("; COMMIT");
	for (size_t i = 1; i < n; i++)
		len += 1 + w[i].len;
	if (n == 1 && st.xid != NULL)
		len += 1 + strlen(st.xid);
	/* a comment too long for nsupdate would leave it a command */
	if (len > NSUPDATE_LINE_MAX)
		bad("the \"; COMMIT\" line for this transaction would be %zu "
		    "octets, more than the %d nsupdate reads as one line", len,
		    NSUPDATE_LINE_MAX);
	line = arena_alloc(len + 1);
	end = line + strlen("; COMMIT");
	memcpy(line, "; COMMIT", end - line);
	if (n == 1 && st.xid != NULL)
		end = append(end, st.xid, strlen(st.xid));
	for (size_t i = 1; i < n; i++)
		end = append(end, w[i].start, w[i].len);
	*end = '\0';
	transaction_end(line);
}

/* PostgreSQL's X/X, each half 32 bits of hex */
static bool
parse_lsn(const char *s, size_t len, uint64_t *lsn)
{
	/* a hex digit's value and one; 0 for anything else */
	static const unsigned char hex[256] = {
		['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5,
		['5'] = 6, ['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
		['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15,
		['f'] = 16, ['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14,
		['E'] = 15, ['F'] = 16,
	};
	const char *slash = memchr(s, '/', len);
	uint64_t half[2] = { 0, 0 };

	if (slash == NULL || slash == s || slash == s + len - 1 ||
	    slash - s > 8 || s + len - slash - 1 > 8)
		return false;
	for (const char *p = s; p < s + len; p++) {
		unsigned v = hex[(unsigned char)*p];

		if (p == slash)
			continue;
		if (v == 0)
			return false;
		half[p > slash] = half[p > slash] * 16 + v - 1;
	}
	*lsn = half[0] << 32 | half[1];
	return true;
}

static void
set_zone(struct defaults *d, const struct token *w, size_t n)
{
	struct dname zone;

	if (n != 2)
		bad("zone takes one name");
	parse_name(&w[1], &zone, "zone");
	free(d->zone_text);
	d->zone_text = xstrndup(w[1].start, w[1].len);
	d->zone_textlen = w[1].len;
	d->zone = zone;
	d->zone_epoch = 0;
}

static void
set_ttl(struct defaults *d, const struct token *w, size_t n)
{
	if (n != 2)
		bad("ttl takes one number, or none");
	if (word_is(&w[1], "none")) {
		d->ttl_set = false;
		return;
	}
	d->ttl = parse_number(&w[1], TTL_MAX, "ttl");
	d->ttl_set = true;
}

static void
set_class(struct defaults *d, const struct token *w, size_t n)
{
	if (n != 2 || !parse_class(&w[1], &d->class))
		bad("class takes one class: IN, CH, HS or CLASSnnn");
}

/*
 * The zone of an owner, as an index into the group's zones: the zone
 * line in effect, else the longest zone of -z that holds the owner,
 * else unknown (nsupdate will look for it).
 */
static unsigned
find_zone(struct defaults *d, const struct dname *owner, unsigned class)
{
	const char *text = NULL;
	struct dname zone;
	struct slot *s;

	zone.len = 0;
	if (d->zone_text != NULL) {
		if (!name_is_below(owner, &d->zone, false))
			bad("%s is not in zone %s", name_display(owner->wire),
			    d->zone_text);
		if (d->zone_epoch == zones_epoch && d->zone_class == class) {
			grp.known_zone = true;
			return d->zone_index;
		}
		zone = d->zone;
		text = d->zone_text;
	} else if (zonefile_name != NULL) {
		for (size_t i = 0;; i += owner->wire[i] + 1) {
			s = table_find(&zonefile, 0, owner->wire + i, owner->len - i,
			    false);
			if (s != NULL) {
				const struct listed_zone *lz = (const void *)s->value;

				/* the zone as the file says it, case and all */
				text = lz->text;
				zone = lz->name;
				break;
			}
			if (owner->wire[i] == 0)
				bad("%s is in none of the zones of %s",
				    name_display(owner->wire), zonefile_name);
		}
	}
	/* one entry per zone and class: a message has only one of each */
	s = table_find(&zone_index, class, zone.wire, zone.len, true);
	if (s->value == 0) {
		struct zone *z;

		if (text == NULL && (wrote_zone || grp.known_zone))
			bad("%s has no zone, and nsupdate keeps the zone of the "
			    "last zone line it read: give it a zone line or use -z",
			    name_display(owner->wire));
		if (grp.nzones == grp.zones_size) {
			grp.zones_size = grp.zones_size ? 2 * grp.zones_size : 16;
			grp.zones = xrealloc(grp.zones, grp.zones_size * sizeof(*z));
		}
		z = &grp.zones[grp.nzones];
		z->text = text ? arena_strndup(text, strlen(text)) : NULL;
		z->name = zone;
		z->class = class;
		z->prereq_size = 0;
		z->prereq_txn = 0;
		s->key = memcpy(arena_alloc(zone.len), zone.wire, zone.len);
		s->value = ++grp.nzones;
	}
	if (text != NULL)
		grp.known_zone = true;
	if (d->zone_text != NULL) {
		d->zone_epoch = zones_epoch;
		d->zone_class = class;
		d->zone_index = s->value - 1;
	}
	return s->value - 1;
}

static void
transaction_start(void)
{
	st.names = 0;
	st.txn_line = current->line;
	st.has_prereq = false;
	st.known_zone_before = grp.known_zone;
	st.txn_size = 0;
	txn_count++;
}

/*
 * A complete transaction joins the group.  Without -m the group is
 * written at once; with -m it waits while more input is waiting (see
 * input_line), unless it has prerequisites, which hold for one message
 * only and so must not share one.
 */
static void
transaction_end(char *commit_line)
{
	st.in_batch = false;
	if (merge && st.has_prereq && grp.ntxn > 0)
		group_write();
	if (grp.ncommits == grp.commits_size) {
		grp.commits_size = grp.commits_size ? 2 * grp.commits_size : 16;
		grp.commits = xrealloc(grp.commits,
		    grp.commits_size * sizeof(*grp.commits));
	}
	grp.commits[grp.ncommits].line = commit_line;
	grp.commits[grp.ncommits++].first_line = st.txn_line;
	grp.committed = grp.nchanges;
	grp.size += st.txn_size;
	grp.ntxn++;
	if (!merge || st.has_prereq || grp.size >= MERGE_LIMIT_BUDGETS * budget)
		group_write();
}

/* A word for the line to write, after a blank */
static char *
append(char *end, const char *word, size_t len)
{
	*end++ = ' ';
	memcpy(end, word, len);
	return end + len;
}

/* A number for the line to write, after a blank, in decimal */
static char *
append_number(char *end, unsigned long v)
{
	char digits[24], *p = digits + sizeof(digits);

	do
		*--p = '0' + v % 10;
	while ((v /= 10) != 0);
	return append(end, p, digits + sizeof(digits) - p);
}

/* Kinds of change: how nsupdate writes them and what they take */
enum kind { ADD, DELETE, NXDOMAIN, YXDOMAIN, NXRRSET, YXRRSET };

/*
 * Type ANY, with no RDATA, is every RRset of the name: update delete
 * NAME ANY deletes them all, as update delete NAME does, and prereq
 * nxrrset or yxrrset NAME CLASS ANY is nxdomain or yxdomain.
 */
static const struct {
	const char *out;	/* how txsplit writes it */
	size_t outlen;
	bool prereq, ttl, type, rdata;	/* takes a TTL, type, RDATA */
	bool need_type, need_rdata;
	bool any;		/* takes type ANY */
} kinds[] = {
	[ADD] =      { WORD("update add"),      false, true,  true,  true,  true,  true,  false },
	[DELETE] =   { WORD("update delete"),   false, true,  true,  true,  false, false, true },
	[NXDOMAIN] = { WORD("prereq nxdomain"), true,  false, false, false, false, false, false },
	[YXDOMAIN] = { WORD("prereq yxdomain"), true,  false, false, false, false, false, false },
	[NXRRSET] =  { WORD("prereq nxrrset"),  true,  false, true,  false, true,  false, true },
	[YXRRSET] =  { WORD("prereq yxrrset"),  true,  false, true,  true,  true,  false, true },
};

/* The words after prereq or update (del is nsupdate's delete too) */
static const struct {
	const char *word;
	enum kind kind;
} kind_words[] = {
	{ "add", ADD }, { "delete", DELETE }, { "del", DELETE },
	{ "nxdomain", NXDOMAIN }, { "yxdomain", YXDOMAIN },
	{ "nxrrset", NXRRSET }, { "yxrrset", YXRRSET },
};
static struct word_index kind_index = WORD_INDEX(kind_words);

/* A prereq or update line as read: its words and what they say */
struct parsed_change {
	enum kind kind;
	struct token owner_word, ttl_word, class_word, type_word; /* len 0: none */
	struct dname owner;
	const struct rrtype *type;	/* NULL: none, or none txsplit knows */
	unsigned number, class;
	unsigned long ttl;
	const char *rdata;		/* NULL: none */
	size_t rdata_len;
};

/*
 * A prereq or update line: check it as nsupdate would (change_parse),
 * size it and keep it in the form it will be written, with the TTL and
 * class that are in effect written into it so that it means the same
 * wherever it lands (change_text), and give it its zone and place in
 * the group (change_account).
 */
static void
parse_change(const char *line, size_t len, size_t pos, const struct token *cmd,
    enum command command)
{
	struct defaults *d = st.in_frame ? &st.frame : &st.script;
	struct parsed_change p;
	size_t textlen, rdata_size_octets;
	char *text;

	change_parse(line, len, pos, cmd, command, d, &p);
	rdata_names.n = 0;
	rdata_size_octets = p.rdata == NULL ? 0 : rdata_size(p.type, p.number,
	    p.class, &rdata_tokens, p.kind == ADD ? &p.owner : NULL);
	/* a type's RDATA in another class is a type BIND does not know */
	if (rdata_names.n > 0 && p.type->in_only && p.class != CLASS_IN)
		rdata_names.n = 0;
	text = change_text(line, len, &p, &textlen);
	change_account(d, &p, text, textlen, rdata_size_octets);
}

static void
change_parse(const char *line, size_t len, size_t pos,
    const struct token *cmd, enum command command, const struct defaults *d,
    struct parsed_change *p)
{
	struct token word;
	bool ttl_set = d->ttl_set, prereq, is_ttl;
	unsigned long max_ttl;
	size_t kw;
	enum kind k;

	memset(&p->ttl_word, 0, sizeof(p->ttl_word));
	memset(&p->class_word, 0, sizeof(p->class_word));
	memset(&p->type_word, 0, sizeof(p->type_word));
	p->type = NULL;
	p->number = 0;
	p->class = d->class;
	p->ttl = d->ttl;
	p->rdata = NULL;
	p->rdata_len = 0;
	prereq = command == PREREQ;
	if (command != CHANGE) {
		if (!next_word(line, len, &pos, &word))
			bad("%.*s needs a kind", (int)cmd->len, cmd->start);
	} else {
		word = *cmd;
	}
	kw = word_find(&kind_index, &word);
	k = p->kind = kw < kind_index.count ? kind_words[kw].kind : ADD;
	if (kw == kind_index.count || kinds[k].prereq != prereq)
		bad(prereq ?
		    "unknown prereq '%.*s': want nxdomain, yxdomain, nxrrset or yxrrset" :
		    "unknown update '%.*s': want add or delete",
		    (int)word.len, word.start);
	if (!next_word(line, len, &pos, &p->owner_word))
		bad("%s needs a domain name", kinds[k].out);
	parse_name(&p->owner_word, &p->owner, "owner");

	/* [ttl] [class] type: a word of digits is a TTL */
	if (!next_word(line, len, &pos, &word))
		word.len = 0;
	/* nsupdate ignores a delete's TTL, once it is read as one */
	max_ttl = k == ADD ? TTL_MAX : 0xffffffffUL;
	is_ttl = word.len > 0 && kinds[k].ttl &&
	    parse_decimal(word.start, word.len, max_ttl, &p->ttl);
	/* digits out of range are a TTL too, and wrong */
	if (!is_ttl && word.len > 0 && kinds[k].ttl && digits_only(&word))
		bad("ttl %.*s is out of range: want 0 to %lu",
		    (int)word.len, word.start, max_ttl);
	if (is_ttl) {
		ttl_set = true;
		p->ttl_word = word;
		if (!next_word(line, len, &pos, &word))
			word.len = 0;
	}
	/* to an update (not a prerequisite) nsupdate's ANY is a type */
	if (word.len > 0 && kinds[k].type &&
	    (kinds[k].prereq || !word_is(&word, "ANY")) &&
	    parse_class(&word, &p->class)) {
		p->class_word = word;
		if (!next_word(line, len, &pos, &word))
			word.len = 0;
	}
	if (word.len > 0 && !kinds[k].type)
		bad("%s takes only a name", kinds[k].out);
	if (word.len > 0) {
		p->type_word = word;
		p->type = find_type(&word, kinds[k].any, &p->number);
	} else if (kinds[k].need_type) {
		bad("%s %.*s needs a type", kinds[k].out,
		    (int)p->owner_word.len, p->owner_word.start);
	}
	if (k == ADD && !ttl_set)
		bad("update add %.*s needs a TTL: give one, or a ttl line before it",
		    (int)p->owner_word.len, p->owner_word.start);

	/* the RDATA is the rest of the line */
	while (pos < len && blank_octet(line[pos]))
		pos++;
	if (pos < len) {
		if (!kinds[k].rdata)
			bad("%s takes no RDATA", kinds[k].out);
		if (p->type_word.len > 0 && p->number == TYPE_ANY)
			bad("type ANY (TYPE255) takes no RDATA: it stands for "
			    "every RRset of the name");
		p->rdata = line + pos;
		p->rdata_len = len - pos;
		while (blank_octet(p->rdata[p->rdata_len - 1]))
			p->rdata_len--;
		lex_rdata(p->rdata, p->rdata_len, p->type != NULL &&
		    last_field(p->type)->pairs, &rdata_tokens);
	} else if (kinds[k].need_rdata) {
		bad("missing RDATA");
	}
}

/* Is the word the text, octet for octet?  (Short: no call to memcmp) */
static inline bool
same_text(const struct token *t, const char *text, size_t len)
{
	if (t->len != len)
		return false;
	for (size_t k = 0; k < len; k++)
		if (t->start[k] != text[k])
			return false;
	return true;
}

/* Does the word come next in the line, after one blank?  Moves *at past it */
static bool
word_follows(const char **at, const struct token *t)
{
	if (t->len == 0 || **at != ' ' || *at + 1 != t->start)
		return false;
	*at = t->start + t->len;
	return true;
}

/*
 * The line as it will be written, in the arena, followed by its newline
 * and the owner in wire form; *textlen: the line's length.  Most lines
 * come as they will be written, and are copied whole.
 */
static char *
change_text(const char *line, size_t len, const struct parsed_change *p,
    size_t *textlen)
{
	const char *at = line + kinds[p->kind].outlen, *cn = class_name(p->class);
	enum kind k = p->kind;
	size_t cnlen = strlen(cn), tail = p->owner.len;
	char *text, *end;

	for (size_t i = 0; i < rdata_names.n; i++)
		tail += 2 + rdata_names.name[i].len;
	if (len > kinds[k].outlen &&
	    same_octets((const unsigned char *)line,
	    (const unsigned char *)kinds[k].out, kinds[k].outlen, false) &&
	    word_follows(&at, &p->owner_word) &&
	    (k == ADD ? word_follows(&at, &p->ttl_word) &&
	    (p->ttl_word.len == 1 || p->ttl_word.start[0] != '0') :
	    p->ttl_word.len == 0) &&
	    (!kinds[k].type || (word_follows(&at, &p->class_word) &&
	    same_text(&p->class_word, cn, cnlen))) &&
	    (p->type_word.len == 0 || word_follows(&at, &p->type_word)) &&
	    (p->rdata == NULL || (*at == ' ' && at + 1 == p->rdata &&
	    (at = p->rdata + p->rdata_len))) &&
	    at == line + len) {
		end = text = arena_alloc(len + 1 + tail);
		memcpy(text, line, len);
		end += len;
	} else {
		text = arena_alloc(len + 64 + 1 + tail);
		end = text + kinds[k].outlen;
		memcpy(text, kinds[k].out, kinds[k].outlen);
		end = append(end, p->owner_word.start, p->owner_word.len);
		if (k == ADD)
			end = append_number(end, p->ttl);
		if (kinds[k].type)
			end = append(end, cn, cnlen);
		if (p->type_word.len > 0)
			end = append(end, p->type_word.start, p->type_word.len);
		if (p->rdata != NULL)
			end = append(end, p->rdata, p->rdata_len);
	}
	*textlen = end - text;
	if (*textlen > NSUPDATE_LINE_MAX)
		bad("written with its TTL and class, this change is a line of %zu "
		    "octets, more than the %d nsupdate reads as one command",
		    *textlen, NSUPDATE_LINE_MAX);
	*end++ = '\n';
	memcpy(end, p->owner.wire, p->owner.len);
	end += p->owner.len;
	for (size_t i = 0, from = 0; i < rdata_names.n; i++) {
		const struct dname *n = &rdata_names.name[i];
		size_t gap = rdata_names.at[i] - from;

		*end++ = gap >> 8;
		*end++ = gap & 0xff;
		memcpy(end, n->wire, n->len);
		end += n->len;
		from = rdata_names.at[i] + n->len;
	}
	arena_trim(text, end - text);
	return text;
}

/*
 * The change joins the group: its zone, what its owner costs in a
 * message, the budgets it must fit, its place among the names.
 */
static void
change_account(struct defaults *d, const struct parsed_change *p,
    const char *text, size_t textlen, size_t rdata_size_octets)
{
	const struct dname *owner = &p->owner;
	unsigned zi = find_zone(d, owner, p->class);
	struct zone *z = &grp.zones[zi];
	struct change *c;
	size_t bound, above = owner->len - z->name.len;
	bool below;

	if (grp.nchanges == grp.changes_size) {
		grp.changes_size = grp.changes_size ? 2 * grp.changes_size : 1024;
		grp.changes = xrealloc(grp.changes,
		    grp.changes_size * sizeof(*grp.changes));
	}
	c = &grp.changes[grp.nchanges];
	c->text = text;
	c->textlen = textlen;
	c->owner_len = owner->len;
	c->rest = RR_FIXED + rdata_size_octets;
	c->names = rdata_names.n;
	c->compress = rdata_names.kind == 'c';
	c->zone = zi;
	c->txn = grp.ntxn;
	c->line = current->line - st.txn_line;
	c->prereq = kinds[p->kind].prereq;

	/*
	 * The most it can cost in a message: as the first record of a
	 * block, when only the zone is remembered (see zone_write), 9.20
	 * points at the zone from any name below it, 9.18 only from the
	 * name one label below, so never costs less.
	 */
	below = z->text != NULL && z->name.len > 1 &&
	    name_is_below(owner, &z->name, true);
	c->under_zone = below;
	c->owner_bound = below && (!(models & 1u << BIND918) || above == 0 ||
	    above == 1u + owner->wire[0]) ? above + POINTER_SIZE : owner->len;
	bound = change_bound(c);
	if (zone_base(z) + bound > budget - tsig_reserve)
		bad("this record needs %zu octets in a message, more than the "
		    "budget of %zu%s", zone_base(z) + bound,
		    budget - tsig_reserve, tsig_reserve ? " after TSIG" : "");
	st.txn_size += bound;

	/* each name's changes stay together: number names by appearance */
	if (c->prereq) {
		c->owner_ord = 0;
		st.has_prereq = true;
		if (z->prereq_txn != txn_count) {
			z->prereq_txn = txn_count;
			z->prereq_size = 0;
		}
		z->prereq_size += bound;
		if (zone_base(z) + z->prereq_size > budget - tsig_reserve)
			bad("the prerequisites for zone %s do not fit in one "
			    "message of %zu octets", z->text ? z->text : "(unknown)",
			    budget - tsig_reserve);
	} else {
		c->owner_ord = name_order(grp.nchanges);
	}
	grp.nchanges++;
}

/*
 * The order of first appearance in the open transaction of the name of
 * change i (not a prerequisite) in its zone: a new name gets the next.
 */
static uint32_t
name_order(size_t i)
{
	const struct change *c = &grp.changes[i];
	size_t first = grp.committed;

	if (2 * (owners.used + 1) > owners.size) {
		/* empty it, twice as big if the names alive fill a quarter */
		size_t k = 0;

		if (owners.size == 0 || 4 * (size_t)st.names > owners.size)
			owners.size = owners.size ? 2 * owners.size : 64;
		free(owners.slots);
		owners.slots = xrealloc(NULL, owners.size * sizeof(*owners.slots));
		memset(owners.slots, 0, owners.size * sizeof(*owners.slots));
		owners.used = 0;
		st.names = 0;
		for (k = first; k < i; k++)
			if (!grp.changes[k].prereq)
				name_order(k);
	}
	for (size_t h = hash_bytes(c->zone, CHANGE_OWNER(c), c->owner_len);;
	    h++) {
		uint32_t *slot = &owners.slots[h & (owners.size - 1)];
		const struct change *e;

		if (*slot == 0) {
			*slot = i - first + 1;
			owners.used++;
			return ++st.names;
		}
		if (first + *slot - 1 >= i)
			continue;
		e = &grp.changes[first + *slot - 1];
		if (!e->prereq && e->zone == c->zone &&
		    e->owner_len == c->owner_len &&
		    same_octets(CHANGE_OWNER(e), CHANGE_OWNER(c), c->owner_len, true))
			return e->owner_ord;
	}
}

/* ==== Splitting and output ==== */

/* Octets of a message for this zone before any record */
static size_t
zone_base(const struct zone *z)
{
	return HEADER_SIZE + QUESTION_FIXED +
	    (z->text != NULL ? z->name.len : UNKNOWN_ZONE_SIZE);
}

/*
 * The order of writing: zone by zone in order of first appearance;
 * within a zone transaction by transaction, prerequisites first, then
 * each name's changes together, names in order of first appearance,
 * each name's changes in their own order.
 */
static int
change_order(const struct change *a, const struct change *b)
{
	const struct zone *za = &grp.zones[a->zone], *zb = &grp.zones[b->zone];

	if (za->first != zb->first)
		return za->first < zb->first ? -1 : 1;
	if (a->txn != b->txn)
		return a->txn < b->txn ? -1 : 1;
	if (a->prereq != b->prereq)
		return a->prereq ? -1 : 1;
	if (a->owner_ord != b->owner_ord)
		return a->owner_ord < b->owner_ord ? -1 : 1;
	return 0;	/* the sort is stable: their order in the input */
}

/* Changes from..to in change_order, a merge sort: stable */
static void
changes_sort(size_t first, size_t last)
{
	size_t n = last - first;
	struct change *from = grp.changes + first, *to = xrealloc(NULL, n * sizeof(*to));

	for (size_t width = 1; width < n; width *= 2) {
		struct change *swap;

		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = mid + width < n ? mid + width : n;
			size_t a = lo, b = mid, k = lo;

			while (a < mid && b < hi)
				to[k++] = change_order(&from[b], &from[a]) < 0 ?
				    from[b++] : from[a++];
			while (a < mid)
				to[k++] = from[a++];
			while (b < hi)
				to[k++] = from[b++];
		}
		swap = from;
		from = to;
		to = swap;
	}
	if (from != grp.changes + first) {
		memcpy(grp.changes + first, from, n * sizeof(*from));
		to = from;
	}
	free(to);
}

/*
 * The first n changes zone by zone, zones in order of first appearance,
 * each zone's in their order: counted into place, no comparisons.
 */
static void
changes_by_zone(size_t n)
{
	struct change *to = xrealloc(NULL, n * sizeof(*to));
	size_t at = 0;

	for (size_t i = 0; i < grp.nzones; i++)
		grp.zones[i].at = 0;
	for (size_t i = 0; i < n; i++)
		grp.zones[grp.changes[i].zone].at++;
	for (size_t i = 0; i < n; i++) {
		struct zone *z = &grp.zones[grp.changes[i].zone];

		if (z->first == i) {	/* counted: now where it starts */
			size_t count = z->at;

			z->at = at;
			at += count;
		}
		to[z->at++] = grp.changes[i];
	}
	memcpy(grp.changes, to, n * sizeof(*to));
	free(to);
}

/*
 * Write the complete transactions of the group, then keep only the
 * open one, if any, for later.
 */
static void
group_write(void)
{
	size_t n = grp.committed, from;

	if (grp.ntxn == 0)
		return;
	for (size_t i = 0; i < grp.nzones; i++)
		grp.zones[i].first = ULONG_MAX;
	for (size_t i = 0; i < n; i++) {
		struct zone *z = &grp.zones[grp.changes[i].zone];

		if (i < z->first)
			z->first = i;
	}
	/*
	 * Most groups are in order already: a name's changes together.
	 * Of the others, most want their zones' changes together only;
	 * what is still out of order is within one transaction of a zone.
	 */
	for (from = 1; from < n &&
	    change_order(&grp.changes[from - 1], &grp.changes[from]) <= 0; from++)
		;
	if (from < n)
		changes_by_zone(n);
	for (size_t i = 1, run = 0; from < n && i <= n; i++) {
		if (i < n && grp.changes[i].zone == grp.changes[run].zone &&
		    grp.changes[i].txn == grp.changes[run].txn) {
			if (change_order(&grp.changes[i - 1], &grp.changes[i]) <= 0)
				continue;
			for (; i < n && grp.changes[i].zone == grp.changes[run].zone &&
			    grp.changes[i].txn == grp.changes[run].txn; i++)
				;
			changes_sort(run, i);
		}
		run = i;
	}
	for (size_t i = 0; i < n; i = from) {
		for (from = i + 1; from < n &&
		    grp.changes[from].zone == grp.changes[i].zone; from++)
			;
		(order_free ? order_write : zone_write)(&grp.zones[grp.changes[i].zone],
		    i, from);
	}
	for (size_t i = 0; i < grp.ncommits; i++)
		if (grp.commits[i].line != NULL) {
			out_write(grp.commits[i].line, strlen(grp.commits[i].line));
			out_write("\n", 1);
		}

	/* the open transaction moves to the front */
	if (n > 0) {
		memmove(grp.changes, grp.changes + n,
		    (grp.nchanges - n) * sizeof(*grp.changes));
		grp.nchanges -= n;
	}
	for (size_t i = 0; i < grp.nchanges; i++)
		grp.changes[i].txn = 0;
	grp.committed = 0;
	grp.ncommits = 0;
	grp.ntxn = 0;
	grp.size = 0;
	if (grp.nchanges == 0) {
		/* nothing refers to the zones or the arena any more */
		grp.nzones = 0;
		zones_epoch++;
		grp.known_zone = false;
		table_clear(&zone_index);
		arena_reset();
	}
}

/*
 * The sizes of a block as nsupdate will send it, under each model of
 * -C: the name compression of BIND 9.18 or of 9.20 (lib/dns/compress.c;
 * both compare names octet for octet, as nsupdate asks).  Every name
 * written (the zone, the owners, the names in RDATA that rrtypes marks)
 * is looked up in what the compressor remembers of the names before it
 * in the message, and written as the part not found, then a 2-octet
 * pointer to the rest; then what was not found is remembered, if it is
 * within a pointer's reach (its first 16384 octets):
 *
 *   9.18 looks up the name itself and its parent only, and remembers
 *   the name and its parent, if they were written out in full;
 *
 *   9.20 looks up every suffix, from the top label down, and remembers
 *   every suffix written out, up to 768 of them (a set of 1024 slots,
 *   filled to 75%), after which it adds no more.
 *
 * So an owner below the zone is a pointer to the zone and what is
 * above it on 9.20, but on 9.18 only when one label above; a name met
 * before is a pointer on both.  Names are kept in one trie for all the
 * models, a node a suffix (its first label and the node of the rest),
 * with a bit for each model whose compressor remembers it; built only
 * when a block may no longer fit by the sum of its changes' bounds
 * (change_bound), replaying the block so far.  Past a pointer's reach
 * nothing more is remembered, so most names cost what the name before
 * them in their place said their parent costs (name_cost_known).
 */
struct cnode {
	const unsigned char *label;	/* length octet, octets */
	uint32_t parent;		/* node of the rest; 0 the root */
	uint32_t slot;			/* where it is in pk.slots */
	uint32_t hash;
	unsigned char kept;		/* bit 1 << model: remembered */
};

#define BIND920_KEPT_MAX 768

/*
 * The parent of the name last written in a place, and its node (0 if
 * it has none, and will have none: nothing more is remembered); and
 * once 9.20 remembers no more, what the parent costs after a label
 * there if 9.20 does not know it
 */
struct name_hint {
	const unsigned char *parent;
	size_t len;
	bool set;		/* there was such a name */
	uint32_t node;
	bool rest920_set;	/* rest920 holds that cost */
	size_t rest920;
};
#define NAME_LABELS_MAX	128	/* a 255-octet name has 127 and the root */

static struct packing {
	const struct zone *z;
	size_t size[NMODELS];	/* the block's octets so far */
	size_t first;		/* its first change */
	bool built;		/* the trie holds the block so far */
	size_t bound;		/* till then, the most it can be */
	unsigned kept920;	/* suffixes 9.20 remembers */
	struct cnode *nodes;
	size_t nnodes, nodes_size;
	uint32_t *slots;	/* open addressing: a node's number or stale */
	size_t nslots;
	struct name_hint hints[1 + RDATA_NAMES_MAX];	/* owner, RDATA */
	unsigned char zone[NAME_MAX_WIRE + SLACK];	/* the zone (load8) */
	uint32_t zone_node;	/* its node, 0 if none is written */
	size_t zone_labels;
} pk;

/*
 * The most change c can cost in a block under -C's models: its cost as
 * the first record, the names in its RDATA whole.  Every name the
 * compressor remembers can only make a later name shorter (9.20 stops
 * remembering, but only after the zone's own suffixes).
 */
static inline size_t
change_bound(const struct change *c)
{
	return c->owner_bound + c->rest;
}

/* A new block of zone z, starting with change first */
static void
pack_start(const struct zone *z, size_t first)
{
	pk.z = z;
	pk.first = first;
	pk.built = false;
	pk.bound = zone_base(z);
}

/* The block's size: the largest of the models', or their bound */
static size_t
pack_size(void)
{
	size_t size = 0;

	if (!pk.built)
		return pk.bound;
	for (unsigned m = 0; m < NMODELS; m++)
		if ((models & 1u << m) && pk.size[m] > size)
			size = pk.size[m];
	return size;
}

/*
 * A label's hash under its parent, from its first and last eight
 * octets (load8: a label is in the arena, or in pk.zone), mixed by
 * multiplying (hash_bytes's octet loop costs more than the lookup);
 * the high half, since slots take the low bits.  Long labels alike in
 * both are told apart by the comparison that follows.
 */
static inline uint32_t
cnode_hash(uint32_t parent, const unsigned char *label)
{
	size_t len = 1 + label[0];
	uint64_t head = load8(label), tail = 0;

	if (len < 8)
		head &= first_octets(len);
	else if (len > 8)
		tail = load8(label + len - 8);
	head = (head ^ parent) * 0x9e3779b97f4a7c15ULL ^ tail;
	return (head ^ head >> 32) * 0xff51afd7ed558ccdULL >> 32;
}

/* A slot holds a node of this block only if the node says it is there */
static inline bool
slot_live(size_t slot)
{
	uint32_t n = pk.slots[slot];

	return n != 0 && n < pk.nnodes && pk.nodes[n].slot == slot;
}

/* The node of label under parent, 0 if none */
static uint32_t
cnode_find(uint32_t parent, const unsigned char *label, uint32_t hash)
{
	for (size_t slot = hash & (pk.nslots - 1);; slot = (slot + 1) & (pk.nslots - 1)) {
		const struct cnode *n;

		if (!slot_live(slot))
			return 0;
		n = &pk.nodes[pk.slots[slot]];
		if (n->hash == hash && n->parent == parent && n->label[0] == label[0] &&
		    same_octets(n->label + 1, label + 1, label[0], false))
			return pk.slots[slot];
	}
}

static void
cnode_place(uint32_t n)
{
	size_t slot = pk.nodes[n].hash & (pk.nslots - 1);

	while (slot_live(slot))
		slot = (slot + 1) & (pk.nslots - 1);
	pk.slots[slot] = n;
	pk.nodes[n].slot = slot;
}

/* A new node for label under parent, remembered by none yet */
static uint32_t
cnode_add(uint32_t parent, const unsigned char *label, uint32_t hash)
{
	struct cnode *n;

	if (pk.nnodes == pk.nodes_size) {
		pk.nodes_size *= 2;
		pk.nodes = xrealloc(pk.nodes, pk.nodes_size * sizeof(*pk.nodes));
	}
	if (2 * (pk.nnodes + 1) > pk.nslots) {
		pk.nslots *= 2;
		free(pk.slots);
		pk.slots = xrealloc(NULL, pk.nslots * sizeof(*pk.slots));
		memset(pk.slots, 0, pk.nslots * sizeof(*pk.slots));
		for (uint32_t k = 1; k < pk.nnodes; k++)
			cnode_place(k);
	}
	n = &pk.nodes[pk.nnodes];
	n->label = label;
	n->parent = parent;
	n->hash = hash;
	n->kept = 0;
	cnode_place(pk.nnodes);
	return pk.nnodes++;
}

/*
 * Whether a name at pos can be remembered under model m (see above)
 */
static inline bool
name_kept_at(unsigned m, size_t pos)
{
	return pos < POINTER_REACH &&
	    !(m == BIND920 && pk.kept920 >= BIND920_KEPT_MAX);
}

/*
 * Whether no model remembers a name at pos, nor any name after it in
 * the block: their places only grow, and 9.20's set only fills
 */
static inline bool
name_frozen(const size_t *pos)
{
	for (unsigned m = 0; m < NMODELS; m++)
		if ((models & 1u << m) && name_kept_at(m, pos[m]))
			return false;
	return true;
}

/*
 * name_cost for most names: a label under the parent of the name
 * before it in its place (its hint), when what that parent costs after
 * the label is known under each model: a pointer where the model
 * remembers it, else the parent whole on 9.18 (which looks no further),
 * or on 9.20 the hint's cost of it once 9.20 remembers no more.  Then
 * the name costs the same but where the model remembers the name
 * itself: one lookup, none when the parent is not in the trie.  False
 * if it is not such a name.
 */
static inline bool
name_cost_known(const unsigned char *wire, size_t len, const size_t *pos,
    bool compress, const struct name_hint *hint, size_t *cost)
{
	size_t above = 1 + wire[0];
	unsigned parent_kept;

	if (!hint->set || hint->len != len - above)
		return false;
	parent_kept = hint->node != 0 ? pk.nodes[hint->node].kept : 0;
	/* 9.20 looks past a parent it does not know; 9.18 would keep it */
	if ((models & 1u << BIND920) && !(parent_kept & 1u << BIND920) &&
	    !hint->rest920_set)
		return false;
	if ((models & 1u << BIND918) && !(parent_kept & 1u << BIND918) &&
	    name_kept_at(BIND918, pos[BIND918] + above))
		return false;
	if (!same_octets(hint->parent, wire + above, hint->len, false))
		return false;
	name_cost_below(wire, len, pos, compress, hint, cost);
	return true;
}

/*
 * name_cost for a name a label under its hint's parent, whose cost
 * after the label is known (name_cost_known)
 */
static inline void
name_cost_below(const unsigned char *wire, size_t len, const size_t *pos,
    bool compress, const struct name_hint *hint, size_t *cost)
{
	size_t above = 1 + wire[0];
	uint32_t node = 0, hash = 0;
	unsigned parent_kept = 0, known = 0, keep = 0;

	if (hint->node != 0) {
		parent_kept = pk.nodes[hint->node].kept;
		hash = cnode_hash(hint->node, wire);
		node = cnode_find(hint->node, wire, hash);
		known = node != 0 ? pk.nodes[node].kept : 0;
	}
	for (unsigned m = 0; m < NMODELS; m++) {
		if (!(models & 1u << m))
			continue;
		if (!compress)
			cost[m] = len;
		else if (known & 1u << m)
			cost[m] = POINTER_SIZE;
		else if (parent_kept & 1u << m)
			cost[m] = above + POINTER_SIZE;
		else
			cost[m] = m == BIND920 ? above + hint->rest920 : len;
		if (!(known & 1u << m) && name_kept_at(m, pos[m]))
			keep |= 1u << m;
	}
	if (keep == 0)
		return;
	if (node == 0)
		node = cnode_add(hint->node, wire, hash);
	pk.nodes[node].kept |= keep;
	pk.kept920 += keep >> BIND920 & 1;
}

/*
 * Write a name of len octets at offset pos[m] of the block, under each
 * model: its octets in cost[m], and what it leaves remembered.  With
 * compress false it is written whole (but remembered all the same).
 */
static inline void
name_cost(const unsigned char *wire, size_t len, const size_t *pos,
    bool compress, unsigned role, size_t *cost)
{
	struct name_hint *hint = &pk.hints[role];

	if (name_cost_known(wire, len, pos, compress, hint, cost)) {
		hint->parent = wire + 1 + wire[0];
		return;
	}
	name_cost_walk(wire, len, pos, compress, hint, cost);
}

/* name_cost for a name name_cost_known cannot size: label by label */
static void
name_cost_walk(const unsigned char *wire, size_t len, const size_t *pos,
    bool compress, struct name_hint *hint, size_t *cost)
{
	size_t off[NAME_LABELS_MAX];
	uint32_t node[NAME_LABELS_MAX + 1];
	size_t nl = 0, known, kept_from;
	uint32_t missing = 0;	/* the hash of label known - 1, not found */

	for (size_t i = 0; wire[i] != 0; i += 1 + wire[i])
		off[nl++] = i;
	/*
	 * node[l]: the node of the suffix from label l on, for l >= known;
	 * 9.20 remembers those from kept_from on.  A name under its hint's
	 * parent (one 9.18 has yet to remember) knows node[1] at once, and
	 * a name below the zone the zone's node.
	 */
	node[nl] = 0;
	known = kept_from = nl;
	if (nl >= 2 && hint->set && hint->node != 0 && hint->len == len - off[1] &&
	    (!(models & 1u << BIND920) ||
	    (pk.nodes[hint->node].kept & 1u << BIND920)) &&
	    same_octets(hint->parent, wire + off[1], hint->len, false)) {
		node[1] = hint->node;
		known = kept_from = 1;
	} else if (pk.zone_node != 0 && nl > pk.zone_labels &&
	    len - off[nl - pk.zone_labels] == pk.z->name.len &&
	    same_octets(wire + off[nl - pk.zone_labels], pk.zone,
	    pk.z->name.len, false)) {
		/* below the zone, written first: it and its suffixes are known */
		node[nl - pk.zone_labels] = pk.zone_node;
		known = kept_from = nl - pk.zone_labels;
	}
	for (; known > 0; known--) {
		const unsigned char *label = wire + off[known - 1];

		missing = cnode_hash(node[known], label);
		node[known - 1] = cnode_find(node[known], label, missing);
		if (node[known - 1] == 0)
			break;
	}
	for (unsigned m = 0; m < NMODELS; m++) {
		size_t found = nl, from, to;	/* labels, from the first */
		int step;

		if (!(models & 1u << m))
			continue;
		if (m == BIND920) {
			found = kept_from;
			while (found > known &&
			    (pk.nodes[node[found - 1]].kept & 1u << m))
				found--;
			/* the rest, the shortest suffix first */
			from = found - 1, to = (size_t)-1, step = -1;
		} else {
			if (compress && known == 0 &&
			    (pk.nodes[node[0]].kept & 1u << m))
				found = 0;
			else if (compress && nl >= 2 && known <= 1 &&
			    (pk.nodes[node[1]].kept & 1u << m))
				found = 1;
			/* what it wrote out, at most the name and its parent */
			from = 0, to = found < 2 ? found : 2, step = 1;
		}
		cost[m] = compress && found < nl ? off[found] + POINTER_SIZE : len;
		for (size_t l = from; l != to; l += step) {
			if (pos[m] + off[l] >= POINTER_REACH ||
			    (m == BIND920 && pk.kept920 >= BIND920_KEPT_MAX))
				break;
			for (; known > l; known--, missing = 0) {
				const unsigned char *label = wire + off[known - 1];

				node[known - 1] = cnode_add(node[known], label,
				    missing ? missing : cnode_hash(node[known], label));
			}
			pk.nodes[node[l]].kept |= 1u << m;
			pk.kept920 += m == BIND920;
		}
	}
	/* a cost of a pointer alone is the name's own: 9.20 knew its parent */
	hint->rest920_set = nl >= 2 && (models & 1u << BIND920) && compress &&
	    cost[BIND920] != POINTER_SIZE && !name_kept_at(BIND920, pos[BIND920]);
	if (hint->rest920_set)
		hint->rest920 = cost[BIND920] - off[1];
	hint->set = nl >= 2 && (known <= 1 || (name_frozen(pos) &&
	    (hint->rest920_set || !(models & 1u << BIND920))));
	if (hint->set) {
		hint->node = known <= 1 ? node[1] : 0;
		hint->parent = wire + off[1];
		hint->len = len - off[1];
	}
}

/*
 * The trie as it is after the block's changes before change i: the
 * zone, then each change again.
 */
static void
pack_build(size_t i)
{
	size_t at[NMODELS], cost[NMODELS], off[NAME_LABELS_MAX];

	if (pk.nodes == NULL) {
		pk.nodes_size = 1024;
		pk.nodes = xrealloc(NULL, pk.nodes_size * sizeof(*pk.nodes));
		pk.nslots = 2048;
		pk.slots = xrealloc(NULL, pk.nslots * sizeof(*pk.slots));
		memset(pk.slots, 0, pk.nslots * sizeof(*pk.slots));
	}
	pk.nnodes = 1;		/* the root; every slot is stale */
	pk.nodes[0].kept = 0;
	pk.built = true;
	memset(pk.hints, 0, sizeof(pk.hints));
	if (pk.z->text != NULL) {
		pk.kept920 = 0;
		for (unsigned m = 0; m < NMODELS; m++)
			at[m] = HEADER_SIZE;
		memcpy(pk.zone, pk.z->name.wire, pk.z->name.len);
		pk.zone_node = 0;
		name_cost(pk.zone, pk.z->name.len, at, true, 0, cost);
		pk.zone_labels = 0;
		for (size_t k = 0; pk.zone[k] != 0; k += 1 + pk.zone[k])
			off[pk.zone_labels++] = k;
		for (size_t l = pk.zone_labels; l > 0; l--)
			pk.zone_node = cnode_find(pk.zone_node, pk.zone + off[l - 1],
			    cnode_hash(pk.zone_node, pk.zone + off[l - 1]));
	} else {
		/* a zone nsupdate finds: its labels take room in 9.20's set */
		pk.kept920 = NAME_LABELS_MAX - 1;
		pk.zone_node = 0;
	}
	for (unsigned m = 0; m < NMODELS; m++)
		pk.size[m] = zone_base(pk.z);
	for (size_t k = pk.first; k < i; k++)
		pack_change(k);
}

/* Change i joins the block: its octets under each model */
static void
pack_change(size_t i)
{
	const struct change *c = &grp.changes[i];
	const unsigned char *name = CHANGE_OWNER(c);
	size_t cost[NMODELS], at[NMODELS], start[NMODELS];

	if (!pk.built)
		pack_build(i);
	if (c->under_zone && c->owner_len == 1u + name[0] + pk.z->name.len) {
		/* a label under the zone, which every model remembers */
		struct name_hint *hint = &pk.hints[0];

		hint->set = true;
		hint->node = pk.zone_node;
		hint->rest920_set = false;
		hint->parent = name + 1 + name[0];
		hint->len = pk.z->name.len;
		name_cost_below(name, c->owner_len, pk.size, true, hint, cost);
	} else
		name_cost(name, c->owner_len, pk.size, true, 0, cost);
	for (unsigned m = 0; m < NMODELS; m++) {
		start[m] = pk.size[m] + cost[m];
		at[m] = start[m] + RR_FIXED;
	}
	name += c->owner_len;
	for (unsigned n = 0; n < c->names; n++) {
		size_t gap = name[0] << 8 | name[1], len;

		name += 2;
		for (len = 0; name[len] != 0; len += 1 + name[len])
			;
		len++;
		for (unsigned m = 0; m < NMODELS; m++)
			at[m] += gap;
		name_cost(name, len, at, c->compress, 1 + n, cost);
		for (unsigned m = 0; m < NMODELS; m++) {
			at[m] += cost[m];
			start[m] += cost[m] - len;
		}
		name += len;
	}
	for (unsigned m = 0; m < NMODELS; m++)
		pk.size[m] = start[m] + c->rest;
}

/*
 * Changes from..to join the block: whether it still fits.  Till it
 * may not, the sum of their bounds will do: it fits if that does.
 * With -v the size written is exact.
 */
static bool
pack_changes(size_t from, size_t to)
{
	size_t k = from, cap = budget - tsig_reserve;

	if (!pk.built && !verbose)
		for (; k < to && pk.bound + change_bound(&grp.changes[k]) <= cap; k++)
			pk.bound += change_bound(&grp.changes[k]);
	for (; k < to; k++)
		pack_change(k);
	return pack_size() <= cap;
}

/*
 * Pack one zone's changes into blocks, greedily: a name's changes go
 * into the current block if they fit, else into the next.  Only a
 * name whose changes alone exceed a message is split, with a warning.
 */
static void
zone_write(const struct zone *z, size_t from, size_t to)
{
	size_t start = from, i = from, end, size;

	pack_start(z, from);
	/* prerequisites: all in the first block; their size was checked */
	for (; i < to && grp.changes[i].prereq; i++)
		;
	pack_changes(from, i);
	for (; i < to; i = end) {
		for (end = i; end < to && grp.changes[end].txn == grp.changes[i].txn &&
		    grp.changes[end].owner_ord == grp.changes[i].owner_ord; end++)
			;
		size = pack_size();
		if (pack_changes(i, end))
			continue;
		if (i > start) {
			block_write(z, start, i, size);
			start = i;
			pack_start(z, i);
			if (pack_changes(i, end))
				continue;
		}
		warn_at(grp.commits[grp.changes[i].txn].first_line +
		    grp.changes[i].line, "the %zu changes to %s need %zu "
		    "octets, more than one message: they are split across messages",
		    end - i, name_display(CHANGE_OWNER(&grp.changes[i])),
		    pack_size() - zone_base(z));
		pack_start(z, i);
		for (size_t k = i; k < end; k++) {
			size = pack_size();
			if (!pack_changes(k, k + 1) && k > start) {
				block_write(z, start, k, size);
				start = k;
				pack_start(z, k);
				pack_changes(k, k + 1);
			}
		}
	}
	block_write(z, start, to, pack_size());
}

static void
block_write(const struct zone *z, size_t from, size_t to, size_t size)
{
	/*
	 * Every line but nxdomain and yxdomain says its class; for those
	 * nsupdate takes its default class, which is otherwise left at IN.
	 */
	if (z->class != CLASS_IN) {
		out_write("class ", 6);
		out_write(class_name(z->class), strlen(class_name(z->class)));
		out_write("\n", 1);
	}
	if (z->text != NULL) {
		out_write("zone ", 5);
		out_write(z->text, strlen(z->text));
		out_write("\n", 1);
		wrote_zone = true;
	}
	for (size_t i = from; i < to; i++)
		out_write(grp.changes[i].text, grp.changes[i].textlen + 1);
	if (verbose) {
		char comment[80];

		out_write(comment, snprintf(comment, sizeof(comment),
		    "; %zu records, %zu octets%s\n", to - from, size,
		    tsig_reserve ? " and TSIG" : ""));
	}
	out_write("send\n", 5);
	if (z->class != CLASS_IN)
		out_write("class IN\n", 9);
}

/*
 * -O: a server may apply a message's updates in any order (PowerDNS
 * applies deletes first, then CNAME adds, then other adds; RFC 2136 wants
 * them in order), so cut the zone's changes into runs in which no two
 * updates at one name give a different result in another order, and
 * pack each run into blocks as ever.  A run ends before the change that
 * would conflict with one before it in the run: at the start of that
 * change's transaction when the transaction began within the run and
 * the change does not conflict with the transaction's own changes
 * before it, so that it stays whole, else at the change itself.
 */
static void
order_write(const struct zone *z, size_t from, size_t to)
{
	size_t start = from;

	order_reset();
	for (size_t k = from; k < to; k++) {
		size_t first, i;

		if (order_take(z, k))
			continue;
		for (first = k; first > start &&
		    grp.changes[first - 1].txn == grp.changes[k].txn; first--)
			;
		/* the transaction's changes alone, up to k; conflicts only grow */
		order_reset();
		for (i = first; first > start && i <= k && order_take(z, i); i++)
			;
		if (first == start || i <= k) {
			first = k;
			order_reset();
			order_take(z, k);
		}
		zone_write(z, start, first);
		start = first;
	}
	zone_write(z, start, to);
}

/* -O's state, for the run from the last order_reset */
static struct table order_names, order_types, order_deleted;
static struct name_effects *name_effects;
static struct type_effects *type_effects;
static size_t name_effects_n, name_effects_size, type_effects_n, type_effects_size;

static void
order_reset(void)
{
	table_clear(&order_names);
	table_clear(&order_types);
	table_clear(&order_deleted);
	name_effects_n = type_effects_n = 0;
}

/*
 * Take change k into the run, unless it would conflict with an update
 * taken already: then return false, the run left as it was.  Updates
 * a, then b, at one name conflict when b first could leave something
 * else.  Two deletes never do, but at the apex, where the last NS
 * record is never deleted.  Updates of different types do only when
 * one is a CNAME, which excludes other data, and one of them adds.  Of
 * one type: an add after a delete of the RRset or the name, or of the
 * same record (any record of the apex NS); any delete after an add;
 * two adds with different TTLs (the RRset's TTL is the last one's), or
 * of a type one to a name with different RDATA (the last replaces).
 */
static bool
order_take(const struct zone *z, size_t k)
{
	static const unsigned long singletons[] = { TYPE_CNAME, TYPE_SOA, TYPE_DNAME };
	const struct change *c = &grp.changes[k];
	const unsigned char *owner = CHANGE_OWNER(c);
	struct name_effects *n;
	struct type_effects *t = NULL;
	struct effect e, first;
	struct slot *s, *deleted = NULL;
	bool apex, conflict, singleton = false;

	if (c->prereq)
		return true;
	effect_read(c, &e);
	apex = z->text == NULL || (c->owner_len == z->name.len &&
	    same_octets(owner, z->name.wire, c->owner_len, true));
	s = table_find(&order_names, 0, owner, c->owner_len, true);
	if (s->value == 0) {
		if (name_effects_n == name_effects_size) {
			name_effects_size = name_effects_size ? 2 * name_effects_size : 64;
			name_effects = xrealloc(name_effects,
			    name_effects_size * sizeof(*name_effects));
		}
		memset(&name_effects[name_effects_n], 0, sizeof(*name_effects));
		s->value = ++name_effects_n;
	}
	n = &name_effects[s->value - 1];
	if (e.type != TYPE_ANY) {
		s = table_find(&order_types, e.type, owner, c->owner_len, true);
		if (s->value == 0) {
			if (type_effects_n == type_effects_size) {
				type_effects_size = type_effects_size ?
				    2 * type_effects_size : 64;
				type_effects = xrealloc(type_effects,
				    type_effects_size * sizeof(*type_effects));
			}
			memset(&type_effects[type_effects_n], 0, sizeof(*type_effects));
			s->value = ++type_effects_n;
		}
		t = &type_effects[s->value - 1];
	}
	/* a deleted record by type and RDATA hashed: a collision only cuts */
	if (e.rdata != NULL)
		deleted = table_find(&order_deleted,
		    (unsigned long)rdata_hash(&e) << 16 ^ e.type, owner,
		    c->owner_len, !e.add);
	for (size_t i = 0; i < sizeof(singletons) / sizeof(singletons[0]); i++)
		singleton |= e.type == singletons[i];

	if (e.add) {
		conflict = n->any_delete || t->deleted_set ||
		    (apex && e.type == TYPE_NS && t->deleted) ||
		    (deleted != NULL && deleted->value != 0) ||
		    (e.type == TYPE_CNAME ? n->other_change : n->cname_change);
		if (!conflict && t->added) {
			effect_read(&grp.changes[t->first_add], &first);
			conflict = t->ttl != e.ttl ||
			    (singleton && !same_rdata(&first, &e));
		}
	} else if (t == NULL) {
		conflict = n->any_add;
	} else {
		conflict = t->added || (apex && e.type == TYPE_NS && t->deleted) ||
		    (e.type == TYPE_CNAME ? n->other_add : n->cname_add);
	}
	if (conflict)
		return false;

	if (e.add) {
		n->any_add = true;
		if (!t->added) {
			t->added = true;
			t->ttl = e.ttl;
			t->first_add = k;
		}
	} else if (t == NULL) {
		n->any_delete = true;
	} else {
		t->deleted = true;
		t->deleted_set |= e.rdata == NULL;
		if (deleted != NULL)
			deleted->value = 1;
	}
	if (t != NULL && e.type == TYPE_CNAME) {
		n->cname_add |= e.add;
		n->cname_change = true;
	} else if (t != NULL) {
		n->other_add |= e.add;
		n->other_change = true;
	}
	return true;
}

/* An update line as txsplit wrote it, read back for -O */
static void
effect_read(const struct change *c, struct effect *e)
{
	struct token w;
	size_t pos = 0;

	next_word(c->text, c->textlen, &pos, &w);	/* update */
	next_word(c->text, c->textlen, &pos, &w);	/* add or delete */
	e->add = word_is(&w, "add");
	next_word(c->text, c->textlen, &pos, &w);	/* owner */
	e->ttl = 0;
	if (e->add) {
		next_word(c->text, c->textlen, &pos, &w);
		parse_decimal(w.start, w.len, TTL_MAX, &e->ttl);
	}
	next_word(c->text, c->textlen, &pos, &w);	/* class */
	if (!next_word(c->text, c->textlen, &pos, &w) || !type_number(&w, &e->type))
		e->type = TYPE_ANY;
	while (pos < c->textlen && blank_octet(c->text[pos]))
		pos++;
	e->rdata = pos < c->textlen ? c->text + pos : NULL;
	e->rdata_len = c->textlen - pos;
}

/*
 * Whether two RDATA may be the same record.  They are compared as
 * text, blanks, quotes and a dot ending a word left out and ASCII case
 * folded: so one record written two ways by those (a name with and
 * without its final dot, base64 in pieces) is the same, and records
 * that differ only so are taken for the same, which errs on the side
 * of a cut.
 */
static bool
same_rdata(const struct effect *a, const struct effect *b)
{
	size_t i = 0, k = 0;
	int x, y;

	do {
		x = rdata_octet(a->rdata, a->rdata_len, &i);
		y = rdata_octet(b->rdata, b->rdata_len, &k);
	} while (x == y && x != -1);
	return x == y;
}

/* A hash of the RDATA as same_rdata compares it (FNV-1a) */
static uint32_t
rdata_hash(const struct effect *e)
{
	uint32_t h = 2166136261U;
	size_t i = 0;
	int x;

	while ((x = rdata_octet(e->rdata, e->rdata_len, &i)) != -1)
		h = (h ^ (uint32_t)x) * 16777619U;
	return h;
}

/* The next octet of RDATA text as same_rdata and rdata_hash see it; -1 at the end */
static int
rdata_octet(const char *s, size_t len, size_t *i)
{
	while (*i < len) {
		unsigned char c = s[(*i)++];

		if (blank_octet(c) || c == '"')
			continue;
		if (c == '.' && (*i == len || blank_octet(s[*i]) || s[*i] == '"'))
			continue;
		return ascii_lower(c);
	}
	return -1;
}

/* ==== Main ==== */

static size_t
size_option(const char *arg, size_t min, size_t max, char opt)
{
	unsigned long v;

	if (!parse_decimal(arg, strlen(arg), max, &v) || v < min)
		die("-%c %s: want a number of octets from %zu to %zu", opt, arg,
		    min, max);
	return v;
}

/* -z: zones one per line; blank lines and ; or # comments are ignored */
static void
read_zonefile(const char *name)
{
	static struct input in;	/* static: still reachable at exit(), not leaked */
	char *line;
	size_t len;

	if (!input_open(&in, name))
		die("%s: %s", name, strerror(errno));
	current = &in;
	zonefile_name = in.name;
	while ((line = input_line(&in, &len)) != NULL) {
		struct token w[2];
		struct dname zone;
		struct listed_zone *lz;
		struct slot *s;

		if (split_words(line, len, w, 2) == 0 || w[0].start[0] == ';' ||
		    w[0].start[0] == '#')
			continue;
		if (split_words(line, len, w, 2) > 1)
			bad("one zone per line, please");
		parse_name(&w[0], &zone, "zone");
		s = table_find(&zonefile, 0, zone.wire, zone.len, true);
		if (s->value != 0)
			bad("zone %.*s is listed twice", (int)w[0].len, w[0].start);
		lz = xrealloc(NULL, sizeof(*lz));
		lz->text = xstrndup(w[0].start, w[0].len);
		lz->name = zone;
		s->key = memcpy(xrealloc(NULL, zone.len), zone.wire, zone.len);
		s->value = (uintptr_t)lz;
	}
	if (in.fd != STDIN_FILENO)
		close(in.fd);
	free(in.buf);
	in.buf = NULL;
}

int
main(int argc, char *argv[])
{
	static struct input in;	/* static: still reachable at exit(), not leaked */
	int opt;
	size_t k;

	while ((opt = getopt(argc, argv, "a:b:C:hmOt:vVz:")) != -1)
		switch (opt) {
		case 'a':
			if (!parse_lsn(optarg, strlen(optarg), &after_lsn))
				die("-a %s: want an lsn like 16/B374D848", optarg);
			after_set = true;
			break;
		case 'b': budget = size_option(optarg, MIN_ROOM, 65535, 'b'); break;
		case 'C':
			for (k = 0; k < sizeof(compressions) / sizeof(compressions[0]) &&
			    strcmp(optarg, compressions[k].word) != 0; k++)
				;
			if (k == sizeof(compressions) / sizeof(compressions[0]))
				die("-C %s: want 9.18, 9.20 or both", optarg);
			models = compressions[k].models;
			break;
		case 'h': usage(stdout, 0);
		case 'm': merge = true; break;
		case 'O': order_free = true; break;
		case 't': tsig_reserve = size_option(optarg, 0, 65535, 't'); break;
		case 'v': verbose = true; break;
		case 'V': printf("txsplit %s\n", VERSION); return 0;
		case 'z': read_zonefile(optarg); break;
		default: usage(stderr, 2);
		}
	if (tsig_reserve + MIN_ROOM > budget)
		die("-b %zu less -t %zu leaves no room for a record: with -t %zu, "
		    "-b must be at least %zu", budget, tsig_reserve, tsig_reserve,
		    tsig_reserve + MIN_ROOM);
	argc -= optind;
	argv += optind;
	st.script.class = CLASS_IN;
	setvbuf(stdout, NULL, _IONBF, 0);
	for (int i = 0; i < (argc == 0 ? 1 : argc); i++) {
		const char *name = argc == 0 ? "-" : argv[i];

		if (!input_open(&in, name))
			die("%s: %s", name, strerror(errno));
		read_stream(&in);
		if (in.fd != STDIN_FILENO)
			close(in.fd);
	}
	return 0;
}
