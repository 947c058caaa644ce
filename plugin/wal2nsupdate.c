/*-------------------------------------------------------------------------
 *
 * wal2nsupdate.c
 *		  logical decoding output plugin that writes committed changes of
 *		  DNS record tables as nsupdate commands
 *
 * Each committed transaction that changes records becomes
 *
 *		BEGIN xid
 *		zone Z								(when the zone changes)
 *		update delete OWNER CLASS TYPE RDATA
 *		update add OWNER TTL CLASS TYPE RDATA
 *		COMMIT xid end-lsn commit-time
 *
 * one line per OutputPluginWrite (with option batch-writes, the lines of a
 * change per write, the COMMIT line with the last), for txsplit to frame
 * and pass to nsupdate.  wal2nsupdate.h holds what pg2dns reads of it.
 * Every value is checked before it is written, since nsupdate also accepts
 * commands such as "server", "key" and "send": a value that could change
 * the meaning of a line stops decoding with an ERROR instead, or with
 * option bad-rows=skip leaves its row out with a WARNING.
 *
 * The structure follows contrib/test_decoding.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <arpa/inet.h>
#include <limits.h>

#include "access/genam.h"
#include "access/heapam.h"
#include "access/htup_details.h"
#include "access/sysattr.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/partition.h"
#include "catalog/pg_inherits.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "commands/defrem.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "mb/pg_wchar.h"
#include "nodes/bitmapset.h"
#include "nodes/makefuncs.h"
#include "replication/logical.h"
#include "replication/output_plugin.h"
#include "replication/slot.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/catcache.h"
#include "utils/datum.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/regproc.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"

#include "wal2nsupdate.h"

/*
 * Built and tested against PostgreSQL 15, 17 and 18 (Debian 12, 13 and
 * testing); where the interfaces it uses changed in 16, 17 and 18, the
 * guards below follow the new ones.  Before 15 the commit time and the
 * progress callback had other forms.
 */
#if PG_VERSION_NUM < 150000
#error "wal2nsupdate needs PostgreSQL 15 or later"
#endif

/* 18 lets a module name itself, for pg_get_loaded_modules() */
#if PG_VERSION_NUM >= 180000
PG_MODULE_MAGIC_EXT(.name = "wal2nsupdate");
#else
PG_MODULE_MAGIC;
#endif

/*
 * A change's rows: a HeapTuple from 17 on, before that the HeapTupleData
 * inside a ReorderBufferTupleBuf.
 */
#if PG_VERSION_NUM >= 170000
#define CHANGE_TUPLE(t) (t)
#else
#define CHANGE_TUPLE(t) ((t) != NULL ? &(t)->tuple : NULL)
#endif

/*
 * 16 gave stringToQualifiedNameList() an error context; NULL keeps a bad
 * name an ERROR.
 */
#if PG_VERSION_NUM >= 160000
#define QUALIFIED_NAME_LIST(s) stringToQualifiedNameList((s), NULL)
#else
#define QUALIFIED_NAME_LIST(s) stringToQualifiedNameList(s)
#endif

/*
 * 18 asks whether a deferrable primary key will do; before, any did.  A
 * parent row is looked up in committed data, where even a deferrable
 * key is unique.
 */
#if PG_VERSION_NUM >= 180000
#define PRIMARY_KEY_INDEX(rel) RelationGetPrimaryKeyIndex((rel), true)
#else
#define PRIMARY_KEY_INDEX(rel) RelationGetPrimaryKeyIndex(rel)
#endif

/* ASCII only, whatever the locale */
#define IS_DIGIT(c) ((c) >= '0' && (c) <= '9')
#define IS_ALPHA(c) (((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z'))
#define IS_ALNUM(c) (IS_DIGIT(c) || IS_ALPHA(c))

/*
 * A record's line is measured as "update add" with the widest TTL
 * (2147483647), which is at least as long as its "update delete" and
 * its "update add" at any TTL: so a record that fits can always be
 * added, changed to any TTL and deleted.  plugin/schema.sql measures the
 * same (dns.update_line_length).
 */
#define WIDEST_TTL_DIGITS 10

/* The columns of a record table, by role. */
typedef enum RecordColumn
{
	COL_OWNER,
	COL_TYPE,
	COL_RDATA,
	COL_ZONE,					/* optional from here on */
	COL_TTL,
	COL_CLASS,
	COL_PRIO,
	COL_DEFAULT_TTL,			/* the TTL where the ttl column is NULL */
	NUM_RECORD_COLUMNS
} RecordColumn;

#define NUM_REQUIRED_COLUMNS (COL_RDATA + 1)

static const char *const column_option[NUM_RECORD_COLUMNS] = {
	"owner-column", "type-column", "rdata-column",
	"zone-column", "ttl-column", "class-column", "prio-column",
	"default-ttl-column"
};

/* what each column holds, for messages */
static const char *const column_role[NUM_RECORD_COLUMNS] = {
	"owner", "type", "rdata", "zone", "ttl", "class", "prio", "default ttl"
};

/* NULL: off unless the option names a column */
static const char *const column_default[NUM_RECORD_COLUMNS] = {
	"owner", "type", "rdata", "zone", "ttl", "class", NULL, NULL
};

/* integer columns; the others are of a text type */
#define COLUMN_IS_INTEGER(col) \
	((col) == COL_TTL || (col) == COL_PRIO || (col) == COL_DEFAULT_TTL)

/* a delete does not need the TTL: the identity need not hold them */
#define COLUMN_IS_TTL(col) ((col) == COL_TTL || (col) == COL_DEFAULT_TTL)

/* row-filter conditions a table may have */
#define MAX_ROW_CONDITIONS 8

/* How a type writes a value: looked up once per column of a table. */
typedef struct ValueOutput
{
	Oid			typoutput;
	bool		typisvarlena;
	bool		trim_blanks;	/* character(n) */
} ValueOutput;

/* A schema-qualified table name from the "tables" option. */
typedef struct TableName
{
	char	   *schemaname;
	char	   *relname;
} TableName;

/*
 * A value of a row, given as a column of the record table or, after
 * "->", found in a parent table through that column:
 * "domain_id->public.domains.name" is the name of the row of
 * public.domains whose primary key is the record's domain_id, as of the
 * decoded change.  Each hop after the first follows the column read at
 * the hop before ("recordset_id->s.recordsets.zone_id->s.zones.name").
 */
typedef struct ParentHop
{
	TableName	table;
	char	   *column;			/* read in that table's row */
	Oid			relid;			/* resolved when decoding starts */
} ParentHop;

typedef struct ColumnPath
{
	char	   *column;			/* of the record table */
	List	   *hops;			/* of ParentHop; NIL: the column itself */
} ColumnPath;

/*
 * "path=value" or "path!=value" of option row-filter: a row is a record
 * only if it holds
 */
typedef struct RowCondition
{
	ColumnPath	path;
	char	   *value;			/* as the column's type reads it */
	bool		unequal;		/* "!=" */
} RowCondition;

typedef struct
{
	MemoryContext context;		/* reset after every change */
	ColumnPath	colpath[NUM_RECORD_COLUMNS];	/* column NULL: off */
	List	   *tables;			/* of TableName, as the option names them */
	List	   *table_oids;		/* the same tables, resolved at startup */
	List	   *row_filter;		/* of RowCondition, all of which must hold */
	List	   *exclude_types;	/* of char *: left out without a word */
	List	   *prio_types;		/* of char *: RDATA is prio, blank, rdata */
	bool		skip_bad_rows;	/* option bad-rows=skip */
	bool		relative_names; /* names below the zone, "@" the zone */
	int32		default_ttl;
	bool		include_xids;
	bool		include_lsn;
	bool		include_timestamp;
	bool		skip_by_pg2dns; /* option skip-hint=pg2dns */
	bool		batch_writes;
} Wal2NsupdateData;

/* Per transaction: BEGIN is written before the first record line only. */
typedef struct
{
	bool		wrote_begin;
	char	   *zone;			/* of the last "zone" line, in ctx->context */
	StringInfo	pending;		/* batch-writes: lines not yet written */
} Wal2NsupdateTxnData;

/*
 * A hop of a path that reads a parent table: the parent's column it
 * reads, and the way to the parent's key (the record column and the
 * hops before it).
 */
typedef struct ParentRead
{
	const char *column;
	ColumnPath	link;
} ParentRead;

/*
 * What we know about one relation, by OID.  Finding the columns by name
 * means a scan of the tuple descriptor, and the replica identity check
 * opens the identity index, so both are done once per relation and kept
 * until a relcache invalidation for the relation (ALTER TABLE, REPLICA
 * IDENTITY, ...) marks the entry invalid.
 */
typedef struct RecordTableEntry
{
	Oid			relid;			/* hash key */
	bool		valid;
	bool		is_record_table;
	List	   *parent_reads;	/* of ParentRead: the hops that read it */
	bool		old_row_logged; /* identity covers what a delete needs */
	char		replident;		/* pg_class.relreplident */
	AttrNumber	attnum[NUM_RECORD_COLUMNS]; /* InvalidAttrNumber: none */
	ValueOutput output[NUM_RECORD_COLUMNS];
	AttrNumber	filter_attnum[MAX_ROW_CONDITIONS];	/* of row_filter */
} RecordTableEntry;

static HTAB *RecordTableCache = NULL;
static bool relcache_callback_registered = false;

/* One record, checked and ready to write. */
typedef struct DnsRecord
{
	char	   *owner;			/* absolute, with trailing dot */
	char	   *zone;			/* absolute, with trailing dot; NULL: none */
	char	   *class;
	char	   *type;
	char	   *rdata;
	int64		ttl;
	bool		ttl_known;		/* the row's own, or the default for NULL */
} DnsRecord;

/* The row a record comes from, for error messages. */
typedef struct RowSource
{
	Relation	rel;
	RecordTableEntry *entry;
	HeapTuple	tuple;
	HeapTuple	oldtuple;		/* for unchanged TOAST values, or NULL */
	const char *label;			/* "inserted row", "old row", ... */
	bool		is_old;			/* the row before the change */
	bool		quiet;			/* no WARNING for a row left out */
	Snapshot	parents;		/* parents as of it; NULL: as of the change */
	bool		stored;			/* read from its table, not from a change */
	const char *missing_parent; /* why a parent's value is missing, or NULL */
	char	   *missing_key;	/* the key that found no parent row */
	int			missing_col;	/* the column that led to it */
} RowSource;

extern PGDLLEXPORT void _PG_init(void);
extern PGDLLEXPORT void _PG_output_plugin_init(OutputPluginCallbacks *cb);

PG_FUNCTION_INFO_V1(wal2nsupdate_records);
PG_FUNCTION_INFO_V1(wal2nsupdate_prerequisites);

static void pg_decode_startup(LogicalDecodingContext *ctx,
							  OutputPluginOptions *opt, bool is_init);
static void pg_decode_shutdown(LogicalDecodingContext *ctx);
static void pg_decode_begin_txn(LogicalDecodingContext *ctx,
								ReorderBufferTXN *txn);
static void pg_decode_commit_txn(LogicalDecodingContext *ctx,
								 ReorderBufferTXN *txn, XLogRecPtr commit_lsn);
static void pg_decode_change(LogicalDecodingContext *ctx,
							 ReorderBufferTXN *txn, Relation relation,
							 ReorderBufferChange *change);
static void pg_decode_truncate(LogicalDecodingContext *ctx,
							   ReorderBufferTXN *txn,
							   int nrelations, Relation relations[],
							   ReorderBufferChange *change);
static StringInfo start_line(LogicalDecodingContext *ctx,
							 ReorderBufferTXN *txn, bool last_write);
static void end_line(LogicalDecodingContext *ctx, bool last_write);
static void write_pending(LogicalDecodingContext *ctx, ReorderBufferTXN *txn,
						  bool last_write);

void
_PG_init(void)
{
	/* nothing to do */
}

/* specify output plugin callbacks */
void
_PG_output_plugin_init(OutputPluginCallbacks *cb)
{
	cb->startup_cb = pg_decode_startup;
	cb->begin_cb = pg_decode_begin_txn;
	cb->change_cb = pg_decode_change;
	cb->truncate_cb = pg_decode_truncate;
	cb->commit_cb = pg_decode_commit_txn;
	cb->shutdown_cb = pg_decode_shutdown;

	/*
	 * No streaming and no two-phase callbacks: a transaction is decoded
	 * only once it has committed, so rolled-back work never appears.
	 */
}

/*
 * Relation cache
 */

static void
record_table_invalidate(Datum arg, Oid relid)
{
	RecordTableEntry *entry;

	if (RecordTableCache == NULL)
		return;

	if (OidIsValid(relid))
	{
		entry = hash_search(RecordTableCache, &relid, HASH_FIND, NULL);
		if (entry != NULL)
			entry->valid = false;
	}
	else
	{
		HASH_SEQ_STATUS status;

		hash_seq_init(&status, RecordTableCache);
		while ((entry = hash_seq_search(&status)) != NULL)
			entry->valid = false;
	}
}

/*
 * Start with an empty cache: the entries depend on the options, which may
 * differ from one decoding session to the next in the same backend (and an
 * ERROR skips the shutdown callback).
 */
static void
init_record_table_cache(void)
{
	HASHCTL		ctl;

	if (RecordTableCache != NULL)
	{
		hash_destroy(RecordTableCache);
		RecordTableCache = NULL;
	}

	if (CacheMemoryContext == NULL)
		CreateCacheMemoryContext();

	ctl.keysize = sizeof(Oid);
	ctl.entrysize = sizeof(RecordTableEntry);
	ctl.hcxt = CacheMemoryContext;
	RecordTableCache = hash_create("wal2nsupdate record tables", 64, &ctl,
								   HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);

	/* callbacks cannot be unregistered: register once per backend */
	if (!relcache_callback_registered)
	{
		CacheRegisterRelcacheCallback(record_table_invalidate, (Datum) 0);
		relcache_callback_registered = true;
	}
}

static char *
relation_display_name(Relation rel)
{
	return psprintf("%s.%s",
					get_namespace_name(RelationGetNamespace(rel)),
					RelationGetRelationName(rel));
}

static char *
relation_quoted_name(Relation rel)
{
	return quote_qualified_identifier(get_namespace_name(RelationGetNamespace(rel)),
									  RelationGetRelationName(rel));
}

/* Is the column's type (or a domain's base type) string-like or an enum? */
static bool
type_is_textual(Oid typid)
{
	Oid			basetype = getBaseType(typid);
	char		category;
	bool		preferred;

	get_type_category_preferred(basetype, &category, &preferred);
	return category == TYPCATEGORY_STRING || category == TYPCATEGORY_ENUM;
}

static void
value_output(Oid typid, ValueOutput *out)
{
	getTypeOutputInfo(typid, &out->typoutput, &out->typisvarlena);
	out->trim_blanks = (getBaseType(typid) == BPCHAROID);
}

static bool
type_is_integer(Oid typid)
{
	Oid			basetype = getBaseType(typid);

	return basetype == INT2OID || basetype == INT4OID || basetype == INT8OID;
}

/*
 * A table is listed by its OID, so that renaming it loses nothing; a
 * partition is listed when its partitioned table (or one above that) is.
 * The ancestors are read from the catalog as of the change, so partitions
 * attached after decoding started count too.
 */
static bool
table_is_listed(Wal2NsupdateData *data, Relation rel)
{
	ListCell   *lc;

	if (list_member_oid(data->table_oids, RelationGetRelid(rel)))
		return true;
	if (!rel->rd_rel->relispartition)
		return false;
	foreach(lc, get_partition_ancestors(RelationGetRelid(rel)))
	{
		if (list_member_oid(data->table_oids, lfirst_oid(lc)))
			return true;
	}
	return false;
}

/*
 * A change of a table that had the name of a listed one but not its OID:
 * one table was put in the place of another (dropped or renamed) while
 * changes were waiting to be decoded.  Decoding it, or passing over it,
 * might both be wrong.
 */
static void
check_not_replaced(Wal2NsupdateData *data, Relation rel)
{
	char	   *schemaname = get_namespace_name(RelationGetNamespace(rel));
	ListCell   *lc;

	foreach(lc, data->tables)
	{
		TableName  *t = lfirst(lc);

		if (strcmp(t->schemaname, schemaname) == 0 &&
			strcmp(t->relname, RelationGetRelationName(rel)) == 0)
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("table \"%s\" of this change is not the table that option \"tables\" names",
							relation_display_name(rel)),
					 errdetail("Option \"tables\" names the table that had the name when decoding started; this change is of another table, which had the name before."),
					 errhint("Decode with option \"tables\" naming the table of this change by its name now, or skip the transaction, and bring the DNS in line with the tables by hand (pg2dns verify).")));
	}
}

/* the paths of the options: the record columns' and the row filter's */
static List *
option_paths(Wal2NsupdateData *data)
{
	List	   *paths = NIL;
	ListCell   *lc;
	int			col;

	for (col = 0; col < NUM_RECORD_COLUMNS; col++)
		if (data->colpath[col].column != NULL)
			paths = lappend(paths, &data->colpath[col]);
	foreach(lc, data->row_filter)
		paths = lappend(paths, &((RowCondition *) lfirst(lc))->path);
	return paths;
}

/* the hops of the paths that read the table, as ParentRead */
static List *
parent_reads(Wal2NsupdateData *data, Oid relid)
{
	List	   *reads = NIL;
	ListCell   *lc;
	ListCell   *hc;

	foreach(lc, option_paths(data))
	{
		ColumnPath *path = lfirst(lc);
		int			k = 0;

		foreach(hc, path->hops)
		{
			ParentHop  *hop = lfirst(hc);

			if (hop->relid == relid)
			{
				ParentRead *read = palloc(sizeof(ParentRead));

				read->column = hop->column;
				read->link.column = path->column;
				read->link.hops = list_truncate(list_copy(path->hops), k);
				reads = lappend(reads, read);
			}
			k++;
		}
	}
	return reads;
}

static void
build_record_table_entry(Wal2NsupdateData *data, Relation rel,
						 RecordTableEntry *entry)
{
	TupleDesc	desc = RelationGetDescr(rel);
	bool		type_ok[NUM_RECORD_COLUMNS];
	ListCell   *lc;
	int			col;
	int			i;

	entry->is_record_table = false;
	entry->old_row_logged = false;
	entry->replident = rel->rd_rel->relreplident;
	for (col = 0; col < NUM_RECORD_COLUMNS; col++)
	{
		entry->attnum[col] = InvalidAttrNumber;
		type_ok[col] = false;
	}

	if (!table_is_listed(data, rel))
	{
		check_not_replaced(data, rel);
		entry->valid = true;
		return;
	}

	for (i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);

		if (att->attisdropped || att->attnum <= 0)
			continue;
		for (col = 0; col < NUM_RECORD_COLUMNS; col++)
		{
			if (data->colpath[col].column == NULL ||
				strcmp(NameStr(att->attname), data->colpath[col].column) != 0)
				continue;
			entry->attnum[col] = att->attnum;
			/* a key to a parent table: the parent's column is checked */
			if (data->colpath[col].hops != NIL)
				type_ok[col] = true;
			else
				type_ok[col] = COLUMN_IS_INTEGER(col) ?
					type_is_integer(att->atttypid) :
					type_is_textual(att->atttypid);
			value_output(att->atttypid, &entry->output[col]);
		}
	}

	i = 0;
	foreach(lc, data->row_filter)
	{
		RowCondition *cond = lfirst(lc);

		entry->filter_attnum[i] = get_attnum(RelationGetRelid(rel),
											 cond->path.column);
		if (entry->filter_attnum[i] == InvalidAttrNumber)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("table \"%s\" named in option \"tables\" has no column \"%s\"",
							relation_display_name(rel), cond->path.column),
					 errhint("Correct the plugin option \"row-filter\".")));
		i++;
	}

	/*
	 * A table named in "tables" must have owner, type and rdata columns of
	 * text types, and the optional columns it has must be of the right
	 * types.
	 */
	for (col = 0; col < NUM_RECORD_COLUMNS; col++)
	{
		AttrNumber	attnum = entry->attnum[col];
		Form_pg_attribute att;

		if (attnum == InvalidAttrNumber)
		{
			if (data->colpath[col].column == NULL)
				continue;
			/* an optional column is off where the table lacks its default */
			if (col < NUM_REQUIRED_COLUMNS || column_default[col] == NULL ||
				strcmp(data->colpath[col].column, column_default[col]) != 0)
				ereport(ERROR,
						(errcode(ERRCODE_UNDEFINED_COLUMN),
						 errmsg("table \"%s\" named in option \"tables\" has no column \"%s\"",
								relation_display_name(rel), data->colpath[col].column),
						 errhint("Name the column with the plugin option \"%s\".",
								 column_option[col])));
			continue;
		}
		if (type_ok[col])
			continue;
		att = TupleDescAttr(desc, attnum - 1);
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("column \"%s\" of record table \"%s\" has type %s",
						NameStr(att->attname), relation_display_name(rel),
						format_type_be(att->atttypid)),
				 errdetail("wal2nsupdate needs %s for the %s column.",
						   COLUMN_IS_INTEGER(col) ? "an integer type" : "a text type",
						   column_role[col]),
				 errhint("Name another column with the plugin option \"%s\".",
						 column_option[col])));
	}
	entry->is_record_table = true;

	/*
	 * A delete needs the old row's owner, class, type, rdata, zone and
	 * prio, and the columns of the row filter.  With REPLICA IDENTITY FULL
	 * the old row is logged whole; with an identity index (the primary key
	 * by default) only the index's columns are, and only when they change.
	 */
	if (entry->replident == REPLICA_IDENTITY_FULL)
		entry->old_row_logged = true;
	else if (entry->replident == REPLICA_IDENTITY_DEFAULT ||
			 entry->replident == REPLICA_IDENTITY_INDEX)
	{
		Bitmapset  *identity = RelationGetIdentityKeyBitmap(rel);

		entry->old_row_logged = (identity != NULL);
		for (col = 0; col < NUM_RECORD_COLUMNS; col++)
		{
			if (COLUMN_IS_TTL(col) || entry->attnum[col] == InvalidAttrNumber)
				continue;
			if (!bms_is_member(entry->attnum[col] - FirstLowInvalidHeapAttributeNumber,
							   identity))
				entry->old_row_logged = false;
		}
		for (i = 0; i < list_length(data->row_filter); i++)
			if (!bms_is_member(entry->filter_attnum[i] - FirstLowInvalidHeapAttributeNumber,
							   identity))
				entry->old_row_logged = false;
	}

	entry->valid = true;
}

static RecordTableEntry *
get_record_table_entry(Wal2NsupdateData *data, Relation rel)
{
	Oid			relid = RelationGetRelid(rel);
	RecordTableEntry *entry;
	bool		found;

	entry = hash_search(RecordTableCache, &relid, HASH_ENTER, &found);
	if (!found)
	{
		/* the options' hops do not change: kept as long as the options */
		MemoryContext old = MemoryContextSwitchTo(GetMemoryChunkContext(data));

		entry->parent_reads = parent_reads(data, relid);
		MemoryContextSwitchTo(old);
		entry->valid = false;
	}
	if (!entry->valid)
		build_record_table_entry(data, rel, entry);
	return entry;
}

/*
 * Options
 */

static bool
parse_bool_option(DefElem *elem)
{
	bool		result;

	/* if option does not provide a value, it means its value is true */
	if (elem->arg == NULL)
		return true;
	if (!parse_bool(strVal(elem->arg), &result))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("could not parse value \"%s\" for parameter \"%s\"",
						strVal(elem->arg), elem->defname)));
	return result;
}

/*
 * An option of two words, such as skip-hint ("advance", the
 * pg_replication_slot_advance call, or "pg2dns"): true for the second.
 */
static bool
parse_choice_option(DefElem *elem, const char *first, const char *second)
{
	const char *value = elem->arg ? strVal(elem->arg) : "";

	if (strcmp(value, second) == 0)
		return true;
	if (strcmp(value, first) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("option \"%s\" is \"%s\" or \"%s\", not \"%s\"",
						elem->defname, first, second, value)));
	return false;
}

/*
 * Parse "schema.table, schema2.table2": split at commas outside double
 * quotes, then each part as a qualified name (so quoting and case folding
 * follow SQL).
 */
static List *
parse_tables_option(const char *value)
{
	List	   *result = NIL;
	char	   *copy = pstrdup(value);
	char	   *start = copy;
	char	   *p;
	bool		inquote = false;

	for (p = copy;; p++)
	{
		if (*p == '"')
			inquote = !inquote;
		else if ((*p == ',' && !inquote) || *p == '\0')
		{
			bool		last = (*p == '\0');
			List	   *names;
			TableName  *t;

			*p = '\0';
			if (start[strspn(start, " \t\n\r\f\v")] == '\0')
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("empty table name in option \"tables\"")));
			names = QUALIFIED_NAME_LIST(start);
			if (list_length(names) != 2)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("invalid table name \"%s\" in option \"tables\"",
								start),
						 errhint("Name each table as schema.table.")));
			t = palloc(sizeof(TableName));
			t->schemaname = strVal(linitial(names));
			t->relname = strVal(lsecond(names));
			result = lappend(result, t);
			if (last)
				break;
			start = p + 1;
		}
	}
	return result;
}

static int32
parse_ttl_option(DefElem *elem)
{
	char	   *value = defGetString(elem);
	char	   *end;
	long		ttl;

	errno = 0;
	ttl = strtol(value, &end, 10);
	if (errno != 0 || end == value || *end != '\0' || ttl < 0 || ttl > PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid value for parameter \"%s\": \"%s\"",
						elem->defname, value),
				 errdetail("A TTL is an integer from 0 to 2147483647.")));
	return (int32) ttl;
}

/*
 * A table of an option by OID, as the catalog names it when decoding
 * starts: a table that is missing, or is not a table, stops decoding here
 * rather than being passed over.
 */
static Oid
resolve_table(TableName *t, const char *option)
{
	Oid			relid;
	char		relkind;

	relid = RangeVarGetRelid(makeRangeVar(t->schemaname, t->relname, -1),
							 AccessShareLock, true);
	if (!OidIsValid(relid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("table \"%s.%s\" named in option \"%s\" does not exist",
						t->schemaname, t->relname, option)));
	relkind = get_rel_relkind(relid);
	if (relkind != RELKIND_RELATION && relkind != RELKIND_PARTITIONED_TABLE)
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("\"%s.%s\" named in option \"%s\" is not a table",
						t->schemaname, t->relname, option)));
	return relid;
}

/*
 * An output plugin reads a table under the decoded transaction's
 * snapshot only if the table is a catalog for logical decoding: its
 * old row versions are kept for the slot and the command ids of its
 * changes are logged.  Any other table is read as it was when the slot
 * was created: the rows written since are not there.  Parent tables
 * are read so, and so are the record tables whose records take values
 * from them, when a parent row changes (republish_children).
 */
static void
check_catalog_table(Relation rel, bool parent)
{
	if (!RelationIsUsedAsCatalogTable(rel))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("%s table \"%s\" is not a user catalog table",
						parent ? "parent" : "record", relation_display_name(rel)),
				 errdetail("%s, which PostgreSQL allows only for tables with storage parameter user_catalog_table.",
						   parent ?
						   "wal2nsupdate reads a parent table as of the decoded change" :
						   "Its records take values from parent tables; when a parent row changes, wal2nsupdate republishes the records that lead to it, reading the record table as of the decoded change"),
				 errhint("Run ALTER TABLE %s SET (user_catalog_table = true).",
						 relation_quoted_name(rel))));
}

/* the tables that hold record rows: each record table, or its partitions */
static List *
leaf_record_tables(Wal2NsupdateData *data)
{
	List	   *leaves = NIL;
	ListCell   *lc;
	ListCell   *pc;

	foreach(lc, data->table_oids)
		foreach(pc, find_all_inheritors(lfirst_oid(lc), AccessShareLock, NULL))
			if (get_rel_relkind(lfirst_oid(pc)) == RELKIND_RELATION)
				leaves = lappend_oid(leaves, lfirst_oid(pc));
	return leaves;
}

/*
 * The record tables, and each partition of one, whose rows are read
 * when a parent changes: user catalog tables (uncataloged: as
 * resolve_path).
 */
static void
check_child_tables(Wal2NsupdateData *data, List **uncataloged)
{
	ListCell   *lc;
	bool		has_parents = false;

	foreach(lc, option_paths(data))
		has_parents |= ((ColumnPath *) lfirst(lc))->hops != NIL;
	if (!has_parents)
		return;
	foreach(lc, leaf_record_tables(data))
	{
		Relation	rel = table_open(lfirst_oid(lc), AccessShareLock);

		if (uncataloged != NULL && !RelationIsUsedAsCatalogTable(rel))
			*uncataloged = list_append_unique_oid(*uncataloged, lfirst_oid(lc));
		else
			check_catalog_table(rel, false);
		table_close(rel, AccessShareLock);
	}
}

/*
 * The parent tables of a path, resolved and checked; col, the record
 * column it gives (-1 for a row-filter condition), says what type the
 * last column must have.  A parent that is not a user catalog table is
 * an ERROR, or with uncataloged added to that list.
 */
static void
resolve_path(ColumnPath *path, int col, List **uncataloged)
{
	ListCell   *lc;

	foreach(lc, path->hops)
	{
		ParentHop  *hop = lfirst(lc);
		Relation	rel;
		AttrNumber	attnum;
		Oid			typid;

		hop->relid = resolve_table(&hop->table,
								   col >= 0 ? column_option[col] : "row-filter");
		rel = table_open(hop->relid, AccessShareLock);
		if (uncataloged != NULL && !RelationIsUsedAsCatalogTable(rel))
			*uncataloged = list_append_unique_oid(*uncataloged, hop->relid);
		else
			check_catalog_table(rel, true);
		attnum = get_attnum(hop->relid, hop->column);
		if (attnum == InvalidAttrNumber)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("parent table \"%s\" has no column \"%s\"",
							relation_display_name(rel), hop->column)));
		if (!OidIsValid(PRIMARY_KEY_INDEX(rel)))
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("parent table \"%s\" has no primary key",
							relation_display_name(rel)),
					 errdetail("A parent's row is found by its primary key.")));
		typid = get_atttype(hop->relid, attnum);
		if (col >= 0 && lnext(path->hops, lc) == NULL &&
			!(COLUMN_IS_INTEGER(col) ? type_is_integer(typid) : type_is_textual(typid)))
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("column \"%s\" of parent table \"%s\" has type %s",
							hop->column, relation_display_name(rel),
							format_type_be(typid)),
					 errdetail("wal2nsupdate needs %s for the %s column.",
							   COLUMN_IS_INTEGER(col) ? "an integer type" : "a text type",
							   column_role[col]),
					 errhint("Name another column with the plugin option \"%s\".",
							 column_option[col])));
		table_close(rel, AccessShareLock);
	}
}

/*
 * The tables of the options, resolved: "tables" and the parent tables
 * of column paths and row conditions (uncataloged: as resolve_path),
 * and for decoding (children) the record tables checked as
 * check_child_tables does.  A walsender starts decoding outside a
 * transaction; the catalog needs one.
 */
static void
resolve_tables(Wal2NsupdateData *data, List **uncataloged, bool children)
{
	MemoryContext context = CurrentMemoryContext;
	bool		own_transaction = !IsTransactionState();
	ListCell   *lc;
	int			col;

	if (data->tables == NIL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("option \"tables\" is required"),
				 errdetail("wal2nsupdate decodes only the record tables it is given, so that no other table reaches the DNS by accident."),
				 errhint("Name the record tables, for example with pg_recvlogical -o tables=dns.rr.")));
	if (own_transaction)
	{
		StartTransactionCommand();
		MemoryContextSwitchTo(context);
	}
	foreach(lc, data->tables)
		data->table_oids = list_append_unique_oid(data->table_oids,
												  resolve_table(lfirst(lc), "tables"));
	for (col = 0; col < NUM_RECORD_COLUMNS; col++)
		resolve_path(&data->colpath[col], col, uncataloged);
	foreach(lc, data->row_filter)
		resolve_path(&((RowCondition *) lfirst(lc))->path, -1, uncataloged);
	if (children)
		check_child_tables(data, uncataloged);
	if (own_transaction)
	{
		CommitTransactionCommand();
		MemoryContextSwitchTo(context);
	}
}

/*
 * A column, or a path to a parent's column: "col", or
 * "col->schema.table.col2[->schema.table2.col3...]".
 */
static ColumnPath
parse_column_path(const char *option, const char *value)
{
	ColumnPath	path;
	char	   *copy = pstrdup(value);
	char	   *arrow = strstr(copy, "->");

	path.hops = NIL;
	path.column = copy;
	while (arrow != NULL)
	{
		char	   *part = arrow + 2;
		List	   *names;
		ParentHop  *hop;

		*arrow = '\0';
		arrow = strstr(part, "->");
		if (arrow != NULL)
			*arrow = '\0';
		names = QUALIFIED_NAME_LIST(part);
		if (list_length(names) != 3)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid parent column \"%s\" in option \"%s\"",
							part, option),
					 errhint("Name a parent's column as key->schema.table.column.")));
		hop = palloc0(sizeof(ParentHop));
		hop->table.schemaname = strVal(linitial(names));
		hop->table.relname = strVal(lsecond(names));
		hop->column = strVal(lthird(names));
		path.hops = lappend(path.hops, hop);
	}
	if (path.column[0] == '\0')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("option \"%s\" names no column", option)));
	return path;
}

/* "a, b, c": the words between commas, without blanks; "" is none */
static List *
parse_word_list(const char *value)
{
	List	   *result = NIL;
	char	   *copy = pstrdup(value);
	char	   *word;
	char	   *save;

	for (word = strtok_r(copy, ", ", &save); word != NULL;
		 word = strtok_r(NULL, ", ", &save))
		result = lappend(result, word);
	return result;
}

/* "path=value[,path=value...]" */
static List *
parse_row_filter(const char *value)
{
	List	   *result = NIL;
	ListCell   *lc;

	foreach(lc, parse_word_list(value))
	{
		char	   *part = lfirst(lc);
		char	   *eq = strchr(part, '=');
		RowCondition *cond;

		if (eq == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("condition \"%s\" of option \"row-filter\" is not column=value or column!=value",
							part)));
		cond = palloc(sizeof(RowCondition));
		cond->value = eq + 1;
		cond->unequal = (eq > part && eq[-1] == '!');
		eq[cond->unequal ? -1 : 0] = '\0';
		cond->path = parse_column_path("row-filter", part);
		result = lappend(result, cond);
	}
	if (list_length(result) > MAX_ROW_CONDITIONS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("option \"row-filter\" has more than %d conditions",
						MAX_ROW_CONDITIONS)));
	return result;
}

/*
 * Profiles: the options that map an application's own tables, given
 * before the user's options so that any of them can be overridden.
 */
typedef struct Profile
{
	const char *name;
	const char *const (*options)[2];
} Profile;

/*
 * PowerDNS's generic SQL backends (gpgsql): what its list and lookup
 * queries serve.  A NULL ttl is the server's default-ttl (3600 unless
 * set); MX and SRV get prio before content; disabled rows and rows of
 * types a standard primary does not know are left out; the zone is the
 * name of the record's domain.  domains must be a user catalog table.
 */
static const char *const powerdns_options[][2] = {
	{"tables", "public.records"},
	{"owner-column", "name"},
	{"type-column", "type"},
	{"rdata-column", "content"},
	{"ttl-column", "ttl"},
	{"zone-column", "domain_id->public.domains.name"},
	{"class-column", ""},
	{"prio-column", "prio"},
	{"row-filter", "disabled=false"},
	{"bad-rows", "skip"},
	{NULL, NULL}
};

/*
 * The NetBox DNS plugin: names relative to the zone ("@" its apex) in
 * name and in value; a NULL ttl the zone's default_ttl; a record
 * published while it and its zone are active (Record.is_active), in the
 * default view (another view: row-filter, as wal2nsupdate(7) shows).  The
 * zone and view tables must be user catalog tables.
 */
static const char *const netbox_dns_options[][2] = {
	{"tables", "public.netbox_dns_record"},
	{"owner-column", "name"},
	{"type-column", "type"},
	{"rdata-column", "value"},
	{"ttl-column", "ttl"},
	{"zone-column", "zone_id->public.netbox_dns_zone.name"},
	{"default-ttl-column", "zone_id->public.netbox_dns_zone.default_ttl"},
	{"class-column", ""},
	{"relative-names", "on"},
	{"row-filter", "status=active,zone_id->public.netbox_dns_zone.status=active,"
	"zone_id->public.netbox_dns_zone.view_id->public.netbox_dns_view.default_view=true"},
	{"bad-rows", "skip"},
	{NULL, NULL}
};

/*
 * OpenStack Designate: a record's owner, type and TTL are its
 * recordset's, its RDATA its own, a NULL TTL the zone's, as its zone
 * export joins them; a record being deleted (action DELETE) and the
 * records of a deleted zone (deleted not 0) left out, as mdns's AXFR
 * does.  The recordsets and zones tables must be user
 * catalog tables.
 */
static const char *const designate_options[][2] = {
	{"tables", "public.records"},
	{"owner-column", "recordset_id->public.recordsets.name"},
	{"type-column", "recordset_id->public.recordsets.type"},
	{"rdata-column", "data"},
	{"ttl-column", "recordset_id->public.recordsets.ttl"},
	{"zone-column", "zone_id->public.zones.name"},
	{"default-ttl-column", "zone_id->public.zones.ttl"},
	{"class-column", ""},
	{"row-filter", "action!=DELETE,zone_id->public.zones.deleted=0"},
	{"bad-rows", "skip"},
	{NULL, NULL}
};

static const Profile profiles[] = {
	{"powerdns", powerdns_options},
	{"netbox-dns", netbox_dns_options},
	{"designate", designate_options},
};

static const Profile *
find_profile(const char *name)
{
	StringInfoData names;
	int			i;

	initStringInfo(&names);
	for (i = 0; i < lengthof(profiles); i++)
	{
		if (strcmp(name, profiles[i].name) == 0)
			return &profiles[i];
		appendStringInfo(&names, "%s\"%s\"", i > 0 ? ", " : "",
						 profiles[i].name);
	}
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown profile \"%s\"", name),
			 errhint("The profiles are %s.", names.data)));
	return NULL;				/* not reached */
}

/* the options as given, after the profile's if one is named */
static List *
expand_profile(List *options)
{
	const Profile *profile = NULL;
	List	   *result = NIL;
	List	   *rest = NIL;
	ListCell   *lc;
	int			j;

	foreach(lc, options)
	{
		DefElem    *elem = lfirst(lc);

		if (strcmp(elem->defname, "profile") != 0)
			rest = lappend(rest, elem);
		else if (profile != NULL)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("option \"profile\" is given twice")));
		else
			profile = find_profile(defGetString(elem));
	}
	for (j = 0; profile != NULL && profile->options[j][0] != NULL; j++)
		result = lappend(result,
						 makeDefElem(pstrdup(profile->options[j][0]),
									 (Node *) makeString(pstrdup(profile->options[j][1])),
									 -1));
	return list_concat(result, rest);
}

/*
 * The options, over their defaults; the change context a child of
 * context.
 */
static Wal2NsupdateData *
parse_options(List *options, MemoryContext context)
{
	ListCell   *option;
	Wal2NsupdateData *data;
	int			col;

	data = palloc0(sizeof(Wal2NsupdateData));
	data->context = AllocSetContextCreate(context,
										  "wal2nsupdate change context",
										  ALLOCSET_DEFAULT_SIZES);
	for (col = 0; col < NUM_RECORD_COLUMNS; col++)
	{
		data->colpath[col].column = column_default[col] != NULL ?
			pstrdup(column_default[col]) : NULL;
		data->colpath[col].hops = NIL;
	}
	data->tables = NIL;
	data->row_filter = NIL;
	data->exclude_types = list_make1(pstrdup("SOA"));
	data->prio_types = list_make2(pstrdup("MX"), pstrdup("SRV"));
	data->skip_bad_rows = false;
	data->relative_names = false;
	data->default_ttl = 3600;
	data->include_xids = INCLUDE_DEFAULT;
	data->include_lsn = INCLUDE_DEFAULT;
	data->include_timestamp = INCLUDE_DEFAULT;
	data->skip_by_pg2dns = false;
	data->batch_writes = BATCH_WRITES_DEFAULT;

	foreach(option, expand_profile(options))
	{
		DefElem    *elem = lfirst(option);
		bool		known = false;

		Assert(elem->arg == NULL || IsA(elem->arg, String));

		for (col = 0; col < NUM_RECORD_COLUMNS; col++)
		{
			char	   *value;

			if (strcmp(elem->defname, column_option[col]) != 0)
				continue;
			known = true;
			value = defGetString(elem);
			if (value[0] == '\0')
			{
				if (col < NUM_REQUIRED_COLUMNS)
					ereport(ERROR,
							(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
							 errmsg("parameter \"%s\" must name a column",
									elem->defname)));
				data->colpath[col].column = NULL;	/* no such column */
				data->colpath[col].hops = NIL;
			}
			else
				data->colpath[col] = parse_column_path(elem->defname, value);
		}
		if (known)
			continue;

		if (strcmp(elem->defname, "tables") == 0)
			data->tables = parse_tables_option(defGetString(elem));
		else if (strcmp(elem->defname, "row-filter") == 0)
			data->row_filter = parse_row_filter(defGetString(elem));
		else if (strcmp(elem->defname, "exclude-types") == 0)
			data->exclude_types = parse_word_list(defGetString(elem));
		else if (strcmp(elem->defname, "prio-types") == 0)
			data->prio_types = parse_word_list(defGetString(elem));
		else if (strcmp(elem->defname, "relative-names") == 0)
			data->relative_names = parse_bool_option(elem);
		else if (strcmp(elem->defname, "bad-rows") == 0)
			data->skip_bad_rows = parse_choice_option(elem, "stop", "skip");
		else if (strcmp(elem->defname, "default-ttl") == 0)
			data->default_ttl = parse_ttl_option(elem);
		else if (strcmp(elem->defname, OPTION_INCLUDE_XIDS) == 0)
			data->include_xids = parse_bool_option(elem);
		else if (strcmp(elem->defname, OPTION_INCLUDE_LSN) == 0)
			data->include_lsn = parse_bool_option(elem);
		else if (strcmp(elem->defname, OPTION_INCLUDE_TIMESTAMP) == 0)
			data->include_timestamp = parse_bool_option(elem);
		else if (strcmp(elem->defname, OPTION_BATCH_WRITES) == 0)
			data->batch_writes = parse_bool_option(elem);
		else if (strcmp(elem->defname, OPTION_SKIP_HINT) == 0)
			data->skip_by_pg2dns = parse_choice_option(elem, SKIP_HINT_ADVANCE,
														SKIP_HINT_PG2DNS);
		else
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("option \"%s\" = \"%s\" is unknown",
							elem->defname,
							elem->arg ? strVal(elem->arg) : "(null)")));
	}

	return data;
}

/* initialize this plugin */
static void
pg_decode_startup(LogicalDecodingContext *ctx, OutputPluginOptions *opt,
				  bool is_init)
{
	Wal2NsupdateData *data = parse_options(ctx->output_plugin_options,
										   ctx->context);

	ctx->output_plugin_private = data;
	opt->output_type = OUTPUT_PLUGIN_TEXTUAL_OUTPUT;
	opt->receive_rewrites = false;

	/* decode committed transactions only, whatever their size */
	ctx->streaming = false;

	/* creating the slot decodes nothing and takes no options */
	if (!is_init)
		resolve_tables(data, NULL, true);

	init_record_table_cache();
}

/* cleanup this plugin's resources */
static void
pg_decode_shutdown(LogicalDecodingContext *ctx)
{
	Wal2NsupdateData *data = ctx->output_plugin_private;

	if (RecordTableCache != NULL)
	{
		hash_destroy(RecordTableCache);
		RecordTableCache = NULL;
	}
	MemoryContextDelete(data->context);
}

/*
 * Output
 */

/* BEGIN callback: BEGIN itself waits for the first record line */
static void
pg_decode_begin_txn(LogicalDecodingContext *ctx, ReorderBufferTXN *txn)
{
	Wal2NsupdateTxnData *txndata =
		MemoryContextAllocZero(ctx->context, sizeof(Wal2NsupdateTxnData));

	txn->output_plugin_private = txndata;
}

/* commit time in UTC as one ISO 8601 token, 2026-11-25T20:10:00.123456Z */
static void
append_utc_timestamp(StringInfo out, TimestampTz ts)
{
	struct pg_tm tm;
	fsec_t		fsec;

	/* without a time zone, timestamp2tm leaves the time in UTC */
	if (TIMESTAMP_NOT_FINITE(ts) ||
		timestamp2tm(ts, NULL, &tm, &fsec, NULL, NULL) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("commit timestamp out of range")));
	appendStringInfo(out, COMMIT_TIME_PRINT,
					 tm.tm_year, tm.tm_mon, tm.tm_mday,
					 tm.tm_hour, tm.tm_min, tm.tm_sec, (int) fsec);
}

/* COMMIT callback */
static void
pg_decode_commit_txn(LogicalDecodingContext *ctx, ReorderBufferTXN *txn,
					 XLogRecPtr commit_lsn)
{
	Wal2NsupdateData *data = ctx->output_plugin_private;
	Wal2NsupdateTxnData *txndata = txn->output_plugin_private;
	StringInfo	out;

	/* skip empty transactions, but let a walsender report progress */
	OutputPluginUpdateProgress(ctx, !txndata->wrote_begin);
	if (txndata->wrote_begin)
	{
		out = start_line(ctx, txn, true);
		appendStringInfoString(out, STREAM_COMMIT);
		if (data->include_xids)
			appendStringInfo(out, " %u", txn->xid);
		/* the end of the commit record: where to confirm or resume */
		if (data->include_lsn)
			appendStringInfo(out, " %X/%X", LSN_FORMAT_ARGS(txn->end_lsn));
		if (data->include_timestamp)
		{
			appendStringInfoChar(out, ' ');
			append_utc_timestamp(out, txn->xact_time.commit_time);
		}
		end_line(ctx, true);
		write_pending(ctx, txn, true);
	}

	if (txndata->zone != NULL)
		pfree(txndata->zone);
	if (txndata->pending != NULL)
	{
		pfree(txndata->pending->data);
		pfree(txndata->pending);
	}
	pfree(txndata);
	txn->output_plugin_private = NULL;
}

/*
 * Values and their checks
 */

/* a value for an error message: escaped, cut short, quoted if asked */
static char *
display_value(const char *value, bool quote)
{
	StringInfoData buf;
	const unsigned char *p;
	int			n = 0;

	initStringInfo(&buf);
	if (quote)
		appendStringInfoChar(&buf, '"');
	for (p = (const unsigned char *) value; *p != '\0'; p++, n++)
	{
		if (n >= 60)
		{
			appendStringInfoString(&buf, "...");
			break;
		}
		if (*p == '\n')
			appendStringInfoString(&buf, "\\n");
		else if (*p == '\r')
			appendStringInfoString(&buf, "\\r");
		else if (*p == '\t')
			appendStringInfoString(&buf, "\\t");
		else if ((*p == '"' && quote) || *p == '\\')
			appendStringInfo(&buf, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			appendStringInfo(&buf, "\\x%02x", *p);
		else
			appendStringInfoChar(&buf, *p);
	}
	if (quote)
		appendStringInfoChar(&buf, '"');
	return buf.data;
}

/*
 * Domain names in presentation format, kept to what a zone file can say
 * without quoting: letters, digits, "-", "_", "*", "/" and escapes (\DDD
 * or \ and a printable character), in labels of 1 to 63 octets, 255 octets
 * at most in all.  "@" (the origin in nsupdate), white space, control
 * characters and anything else is refused.  Returns NULL if the name is
 * good, else why not.
 */
static const char *
check_domain_name(const char *name)
{
	const char *p = name;
	int			label = 0;		/* octets in this label */
	int			total = 1;		/* wire length, with the root label */

	if (*p == '\0')
		return "is empty";
	if (strcmp(name, ".") == 0)
		return NULL;
	for (; *p != '\0'; p++)
	{
		unsigned char c = (unsigned char) *p;

		if (c == '.')
		{
			if (label == 0)
				return "has an empty label";
			total += label + 1;
			label = 0;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
			c == '\v' || c == '\f')
			return "contains white space";
		if (c < 0x20 || c == 0x7f)
			return "contains a control character";
		if (c >= 0x80)
			return "contains a non-ASCII character (use the xn-- form)";
		if (c == '\\')
		{
			if (IS_DIGIT(p[1]))
			{
				if (!IS_DIGIT(p[2]) ||
					!IS_DIGIT(p[3]) ||
					(p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0') > 255)
					return "contains a bad escape sequence";
				p += 3;
			}
			else if ((unsigned char) p[1] > 0x20 && (unsigned char) p[1] < 0x7f)
				p += 1;
			else
				return "contains a bad escape sequence";
		}
		else if (!IS_ALNUM(c) && c != '-' && c != '_' && c != '*' && c != '/')
			return psprintf("contains the character \"%c\"", c);
		if (++label > 63)
			return "has a label longer than 63 octets";
	}
	total += label + (label > 0 ? 1 : 0);
	if (total > 255)
		return "is longer than 255 octets";
	return NULL;
}

/* does the name end with the root label, a dot that is not escaped? */
static bool
name_is_absolute(const char *name)
{
	size_t		len = strlen(name);
	size_t		backslashes = 0;

	/* a final "\." is an escaped dot, not the root label */
	while (len > 1 + backslashes && name[len - 2 - backslashes] == '\\')
		backslashes++;
	return len > 0 && name[len - 1] == '.' && backslashes % 2 == 0;
}

/* owner and zone are written absolute, with a trailing dot */
static char *
absolute_name(const char *name)
{
	if (name_is_absolute(name))
		return pstrdup(name);
	return psprintf("%s.", name);
}

/*
 * Is the owner (absolute) at or below the zone (absolute), as txsplit
 * and the server want it?  ASCII case aside; names with escapes are left
 * to txsplit, which compares them in wire form.  NULL if it is, else why
 * not.
 */
static const char *
check_owner_in_zone(const char *owner, const char *zone)
{
	size_t		olen = strlen(owner);
	size_t		zlen = strlen(zone);

	if (strchr(owner, '\\') != NULL || strchr(zone, '\\') != NULL ||
		strcmp(zone, ".") == 0)
		return NULL;
	if (olen >= zlen && pg_strcasecmp(owner + olen - zlen, zone) == 0 &&
		(olen == zlen || owner[olen - zlen - 1] == '.'))
		return NULL;
	return psprintf("is not in its zone \"%s\"", zone);
}

/*
 * A name relative to the zone (absolute, with its dot), as a zone file
 * reads it: "@" is the zone, a name without a final dot is below it.
 */
static char *
qualified_name(const char *name, const char *zone)
{
	if (strcmp(name, "@") == 0)
		return pstrdup(zone);
	if (name_is_absolute(name))
		return pstrdup(name);
	return psprintf("%s.%s", name, zone);
}

/* parse the decimal number after a prefix such as TYPE; -1 if none */
static long
mnemonic_number(const char *value, const char *prefix)
{
	size_t		plen = strlen(prefix);
	const char *p;
	long		n = 0;

	if (pg_strncasecmp(value, prefix, plen) != 0 || value[plen] == '\0')
		return -1;
	for (p = value + plen; *p != '\0'; p++)
	{
		if (!IS_DIGIT(*p) || n > 65535)
			return -2;
		n = n * 10 + (*p - '0');
	}
	return n;
}

/*
 * Types of record: a mnemonic (or TYPEnnn) from this table, written with
 * the RDATA syntax of that type, or TYPEnnn of another number with RDATA
 * in RFC 3597 form (\# length hex).  This is the list txsplit knows, and
 * plugin/schema.sql has the same (dns.rrtypes); tests/real/22-values.sh
 * checks that the three agree.
 */
typedef enum RdataSyntax
{
	RDATA_OTHER,				/* left to txsplit */
	RDATA_IPV4,
	RDATA_IPV6,
	RDATA_STRINGS,				/* character-strings of 255 octets at most */
	RDATA_PAIRS,				/* SVCB parameters: key="value" is one word */
	RDATA_NAME,					/* the fields of rdata_fields[] */
	RDATA_HOST,
	RDATA_PTR,
	RDATA_MX,
	RDATA_SRV
} RdataSyntax;

/*
 * RDATA of fixed fields, one letter each, as txsplit's rrtypes[] writes
 * them: '2' a 16-bit number, 'n' a domain name, 'h' one that nsupdate's
 * check-names wants a host name, 'p' one it wants a host name when the
 * owner is in the reverse trees.
 */
static const char *const rdata_fields[] = {
	[RDATA_NAME] = "n",
	[RDATA_HOST] = "h",
	[RDATA_PTR] = "p",
	[RDATA_MX] = "2h",
	[RDATA_SRV] = "222h",
};

typedef struct RecordType
{
	const char *name;
	long		number;
	bool		in_only;		/* defined for class IN only */
	char		owner;			/* nsupdate's check-names wants the owner a
								 * host name 'h', a mailbox 'm', or anything 0 */
	RdataSyntax syntax;
} RecordType;

static const RecordType record_types[] = {
	{"A", 1, true, 'h', RDATA_IPV4},
	{"NS", 2, false, 0, RDATA_HOST},
	{"MD", 3, false, 0, RDATA_OTHER},
	{"MF", 4, false, 0, RDATA_OTHER},
	{"CNAME", 5, false, 0, RDATA_NAME},
	{"SOA", 6, false, 0, RDATA_OTHER},
	{"MB", 7, false, 'm', RDATA_OTHER},
	{"MG", 8, false, 'm', RDATA_OTHER},
	{"MR", 9, false, 0, RDATA_OTHER},
	{"PTR", 12, false, 0, RDATA_PTR},
	{"HINFO", 13, false, 0, RDATA_STRINGS},
	{"MINFO", 14, false, 0, RDATA_OTHER},
	{"MX", 15, false, 'h', RDATA_MX},
	{"TXT", 16, false, 0, RDATA_STRINGS},
	{"RP", 17, false, 0, RDATA_OTHER},
	{"AFSDB", 18, false, 0, RDATA_OTHER},
	{"X25", 19, false, 0, RDATA_STRINGS},
	{"ISDN", 20, false, 0, RDATA_STRINGS},
	{"RT", 21, false, 0, RDATA_OTHER},
	{"NSAP", 22, true, 0, RDATA_OTHER},
	{"NSAP-PTR", 23, true, 0, RDATA_OTHER},
	{"KEY", 25, false, 0, RDATA_OTHER},
	{"PX", 26, true, 0, RDATA_OTHER},
	{"GPOS", 27, false, 0, RDATA_STRINGS},
	{"AAAA", 28, true, 'h', RDATA_IPV6},
	{"LOC", 29, false, 0, RDATA_OTHER},
	{"EID", 31, true, 0, RDATA_OTHER},
	{"NIMLOC", 32, true, 0, RDATA_OTHER},
	{"SRV", 33, true, 0, RDATA_SRV},
	{"ATMA", 34, true, 0, RDATA_OTHER},
	{"NAPTR", 35, true, 0, RDATA_OTHER},
	{"KX", 36, true, 0, RDATA_OTHER},
	{"CERT", 37, false, 0, RDATA_OTHER},
	{"DNAME", 39, false, 0, RDATA_NAME},
	{"APL", 42, true, 0, RDATA_OTHER},
	{"DS", 43, false, 0, RDATA_OTHER},
	{"SSHFP", 44, false, 0, RDATA_OTHER},
	{"IPSECKEY", 45, false, 0, RDATA_OTHER},
	{"DHCID", 49, true, 0, RDATA_OTHER},
	{"TLSA", 52, false, 0, RDATA_OTHER},
	{"SMIMEA", 53, false, 0, RDATA_OTHER},
	{"HIP", 55, false, 0, RDATA_OTHER},
	{"NINFO", 56, false, 0, RDATA_STRINGS},
	{"RKEY", 57, false, 0, RDATA_OTHER},
	{"TALINK", 58, false, 0, RDATA_OTHER},
	{"OPENPGPKEY", 61, false, 0, RDATA_OTHER},
	{"CSYNC", 62, false, 0, RDATA_OTHER},
	{"ZONEMD", 63, false, 0, RDATA_OTHER},
	{"SVCB", 64, true, 0, RDATA_PAIRS},
	{"HTTPS", 65, true, 0, RDATA_PAIRS},
	{"HHIT", 67, false, 0, RDATA_OTHER},
	{"BRID", 68, false, 0, RDATA_OTHER},
	{"SPF", 99, false, 0, RDATA_STRINGS},
	{"NID", 104, false, 0, RDATA_OTHER},
	{"L32", 105, false, 0, RDATA_OTHER},
	{"L64", 106, false, 0, RDATA_OTHER},
	{"LP", 107, false, 0, RDATA_OTHER},
	{"EUI48", 108, false, 0, RDATA_OTHER},
	{"EUI64", 109, false, 0, RDATA_OTHER},
	{"URI", 256, false, 0, RDATA_OTHER},
	{"CAA", 257, false, 0, RDATA_OTHER},
	{"AVC", 258, false, 0, RDATA_STRINGS},
	{"DOA", 259, false, 0, RDATA_OTHER},
	{"AMTRELAY", 260, false, 0, RDATA_OTHER},
	{"RESINFO", 261, false, 0, RDATA_STRINGS},
	{"WALLET", 262, false, 0, RDATA_STRINGS},
	{"TA", 32768, false, 0, RDATA_OTHER},
	{"DLV", 32769, false, 0, RDATA_OTHER},
};

/*
 * DNSSEC records belong to the signer (named with dnssec-policy makes
 * and replaces them; 65534 is its private signing state): a table that
 * held them would fight it.
 */
static const RecordType signer_types[] = {
	{"RRSIG", 46}, {"NSEC", 47}, {"DNSKEY", 48}, {"NSEC3", 50},
	{"NSEC3PARAM", 51}, {"CDS", 59}, {"CDNSKEY", 60}, {"TYPE65534", 65534},
};

/* query and meta types (RFC 6895): no record has them */
static const char *const meta_types[] = {
	"ANY", "AXFR", "IXFR", "MAILA", "MAILB", "OPT", "TKEY", "TSIG"
};

static const RecordType *
find_record_type(const RecordType *table, int n, const char *name, long number)
{
	int			i;

	for (i = 0; i < n; i++)
		if (name != NULL ? pg_strcasecmp(name, table[i].name) == 0
			: table[i].number == number)
			return &table[i];
	return NULL;
}

/* a mnemonic of a type wal2nsupdate does not know (by this pointer) */
static const char unknown_type[] =
"is not a type txsplit knows: write it as TYPEnnn with RDATA in RFC 3597 form (\\# length hex)";

/*
 * Check a type; *known is its entry in record_types, or NULL for a
 * TYPEnnn without one.
 */
static const char *
check_type(const char *type, const RecordType **known)
{
	const char *p;
	long		n;
	int			i;

	n = mnemonic_number(type, "TYPE");
	if (n == -2 || n == 0 || n > 65535)
		return "is not a record type";
	if (n == 41 || (n >= 128 && n <= 255))
		return "is a meta-type, not a record type";
	for (i = 0; i < lengthof(meta_types); i++)
		if (pg_strcasecmp(type, meta_types[i]) == 0)
			return "is a meta-type, not a record type";
	if (find_record_type(signer_types, lengthof(signer_types),
						 n > 0 ? NULL : type, n) != NULL)
		return "is a DNSSEC type, whose records the signer (named with dnssec-policy) makes and replaces itself";
	*known = find_record_type(record_types, lengthof(record_types),
							  n > 0 ? NULL : type, n);
	if (*known != NULL || n > 0)
		return NULL;
	for (p = type; *p != '\0'; p++)
		if (!IS_ALNUM(*p) && *p != '-')
			return "is not a record type mnemonic or TYPEnnn";
	return unknown_type;
}

/*
 * The next word of RDATA as txsplit and nsupdate split it: a quoted
 * string, or letters up to a blank (with SVCB's key="value" one word).
 * Returns false at the end; sets *why if the RDATA cannot be split.
 */
static bool
next_rdata_word(const char **pos, bool pairs, const char **start, size_t *len,
				bool *quoted, const char **why)
{
	const char *p = *pos;
	bool		in_quotes;
	bool		closed = false;

	while (*p == ' ')
		p++;
	if (*p == '\0')
		return false;
	*quoted = in_quotes = (*p == '"');
	if (*quoted)
		p++;
	*start = p;
	for (; *p != '\0'; p++)
	{
		if (*p == '\\')
		{
			if (*++p == '\0')
			{
				*why = "ends with a backslash";
				return false;
			}
		}
		else if (in_quotes && *p == '"')
		{
			closed = true;
			if (!*quoted)
				p++;			/* the pair's closing quote is in the word */
			break;
		}
		else if (!in_quotes && *p == ' ')
			break;
		else if (pairs && !in_quotes && p[0] == '=' && p[1] == '"')
		{
			in_quotes = true;
			p++;
		}
	}
	if (in_quotes && !closed)
	{
		*why = "has an unterminated quoted string";
		return false;
	}
	*len = p - *start;
	*pos = *quoted ? p + 1 : p;
	return true;
}

/* the octets of a character-string, escapes decoded; -1 if an escape is bad */
static long
string_octets(const char *s, size_t len)
{
	size_t		i = 0;
	long		n = 0;

	for (; i < len; n++)
	{
		if (s[i++] != '\\')
			continue;
		if (!IS_DIGIT(s[i]))
		{
			i++;
			continue;
		}
		if (i + 3 > len || !IS_DIGIT(s[i + 1]) || !IS_DIGIT(s[i + 2]) ||
			(s[i] - '0') * 100 + (s[i + 1] - '0') * 10 + (s[i + 2] - '0') > 255)
			return -1;
		i += 3;
	}
	return n;
}

/*
 * RDATA with the names of its name fields (see rdata_fields) made
 * absolute in the zone; other RDATA as it is.
 */
static char *
qualified_rdata(const char *rdata, const RecordType *known, const char *zone)
{
	const char *fields = known->syntax < lengthof(rdata_fields) ?
		rdata_fields[known->syntax] : NULL;
	const char *pos = rdata;
	const char *copied = rdata;
	const char *start;
	const char *why = NULL;
	size_t		len;
	bool		quoted;
	size_t		word = 0;
	StringInfoData buf;

	if (fields == NULL)
		return pstrdup(rdata);
	initStringInfo(&buf);
	while (next_rdata_word(&pos, false, &start, &len, &quoted, &why) &&
		   word < strlen(fields))
	{
		char	   *name;

		if (word == 0 && !quoted && len == 2 && strncmp(start, "\\#", 2) == 0)
			return pstrdup(rdata);	/* RFC 3597 form: no names */
		if (fields[word++] == '2' || quoted)
			continue;
		name = pnstrdup(start, len);
		appendBinaryStringInfo(&buf, copied, start - copied);
		appendStringInfoString(&buf, qualified_name(name, zone));
		copied = start + len;
	}
	appendStringInfoString(&buf, copied);
	return buf.data;
}

/*
 * nsupdate's check-names (on by default) wants the owner of some types
 * to be a host name: letters, digits and hyphens, not at either end of a
 * label; the first label may be "*".  A mailbox's first label may be any
 * printable ASCII, the rest is a host name.
 */
static bool
is_owner_name(const char *name, char kind)
{
	const char *p = name;
	bool		first = true;
	int			i;

	while (*p != '\0' && strcmp(p, ".") != 0)
	{
		char		label[64];
		int			n = 0;

		for (; *p != '\0' && *p != '.'; p++)
		{
			unsigned char c = (unsigned char) *p;

			if (c == '\\' && IS_DIGIT(p[1]))
			{
				c = (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
				p += 3;
			}
			else if (c == '\\')
				c = (unsigned char) *++p;
			label[n++] = (char) c;	/* labels are checked: 63 at most */
		}
		if (*p == '.')
			p++;
		if (first && ((kind == 'h' && n == 1 && label[0] == '*') || kind == 'm'))
		{
			first = false;
			for (i = 0; i < n; i++)
				if ((unsigned char) label[i] <= ' ' || (unsigned char) label[i] >= 0x7f)
					return false;
			continue;
		}
		first = false;
		for (i = 0; i < n; i++)
			if (!IS_ALNUM(label[i]) && (label[i] != '-' || i == 0 || i == n - 1))
				return false;
	}
	return true;
}

/* is the name (absolute) in the reverse trees, in-addr.arpa or ip6.arpa? */
static bool
is_reverse(const char *name)
{
	static const char *const trees[] = {"in-addr.arpa.", "ip6.arpa."};
	size_t		len = strlen(name);
	int			i;

	for (i = 0; i < lengthof(trees); i++)
	{
		size_t		tlen = strlen(trees[i]);

		if (len >= tlen && pg_strcasecmp(name + len - tlen, trees[i]) == 0 &&
			(len == tlen || name[len - tlen - 1] == '.'))
			return true;
	}
	return false;
}

/*
 * A field of RDATA of fixed fields (see rdata_fields): NULL if good,
 * else why not.  check_names: the record is added, and nsupdate's
 * check-names applies to the names in it.
 */
static const char *
check_rdata_field(char field, const char *word, size_t len, bool quoted,
				  const DnsRecord *rec, bool check_names)
{
	char	   *text = pnstrdup(word, len);
	const char *why;

	if (field == '2')
	{
		if (quoted || len == 0 || len > 5 || strspn(text, "0123456789") != len ||
			atol(text) > 65535)
			return psprintf("has \"%s\" where %s RDATA has a number from 0 to 65535",
							display_value(text, false), rec->type);
		return NULL;
	}
	if (quoted)
		return psprintf("has a quoted string where %s RDATA has a domain name",
						rec->type);
	if (strcmp(text, "@") == 0)
		return NULL;			/* the root, to nsupdate */
	if ((why = check_domain_name(text)) != NULL)
		return psprintf("has a domain name that %s", why);
	if (check_names && (field == 'h' || (field == 'p' && is_reverse(rec->owner))) &&
		(text[0] == '*' || !is_owner_name(text, 'h')))
		return psprintf("has \"%s\" where nsupdate's check-names wants a host name (letters, digits and hyphens) in %s RDATA",
						display_value(text, false), rec->type);
	return NULL;
}

/*
 * What of the RDATA's syntax can be checked here, as txsplit checks it:
 * words, addresses, string lengths, the fields of some types.  RDATA in
 * RFC 3597 form is left to txsplit.  The line ends where its last
 * blank-free text does, so an escaped blank at the end is a backslash at
 * the end.
 */
static const char *
check_rdata_syntax(const DnsRecord *rec, const RecordType *known,
				   bool check_names)
{
	const char *fields = known != NULL && known->syntax < lengthof(rdata_fields) ?
		rdata_fields[known->syntax] : NULL;
	char	   *rdata = pstrdup(rec->rdata);
	const char *pos = rdata;
	const char *why = NULL;
	const char *start;
	size_t		len;
	bool		quoted;
	int			words = 0;
	char		addr[64];
	unsigned char wire[16];
	size_t		end = strlen(rdata);

	while (end > 0 && rdata[end - 1] == ' ')
		rdata[--end] = '\0';

	if (!next_rdata_word(&pos, known != NULL && known->syntax == RDATA_PAIRS,
						 &start, &len, &quoted, &why))
		return why != NULL ? why : "is empty";
	if (!quoted && len == 2 && strncmp(start, "\\#", 2) == 0)
		return NULL;
	if (known == NULL)
		return psprintf("is not in RFC 3597 form (\\# length hex), which type %s needs",
						rec->type);
	if (known->in_only && pg_strcasecmp(rec->class, "IN") != 0 &&
		pg_strcasecmp(rec->class, "CLASS1") != 0)
		return psprintf("is not in RFC 3597 form (\\# length hex), which type %s needs outside class IN",
						known->name);
	pos = rdata;
	while (next_rdata_word(&pos, known->syntax == RDATA_PAIRS,
						   &start, &len, &quoted, &why))
	{
		words++;
		switch (known->syntax)
		{
			case RDATA_IPV4:
			case RDATA_IPV6:
				if (words > 1)
					return "has more than one address";
				if (quoted || len >= sizeof(addr))
					return "is not an address";
				memcpy(addr, start, len);
				addr[len] = '\0';
				if (inet_pton(known->syntax == RDATA_IPV4 ? AF_INET : AF_INET6,
							  addr, wire) != 1)
					return known->syntax == RDATA_IPV4 ?
						"is not an IPv4 address (four decimal octets, without leading zeros)" :
						"is not an IPv6 address";
				break;
			case RDATA_STRINGS:
				{
					long		octets = string_octets(start, len);

					if (octets < 0)
						return "has a bad \\DDD escape (three digits, 255 at most)";
					if (octets > 255)
						return psprintf("has a string of %ld octets; a character-string holds 255 at most",
										octets);
				}
				break;
			default:
				if (fields == NULL)
					break;
				if (words > strlen(fields))
					return psprintf("has more than the %zu fields of %s RDATA",
									strlen(fields), rec->type);
				if ((why = check_rdata_field(fields[words - 1], start, len,
											 quoted, rec, check_names)) != NULL)
					return why;
				break;
		}
	}
	if (why == NULL && fields != NULL && words < strlen(fields))
		return psprintf("has %d of the %zu fields of %s RDATA",
						words, strlen(fields), rec->type);
	return why;
}


static const char *
check_class(const char *class)
{
	long		n;

	if (pg_strcasecmp(class, "IN") == 0 || pg_strcasecmp(class, "CH") == 0 ||
		pg_strcasecmp(class, "HS") == 0)
		return NULL;
	n = mnemonic_number(class, "CLASS");
	/* NONE (254) and ANY (255) change what an update means */
	if (n >= 1 && n <= 65535 && n != 254 && n != 255)
		return NULL;
	return "is not IN, CH, HS or CLASSnnn";
}

static const char *
check_rdata(const char *rdata)
{
	const unsigned char *p;
	bool		blank = true;

	for (p = (const unsigned char *) rdata; *p != '\0'; p++)
	{
		if (*p == '\n')
			return "contains a newline";
		if (*p == '\r')
			return "contains a carriage return";
		if (*p < 0x20 || *p == 0x7f)
			return "contains a control character";
		/* C1 control characters, U+0080 to U+009F */
		if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f &&
			GetDatabaseEncoding() == PG_UTF8)
			return "contains a control character";
		if (*p != ' ')
			blank = false;
	}

	/*
	 * Without rdata, "update delete" would delete the whole RRset.
	 */
	if (blank)
		return "is empty";
	return NULL;
}

/*
 * Octets above 127 (UTF-8 in a TXT record, say) are written as \DDD, which
 * means the same octet in RDATA, since txsplit and nsupdate read ASCII.
 */
static char *
escape_high_octets(const char *rdata)
{
	StringInfoData buf;
	const unsigned char *p;

	initStringInfo(&buf);
	for (p = (const unsigned char *) rdata; *p != '\0'; p++)
	{
		if (*p >= 0x80)
			appendStringInfo(&buf, "\\%03u", (unsigned int) *p);
		else
			appendStringInfoChar(&buf, (char) *p);
	}
	return buf.data;
}

/*
 * Is the record's line short enough for nsupdate?  An add is measured
 * with the widest TTL (see NSUPDATE_LINE_MAX); a delete as written, so
 * that a row the limit would refuse today can still be deleted.
 */
static const char *
check_line_length(const DnsRecord *rec, bool add)
{
	size_t		len;

	len = strlen(add ? STREAM_ADD " " : STREAM_DELETE " ") +
		strlen(rec->owner) + 1 + strlen(rec->class) + 1 +
		strlen(rec->type) + 1 + strlen(rec->rdata);
	if (add)
		len += WIDEST_TTL_DIGITS + 1;
	if (len <= NSUPDATE_LINE_MAX)
		return NULL;
	return psprintf("makes the line \"%s %s ...\" %zu octets long%s, over nsupdate's limit of %d octets a line",
					add ? STREAM_ADD : STREAM_DELETE, rec->owner, len,
					add ? " with a 10-digit TTL" : "", NSUPDATE_LINE_MAX);
}

static const char *
check_ttl(const char *value, int64 *ttl)
{
	char	   *end;
	long long	n;

	errno = 0;
	n = strtoll(value, &end, 10);
	if (errno != 0 || end == value || *end != '\0')
		return "is not an integer";
	if (n < 0 || n > PG_INT32_MAX)
		return "is not between 0 and 2147483647";
	*ttl = n;
	return NULL;
}

/*
 * The row, for an error message: by its primary key when it has one and the
 * key's values are in this row, else by owner and type.
 */
static char *
describe_row(RowSource *src)
{
	TupleDesc	desc = RelationGetDescr(src->rel);
	Bitmapset  *pk;
	StringInfoData names;
	StringInfoData values;
	int			i = -1;
	bool		complete = true;

	pk = RelationGetIndexAttrBitmap(src->rel, INDEX_ATTR_BITMAP_PRIMARY_KEY);
	initStringInfo(&names);
	initStringInfo(&values);
	while (pk != NULL && (i = bms_next_member(pk, i)) >= 0)
	{
		AttrNumber	attnum = i + FirstLowInvalidHeapAttributeNumber;
		Form_pg_attribute att;
		Datum		d;
		bool		isnull;
		Oid			typoutput;
		bool		typisvarlena;

		if (attnum <= 0)
			continue;
		att = TupleDescAttr(desc, attnum - 1);
		d = heap_getattr(src->tuple, attnum, desc, &isnull);
		if (isnull)
		{
			complete = false;
			break;
		}
		getTypeOutputInfo(att->atttypid, &typoutput, &typisvarlena);
		if (typisvarlena)
		{
			if (VARATT_IS_EXTERNAL_ONDISK(DatumGetPointer(d)))
			{
				complete = false;
				break;
			}
			d = PointerGetDatum(PG_DETOAST_DATUM(d));
		}
		if (names.len > 0)
		{
			appendStringInfoString(&names, ", ");
			appendStringInfoString(&values, ", ");
		}
		appendStringInfoString(&names, quote_identifier(NameStr(att->attname)));
		appendStringInfoString(&values,
							   display_value(OidOutputFunctionCall(typoutput, d), false));
	}
	if (pk != NULL && complete && names.len > 0)
		return psprintf("%s with key (%s)=(%s)", src->label, names.data,
						values.data);

	/* by owner and type, which are not NULL in a record */
	{
		Datum		d;
		bool		isnull;
		char	   *owner = "?";
		char	   *type = "?";

		d = heap_getattr(src->tuple, src->entry->attnum[COL_OWNER], desc, &isnull);
		if (!isnull && !(src->entry->output[COL_OWNER].typisvarlena &&
						 VARATT_IS_EXTERNAL_ONDISK(DatumGetPointer(d))))
			owner = display_value(OidOutputFunctionCall(src->entry->output[COL_OWNER].typoutput, d), true);
		d = heap_getattr(src->tuple, src->entry->attnum[COL_TYPE], desc, &isnull);
		if (!isnull && !(src->entry->output[COL_TYPE].typisvarlena &&
						 VARATT_IS_EXTERNAL_ONDISK(DatumGetPointer(d))))
			type = display_value(OidOutputFunctionCall(src->entry->output[COL_TYPE].typoutput, d), true);
		return psprintf("%s with %s %s and %s %s", src->label,
						quote_identifier(NameStr(TupleDescAttr(desc, src->entry->attnum[COL_OWNER] - 1)->attname)),
						owner,
						quote_identifier(NameStr(TupleDescAttr(desc, src->entry->attnum[COL_TYPE] - 1)->attname)),
						type);
	}
}

/*
 * How to get past a transaction that cannot be decoded: confirm its end.
 * (A slot in use by a walsender must be released first.)  Under pg2dns,
 * which holds the slot, its skip command does that and records what it
 * skipped.
 */
static char *
skip_command(LogicalDecodingContext *ctx, ReorderBufferTXN *txn)
{
	Wal2NsupdateData *data = ctx->output_plugin_private;

	if (data->skip_by_pg2dns)
		return pstrdup("pg2dns skip");
	return psprintf("SELECT pg_replication_slot_advance('%s', '%X/%X')",
					NameStr(ctx->slot->data.name), LSN_FORMAT_ARGS(txn->end_lsn));
}

/*
 * For pg2dns: the transaction that a skip passes, in the context line
 * that the driver reads (UNDECODABLE_CONTEXT; the hint is for people).
 */
static int
skip_context(LogicalDecodingContext *ctx, ReorderBufferTXN *txn)
{
	Wal2NsupdateData *data = ctx->output_plugin_private;

	if (!data->skip_by_pg2dns)
		return 0;
	return errcontext(UNDECODABLE_CONTEXT, txn->xid,
					  LSN_FORMAT_ARGS(txn->end_lsn));
}

/*
 * For pg2dns: the transaction a row left out belongs to, in the context
 * line the driver reads (LEFT_OUT_CONTEXT), so that its status can name
 * it; none outside decoding (wal2nsupdate_records()).
 */
static int
left_out_context(LogicalDecodingContext *ctx, ReorderBufferTXN *txn)
{
	Wal2NsupdateData *data = ctx->output_plugin_private;
	StringInfoData time;

	if (!data->skip_by_pg2dns || txn == NULL)
		return 0;
	initStringInfo(&time);
	append_utc_timestamp(&time, txn->xact_time.commit_time);
	return errcontext(LEFT_OUT_CONTEXT, txn->xid,
					  LSN_FORMAT_ARGS(txn->end_lsn), time.data);
}

static char *
skip_advice(LogicalDecodingContext *ctx, ReorderBufferTXN *txn)
{
	return psprintf("skip this transaction with %s", skip_command(ctx, txn));
}

/*
 * A value the DNS cannot hold (NULL: SQL NULL).  With bad-rows=stop, an
 * ERROR that stops decoding; with bad-rows=skip, a WARNING and the row is
 * left out (the result, false, is get_record's: not a record).
 */
static bool
bad_value(LogicalDecodingContext *ctx, ReorderBufferTXN *txn,
		  RowSource *src, int col, const char *value, const char *why)
{
	Wal2NsupdateData *data = ctx->output_plugin_private;
	TupleDesc	desc = RelationGetDescr(src->rel);
	const char *colname = NameStr(TupleDescAttr(desc, src->entry->attnum[col] - 1)->attname);
	const char *shown = value != NULL ? display_value(value, true) : "NULL";
	static const char *const what[NUM_RECORD_COLUMNS] = {
		"owner name", "record type", "rdata", "zone name", "TTL", "class",
		"priority", "default TTL"
	};

	if (data->skip_bad_rows)
	{
		if (!src->quiet)
			ereport(WARNING,
					(errcode(ERRCODE_DATA_EXCEPTION),
					 errmsg("row of table \"%s\" left out: invalid %s in column \"%s\"",
							relation_display_name(src->rel), what[col], colname),
					 errdetail("The %s has %s %s, which %s.",
							   describe_row(src), quote_identifier(colname),
							   shown, why),
					 left_out_context(ctx, txn)));
		return false;
	}
	ereport(ERROR,
			(errcode(ERRCODE_DATA_EXCEPTION),
			 errmsg("invalid %s in column \"%s\" of table \"%s\"",
					what[col], colname, relation_display_name(src->rel)),
			 errdetail("The %s has %s %s, which %s.",
					   describe_row(src), quote_identifier(colname),
					   shown, why),
			 errhint("Skip this transaction with %s, correct the row, and bring the DNS in line with the table by hand.",
					 skip_command(ctx, txn)),
			 skip_context(ctx, txn)));
	return false;				/* not reached */
}

/* a value's text; character(n) without its padding */
static char *
datum_text(Datum value, const ValueOutput *out)
{
	char	   *str;

	if (out->typisvarlena)
		value = PointerGetDatum(PG_DETOAST_DATUM(value));
	str = OidOutputFunctionCall(out->typoutput, value);
	if (out->trim_blanks)
	{
		size_t		len = strlen(str);

		while (len > 0 && str[len - 1] == ' ')
			str[--len] = '\0';
	}
	return str;
}

static char *
datum_text_of_type(Datum value, Oid typid)
{
	ValueOutput out;

	value_output(typid, &out);
	return datum_text(value, &out);
}

/*
 * A parent table's primary key index, opened, checked as decoding
 * started (the table may have changed since).
 */
static Relation
open_parent_key(Relation rel)
{
	Oid			indexoid = PRIMARY_KEY_INDEX(rel);
	Relation	index;

	check_catalog_table(rel, true);
	if (!OidIsValid(indexoid))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("parent table \"%s\" has no primary key",
						relation_display_name(rel))));
	index = index_open(indexoid, AccessShareLock);
	if (index->rd_index->indnkeyatts != 1)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("parent table \"%s\" has a primary key of more than one column",
						relation_display_name(rel))));
	return index;
}

/*
 * The row of a parent table whose primary key is key, as of the decoded
 * change (snapshot NULL) or as of another snapshot: a copy, or NULL if
 * there is no such row.
 */
static HeapTuple
parent_row(Relation rel, Datum key, Oid keytype, Snapshot snapshot)
{
	Relation	index = open_parent_key(rel);
	Oid			indexoid = RelationGetRelid(index);
	ScanKeyData skey;
	SysScanDesc scan;
	HeapTuple	tuple;
	Oid			eqop;

	eqop = get_opfamily_member(index->rd_opfamily[0], index->rd_opcintype[0],
							   keytype, BTEqualStrategyNumber);
	if (!OidIsValid(eqop))
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("the primary key of parent table \"%s\" cannot be compared with a value of type %s",
						relation_display_name(rel), format_type_be(keytype))));
	ScanKeyEntryInitialize(&skey, 0, index->rd_index->indkey.values[0],
						   BTEqualStrategyNumber,
						   keytype == index->rd_opcintype[0] ? InvalidOid : keytype,
						   index->rd_indcollation[0], get_opcode(eqop), key);
	index_close(index, AccessShareLock);

	scan = systable_beginscan(rel, indexoid, true, snapshot, 1, &skey);
	tuple = systable_getnext(scan);
	if (HeapTupleIsValid(tuple))
		tuple = heap_copytuple(tuple);
	systable_endscan(scan);
	return tuple;
}

/*
 * The value of the hop's column in the parent row whose key is key (as
 * parent_row finds it), copied, or false if there is no such row.
 */
static bool
parent_value(ParentHop *hop, Datum key, Oid keytype, Snapshot snapshot,
			 Datum *value, Oid *typid, bool *isnull)
{
	Relation	rel = table_open(hop->relid, AccessShareLock);
	AttrNumber	attnum = get_attnum(hop->relid, hop->column);
	HeapTuple	tuple = parent_row(rel, key, keytype, snapshot);

	*typid = get_atttype(hop->relid, attnum);
	if (tuple != NULL)
		*value = heap_getattr(tuple, attnum, RelationGetDescr(rel), isnull);
	table_close(rel, AccessShareLock);
	return tuple != NULL;
}

/*
 * The text of a value found through parent tables, or NULL for a NULL
 * key or value.  A row being deleted may belong to a parent deleted
 * earlier in its transaction (ON DELETE CASCADE): not found as of the
 * change, the parent is looked up as of the transaction's start.  A key
 * that finds no row sets src->missing_parent.
 */
/* a parent's row as the decoded transaction found it, before its changes */
static bool
parent_value_at_start(ParentHop *hop, Datum key, Oid keytype, Datum *value,
					  Oid *typid, bool *isnull)
{
	SnapshotData at_start = *GetCatalogSnapshot(hop->relid);

	at_start.curcid = FirstCommandId;
	return parent_value(hop, key, keytype, &at_start, value, typid, isnull);
}

static char *
parent_text(RowSource *src, const ColumnPath *path, Datum key, Oid keytype,
			Oid *typid_out)
{
	ListCell   *lc;

	foreach(lc, path->hops)
	{
		ParentHop  *hop = lfirst(lc);
		Datum		value = (Datum) 0;
		Oid			typid;
		bool		isnull = false;
		bool		found;

		/*
		 * A table's rows are read as of the query, a change's as of it
		 * (or before it: src->parents); an old row's parent gone since,
		 * as the transaction found it
		 */
		found = parent_value(hop, key, keytype,
							 src->parents != NULL ? src->parents :
							 HistoricSnapshotActive() ? NULL : GetActiveSnapshot(),
							 &value, &typid, &isnull);
		if (!found && src->is_old)
			found = parent_value_at_start(hop, key, keytype, &value, &typid,
										  &isnull);
		if (!found)
		{
			src->missing_parent = psprintf("finds no row of table \"%s.%s\" as of the change",
										   hop->table.schemaname,
										   hop->table.relname);
			src->missing_key = datum_text_of_type(key, keytype);
			return NULL;
		}
		if (isnull)
			return NULL;
		key = value;
		keytype = typid;
	}
	if (typid_out != NULL)
		*typid_out = keytype;
	return datum_text_of_type(key, keytype);
}

/*
 * The text of a column of the row (or of the parent's column it leads
 * to), NULL for SQL NULL; output, if known, how the column's type writes
 * it; *typid, if asked, the type of the value.  An UPDATE's new row
 * carries an unchanged TOASTed value only as a pointer: take it from the
 * old row then.
 */
static char *
attribute_text(LogicalDecodingContext *ctx, ReorderBufferTXN *txn,
			   RowSource *src, AttrNumber attnum, const ColumnPath *path,
			   const ValueOutput *output, Oid *typid)
{
	Form_pg_attribute att = TupleDescAttr(RelationGetDescr(src->rel), attnum - 1);
	Datum		d;
	bool		isnull;

	if (typid != NULL)
		*typid = att->atttypid;
	d = heap_getattr(src->tuple, attnum, RelationGetDescr(src->rel), &isnull);
	if (isnull)
		return NULL;
	/* (a table's row, not a change's, has its TOASTed values on disk) */
	if (!src->stored && att->attlen == -1 &&
		VARATT_IS_EXTERNAL_ONDISK(DatumGetPointer(d)))
	{
		if (src->oldtuple != NULL)
		{
			RowSource	old = *src;

			old.tuple = src->oldtuple;
			old.oldtuple = NULL;
			return attribute_text(ctx, txn, &old, attnum, path, output, typid);
		}
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("cannot decode unchanged TOASTed value of column \"%s\" of table \"%s\"",
						NameStr(att->attname), relation_display_name(src->rel)),
				 errhint("Run ALTER TABLE %s REPLICA IDENTITY FULL, and %s and bring the DNS in line with the table by hand.",
						 relation_quoted_name(src->rel), skip_advice(ctx, txn)),
				 skip_context(ctx, txn)));
	}
	if (path->hops != NIL)
		return parent_text(src, path, d, att->atttypid, typid);
	if (output != NULL)
		return datum_text(d, output);
	return datum_text_of_type(d, att->atttypid);
}

/* the text of a record column, or NULL: SQL NULL or no such column */
static char *
column_text(LogicalDecodingContext *ctx, ReorderBufferTXN *txn,
			RowSource *src, int col)
{
	Wal2NsupdateData *data = ctx->output_plugin_private;
	char	   *text;

	if (src->entry->attnum[col] == InvalidAttrNumber)
		return NULL;
	text = attribute_text(ctx, txn, src, src->entry->attnum[col],
						  &data->colpath[col], &src->entry->output[col], NULL);
	if (src->missing_parent != NULL && src->missing_col < 0)
		src->missing_col = col;
	return text;
}

/*
 * Does the row hold every condition of row-filter?  The condition's
 * value is read and written back by the column's type ("false" is a
 * boolean's "f"); NULL holds none.
 */
static bool
row_passes_filter(LogicalDecodingContext *ctx, ReorderBufferTXN *txn,
				  RowSource *src)
{
	Wal2NsupdateData *data = ctx->output_plugin_private;
	ListCell   *lc;
	int			i = 0;

	foreach(lc, data->row_filter)
	{
		RowCondition *cond = lfirst(lc);
		Oid			typid;
		Oid			typinput;
		Oid			typioparam;
		char	   *value;

		value = attribute_text(ctx, txn, src, src->entry->filter_attnum[i++],
							   &cond->path, NULL, &typid);
		if (value == NULL)
			return false;
		getTypeInputInfo(typid, &typinput, &typioparam);
		if ((strcmp(value, datum_text_of_type(OidInputFunctionCall(typinput, cond->value,
														   typioparam, -1),
									  typid)) == 0) == cond->unequal)
			return false;
	}
	return true;
}

/* a type's number, by mnemonic or TYPEnnn; -1 for one of neither */
static long
type_number(const char *type)
{
	long		n = mnemonic_number(type, "TYPE");
	const RecordType *known;

	if (n > 0)
		return n;
	known = find_record_type(record_types, lengthof(record_types), type, 0);
	return known != NULL ? known->number : -1;
}

/* is the type one of the list's (SOA and TYPE6 are one)? */
static bool
type_in_list(List *types, const char *type)
{
	long		number = type_number(type);
	ListCell   *lc;

	foreach(lc, types)
		if (number > 0 ? type_number(lfirst(lc)) == number :
			pg_strcasecmp(lfirst(lc), type) == 0)
			return true;
	return false;
}

/*
 * Read and check the record in a row, to be added (with its TTL) or
 * deleted.  Returns false if the row is not a record: NULL owner, type or
 * rdata, a row that row-filter leaves out, a type of exclude-types or one
 * wal2nsupdate does not know (with a WARNING), a bad value with
 * bad-rows=skip (with a WARNING); ERROR if a value is bad otherwise.
 */
static bool
get_record(LogicalDecodingContext *ctx, ReorderBufferTXN *txn,
		   RowSource *src, bool add, DnsRecord *rec)
{
	Wal2NsupdateData *data = ctx->output_plugin_private;
	char	   *value;
	const char *why;
	const RecordType *known = NULL;
	bool		strict;
	int			col;

	memset(rec, 0, sizeof(DnsRecord));
	src->missing_parent = NULL;
	src->missing_col = -1;
	if (!row_passes_filter(ctx, txn, src))
		return false;
	rec->owner = column_text(ctx, txn, src, COL_OWNER);
	rec->type = column_text(ctx, txn, src, COL_TYPE);
	rec->rdata = column_text(ctx, txn, src, COL_RDATA);
	value = column_text(ctx, txn, src, COL_ZONE);
	if (src->missing_parent != NULL)
		return bad_value(ctx, txn, src, src->missing_col, src->missing_key,
						 src->missing_parent);
	if (rec->owner == NULL || rec->type == NULL || rec->rdata == NULL)
		return false;
	if (type_in_list(data->exclude_types, rec->type))
		return false;

	if (value != NULL)
	{
		if ((why = check_domain_name(value)) != NULL)
			return bad_value(ctx, txn, src, COL_ZONE, value, why);
		rec->zone = absolute_name(value);
	}
	else if (data->colpath[COL_ZONE].hops != NIL)
	{
		/* a record of no parent (PowerDNS serves none such) */
		return bad_value(ctx, txn, src, COL_ZONE, value,
						 "leads to no zone");
	}

	if (data->relative_names && rec->zone != NULL)
		rec->owner = qualified_name(rec->owner, rec->zone);
	if ((why = check_domain_name(rec->owner)) != NULL)
		return bad_value(ctx, txn, src, COL_OWNER, rec->owner, why);
	rec->owner = absolute_name(rec->owner);
	if (rec->zone != NULL &&
		(why = check_owner_in_zone(rec->owner, rec->zone)) != NULL)
		return bad_value(ctx, txn, src, COL_OWNER, rec->owner, why);
	if ((why = check_type(rec->type, &known)) == unknown_type)
	{
		if (!src->quiet)
			ereport(WARNING,
					(errcode(ERRCODE_DATA_EXCEPTION),
					 errmsg("row of table \"%s\" left out: type %s is not a type wal2nsupdate knows",
							relation_display_name(src->rel),
							display_value(rec->type, true)),
					 errdetail("The %s is of a type that a standard primary cannot hold (such as PowerDNS's ALIAS or LUA).",
							   describe_row(src)),
					 left_out_context(ctx, txn)));
		return false;
	}
	if (why != NULL)
		return bad_value(ctx, txn, src, COL_TYPE, rec->type, why);
	if ((why = check_rdata(rec->rdata)) != NULL)
		return bad_value(ctx, txn, src, COL_RDATA, rec->rdata, why);
	if (src->entry->attnum[COL_PRIO] != InvalidAttrNumber &&
		type_in_list(data->prio_types, rec->type))
	{
		char	   *prio = column_text(ctx, txn, src, COL_PRIO);

		if (prio == NULL)
			return bad_value(ctx, txn, src, COL_PRIO, NULL,
							 psprintf("a %s record needs a priority",
									  rec->type));
		rec->rdata = psprintf("%s %s", prio, rec->rdata);
	}
	if (data->relative_names && rec->zone != NULL && known != NULL)
		rec->rdata = qualified_rdata(rec->rdata, known, rec->zone);
	rec->rdata = escape_high_octets(rec->rdata);

	value = column_text(ctx, txn, src, COL_CLASS);
	if (value != NULL)
	{
		if ((why = check_class(value)) != NULL)
			return bad_value(ctx, txn, src, COL_CLASS, value, why);
		rec->class = value;
	}
	else
		rec->class = "IN";

	/*
	 * What only an add needs (its TTL; names as nsupdate's check-names
	 * wants) is not checked in a delete, so that a bad row can be deleted
	 * when decoding stops at bad rows; when it leaves them out, a row is
	 * left out of its delete as of its add.
	 */
	strict = add || data->skip_bad_rows;
	rec->ttl = data->default_ttl;
	rec->ttl_known = true;

	col = COL_TTL;
	value = column_text(ctx, txn, src, col);
	if (value == NULL)
	{
		/* a NULL TTL: the default-ttl-column's (a zone's), or default-ttl */
		col = COL_DEFAULT_TTL;
		value = column_text(ctx, txn, src, col);
	}
	if (src->missing_parent != NULL)
		return bad_value(ctx, txn, src, col, src->missing_key,
						 src->missing_parent);
	if (value != NULL && (why = check_ttl(value, &rec->ttl)) != NULL)
	{
		if (strict)
			return bad_value(ctx, txn, src, col, value, why);
		rec->ttl_known = false;		/* an old row's TTL is only compared */
	}

	if ((why = check_rdata_syntax(rec, known, strict)) != NULL)
		return bad_value(ctx, txn, src, COL_RDATA,
						 column_text(ctx, txn, src, COL_RDATA), why);
	if (strict && known != NULL && known->owner != 0 &&
		!is_owner_name(rec->owner, known->owner))
		return bad_value(ctx, txn, src, COL_OWNER, rec->owner,
						 psprintf("is not a %s, which nsupdate's check-names wants for the owner of %s records",
								  known->owner == 'h' ? "host name (letters, digits and hyphens)" :
								  "mailbox name (any first label, then letters, digits and hyphens)",
								  known->name));

	/* owner and rdata are the parts that can be long */
	if ((why = check_line_length(rec, strict)) != NULL)
		return bad_value(ctx, txn, src, COL_RDATA,
						 column_text(ctx, txn, src, COL_RDATA), why);
	return true;
}

/*
 * Would an UPDATE from one record to the other change what the DNS
 * holds?  Not when only columns the DNS does not see changed (PowerDNS's
 * rectify sets ordername and auth).
 */
static bool
same_record(const DnsRecord *a, const DnsRecord *b)
{
	return strcmp(a->owner, b->owner) == 0 &&
		strcmp(a->class, b->class) == 0 &&
		strcmp(a->type, b->type) == 0 &&
		strcmp(a->rdata, b->rdata) == 0 &&
		(a->zone == NULL ? b->zone == NULL :
		 b->zone != NULL && strcmp(a->zone, b->zone) == 0) &&
		a->ttl_known && b->ttl_known && a->ttl == b->ttl;
}

/*
 * A "zone" line sets the zone for the rest of the transaction, and no line
 * unsets it: a record without a zone cannot follow one with a zone.
 */
static void
check_zone_sequence(LogicalDecodingContext *ctx, ReorderBufferTXN *txn,
					const char **zone, DnsRecord *rec, RowSource *src)
{
	if (rec->zone != NULL)
		*zone = rec->zone;
	else if (*zone != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("cannot write a record without a zone after \"zone %s\" in the same transaction",
						*zone),
				 errdetail("The %s of table \"%s\" has no zone.",
						   describe_row(src), relation_display_name(src->rel)),
				 errhint("Change record tables with and without a zone in separate transactions; %s and bring the DNS in line with the table by hand.",
						 skip_advice(ctx, txn)),
			 skip_context(ctx, txn)));
}

/*
 * Where a line goes: one write each; or, with batch-writes, the
 * transaction's pending text, written at the start of its next change
 * (before anything there can stop decoding, so that all that was decoded
 * before an ERROR is sent, as with one line a write) or with its COMMIT
 * line.  A single-row transaction is then one write, not four: the
 * walsender sends each write on its own, and the sends were most of its
 * work.
 */
static StringInfo
start_line(LogicalDecodingContext *ctx, ReorderBufferTXN *txn, bool last_write)
{
	Wal2NsupdateData *data = ctx->output_plugin_private;
	Wal2NsupdateTxnData *txndata = txn->output_plugin_private;

	if (!data->batch_writes)
	{
		OutputPluginPrepareWrite(ctx, last_write);
		return ctx->out;
	}
	if (txndata->pending == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(ctx->context);

		txndata->pending = makeStringInfo();
		MemoryContextSwitchTo(old);
	}
	else if (txndata->pending->len > 0)
		appendStringInfoChar(txndata->pending, '\n');
	return txndata->pending;
}

static void
end_line(LogicalDecodingContext *ctx, bool last_write)
{
	Wal2NsupdateData *data = ctx->output_plugin_private;

	if (!data->batch_writes)
		OutputPluginWrite(ctx, last_write);
}

static void
write_pending(LogicalDecodingContext *ctx, ReorderBufferTXN *txn,
			  bool last_write)
{
	Wal2NsupdateTxnData *txndata = txn->output_plugin_private;

	if (txndata->pending == NULL || txndata->pending->len == 0)
		return;
	OutputPluginPrepareWrite(ctx, last_write);
	appendBinaryStringInfo(ctx->out, txndata->pending->data,
						   txndata->pending->len);
	OutputPluginWrite(ctx, last_write);
	resetStringInfo(txndata->pending);
}

static void
write_record(LogicalDecodingContext *ctx, ReorderBufferTXN *txn,
			 DnsRecord *rec, bool add, bool last_write)
{
	Wal2NsupdateData *data = ctx->output_plugin_private;
	Wal2NsupdateTxnData *txndata = txn->output_plugin_private;

	StringInfo	out;

	if (!txndata->wrote_begin)
	{
		out = start_line(ctx, txn, false);
		appendStringInfoString(out, STREAM_BEGIN);
		if (data->include_xids)
			appendStringInfo(out, " %u", txn->xid);
		end_line(ctx, false);
		txndata->wrote_begin = true;
	}

	if (rec->zone != NULL &&
		(txndata->zone == NULL || strcmp(txndata->zone, rec->zone) != 0))
	{
		if (txndata->zone != NULL)
			pfree(txndata->zone);
		txndata->zone = MemoryContextStrdup(ctx->context, rec->zone);
		out = start_line(ctx, txn, false);
		appendStringInfo(out, STREAM_ZONE " %s", rec->zone);
		end_line(ctx, false);
	}

	out = start_line(ctx, txn, last_write);
	if (add)
		appendStringInfo(out, STREAM_ADD " %s " INT64_FORMAT " %s %s %s",
						 rec->owner, rec->ttl, rec->class, rec->type, rec->rdata);
	else
		appendStringInfo(out, STREAM_DELETE " %s %s %s %s",
						 rec->owner, rec->class, rec->type, rec->rdata);
	end_line(ctx, last_write);
}

static void
report_no_old_row(LogicalDecodingContext *ctx, ReorderBufferTXN *txn,
				  Relation rel, RecordTableEntry *entry, const char *action)
{
	Bitmapset  *identity = NULL;
	StringInfoData missing;
	const char *replident;
	int			col;
	int			n = 0;

	switch (entry->replident)
	{
		case REPLICA_IDENTITY_DEFAULT:
			replident = "DEFAULT";
			identity = RelationGetIdentityKeyBitmap(rel);
			break;
		case REPLICA_IDENTITY_INDEX:
			replident = "USING INDEX";
			identity = RelationGetIdentityKeyBitmap(rel);
			break;
		case REPLICA_IDENTITY_NOTHING:
			replident = "NOTHING";
			break;
		default:
			replident = "FULL";
			break;
	}

	/* the columns a delete needs that the identity leaves out */
	initStringInfo(&missing);
	for (col = 0; col < NUM_RECORD_COLUMNS; col++)
	{
		AttrNumber	attnum = entry->attnum[col];

		if (COLUMN_IS_TTL(col) || attnum == InvalidAttrNumber ||
			bms_is_member(attnum - FirstLowInvalidHeapAttributeNumber, identity))
			continue;
		appendStringInfo(&missing, "%s%s", n++ > 0 ? ", " : "",
						 quote_identifier(NameStr(TupleDescAttr(RelationGetDescr(rel), attnum - 1)->attname)));
	}

	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("cannot decode %s on table \"%s\" without the old row",
					action, relation_display_name(rel)),
			 errdetail("\"update delete\" needs the old values of %s, which replica identity %s does not log.",
					   missing.data, replident),
			 errhint("Run ALTER TABLE %s REPLICA IDENTITY FULL; then %s and bring the DNS in line with the table by hand.",
					 relation_quoted_name(rel), skip_advice(ctx, txn)),
			 skip_context(ctx, txn)));
}

/*
 * A row's change as the DNS sees it: the delete of its old record
 * (oldsrc NULL: none) and the add of its new one (newsrc NULL: none),
 * everything checked before anything is written.
 */
static void
write_change(LogicalDecodingContext *ctx, ReorderBufferTXN *txn,
			 RowSource *oldsrc, DnsRecord *oldrec,
			 RowSource *newsrc, DnsRecord *newrec)
{
	Wal2NsupdateTxnData *txndata = txn->output_plugin_private;
	const char *zone = txndata->zone;

	if (oldsrc != NULL)
		check_zone_sequence(ctx, txn, &zone, oldrec, oldsrc);
	if (newsrc != NULL)
		check_zone_sequence(ctx, txn, &zone, newrec, newsrc);

	if (oldsrc != NULL)
		write_record(ctx, txn, oldrec, false, newsrc == NULL);
	if (newsrc != NULL)
		write_record(ctx, txn, newrec, true, true);
}

/*
 * A parent's change
 */

/* does any hop of a path that reads the parent read a column that changed? */
static bool
parent_change_matters(List *reads, Relation parent,
					  HeapTuple oldrow, HeapTuple newrow)
{
	TupleDesc	desc = RelationGetDescr(parent);
	ListCell   *lc;

	foreach(lc, reads)
	{
		AttrNumber	attnum = get_attnum(RelationGetRelid(parent),
										((ParentRead *) lfirst(lc))->column);
		Form_pg_attribute att = TupleDescAttr(desc, attnum - 1);
		Datum		a;
		Datum		b;
		bool		anull;
		bool		bnull;

		a = heap_getattr(oldrow, attnum, desc, &anull);
		b = heap_getattr(newrow, attnum, desc, &bnull);
		/* (a value stored short, or missing and added by ALTER TABLE, is the same) */
		if (anull != bnull ||
			(!anull && !datum_image_eq(a, b, att->attbyval, att->attlen)))
			return true;
	}
	return false;
}

/* A row that leads to a changed parent: its record before and after. */
typedef struct RepublishedRow
{
	RowSource	oldsrc;
	RowSource	newsrc;
	DnsRecord	oldrec;
	DnsRecord	newrec;
	bool		have_old;		/* the delete of oldrec */
	bool		have_new;		/* the add of newrec */
} RepublishedRow;

/*
 * The rows of one record table (a leaf), opened as rel, that lead to the
 * parent row whose key is key (text) through one of reads (the parent's),
 * each mapped with the parents as they were before the change and as
 * they are after it: those whose records differ are added to *rows
 * (RepublishedRow, in the current memory context, with a copy of the row).
 */
static void
republish_table(LogicalDecodingContext *ctx, ReorderBufferTXN *txn,
				Relation rel, List *reads, const char *key, Snapshot before,
				List **rows)
{
	Wal2NsupdateData *data = ctx->output_plugin_private;
	Oid			relid = RelationGetRelid(rel);
	MemoryContext kept = CurrentMemoryContext;
	RowSource	stored;			/* what every row's source shares */
	MemoryContext rowcontext;
	List	   *links = NIL;	/* of ColumnPath: the way to the parent's key */
	List	   *link_attnums = NIL; /* the column each starts from */
	ListCell   *lc;
	ListCell   *hc;
	SysScanDesc scan;
	HeapTuple	tuple;

	/* a partition attached since decoding started */
	check_catalog_table(rel, false);
	memset(&stored, 0, sizeof(stored));
	stored.rel = rel;
	stored.entry = get_record_table_entry(data, rel);
	stored.stored = true;
	stored.label = "row of a changed parent";
	foreach(lc, reads)
	{
		ColumnPath *link = &((ParentRead *) lfirst(lc))->link;
		AttrNumber	attnum = get_attnum(relid, link->column);

		if (attnum != InvalidAttrNumber)
		{
			links = lappend(links, link);
			link_attnums = lappend_int(link_attnums, attnum);
		}
	}

	rowcontext = AllocSetContextCreate(kept, "wal2nsupdate republished row",
									   ALLOCSET_DEFAULT_SIZES);
	scan = systable_beginscan(rel, InvalidOid, false, NULL, 0, NULL);
	while ((tuple = systable_getnext(scan)) != NULL)
	{
		RepublishedRow *row;
		RowSource	src = stored;
		bool		leads = false;

		src.tuple = tuple;
		MemoryContextSwitchTo(rowcontext);
		forboth(lc, links, hc, link_attnums)
		{
			char	   *linked = attribute_text(ctx, txn, &src, lfirst_int(hc),
												lfirst(lc), NULL, NULL);

			leads |= linked != NULL && strcmp(linked, key) == 0;
		}
		MemoryContextSwitchTo(kept);
		MemoryContextReset(rowcontext);
		if (!leads)
			continue;

		/*
		 * as for an UPDATE's old row: left out, it was told of; the new row
		 * told of when it is read
		 */
		row = palloc(sizeof(RepublishedRow));
		row->newsrc = stored;
		row->newsrc.tuple = heap_copytuple(tuple);
		row->oldsrc = row->newsrc;
		row->oldsrc.is_old = true;
		row->oldsrc.quiet = true;
		row->oldsrc.parents = before;
		row->have_old = get_record(ctx, txn, &row->oldsrc, false, &row->oldrec);
		row->have_new = get_record(ctx, txn, &row->newsrc, true, &row->newrec);
		if (row->have_old && row->have_new &&
			same_record(&row->oldrec, &row->newrec))
			pfree(row);
		else
			*rows = lappend(*rows, row);
	}
	systable_endscan(scan);
	MemoryContextDelete(rowcontext);
}

/*
 * An UPDATE of a parent table's row that changes a column a path reads
 * (a zone's name, default TTL, status or view; a recordset's name or
 * TTL), not its key, changes the records of the rows that lead to it:
 * their records as they were, mapped with the parents as the change
 * found them, are deleted, then as they are now added, in the change's
 * place in its transaction, with the lines an UPDATE of the record rows
 * writes.  All the deletes come before the adds, so that no add is
 * undone by the delete of another row's old record, and a zone renamed
 * is one zone line for its deletes and one for its adds.  The record
 * tables are read once, as of the change, which needs them to be user
 * catalog tables; the rows whose records change are kept (in the
 * change's memory context, reset after it) until both are written.
 *
 * The change's historic snapshot has its command id plus one: the
 * NEW_CID record logged before a catalog table's row is changed sets it
 * so (SnapBuildProcessNewCid).  A snapshot of the command id itself sees
 * the rows as they were before the command.
 */
static void
republish_children(LogicalDecodingContext *ctx, ReorderBufferTXN *txn,
				   Relation parent, HeapTuple oldtuple, HeapTuple newtuple)
{
	Wal2NsupdateData *data = ctx->output_plugin_private;
	List	   *reads = get_record_table_entry(data, parent)->parent_reads;
	TupleDesc	desc = RelationGetDescr(parent);
	SnapshotData before = *GetCatalogSnapshot(RelationGetRelid(parent));
	Relation	index;
	AttrNumber	keyattnum;
	Form_pg_attribute keyatt;
	Datum		key;
	bool		isnull;
	char	   *keytext;
	HeapTuple	oldrow;
	List	   *rows = NIL;		/* of RepublishedRow */
	List	   *leaves = NIL;	/* of Relation, open until written */
	ListCell   *lc;

	Assert(before.curcid > FirstCommandId);
	before.curcid--;
	index = open_parent_key(parent);
	keyattnum = index->rd_index->indkey.values[0];
	index_close(index, AccessShareLock);
	keyatt = TupleDescAttr(desc, keyattnum - 1);
	key = heap_getattr(newtuple, keyattnum, desc, &isnull);

	/*
	 * A key changed: the rows still lead to the old one, and follow it with
	 * changes of their own (ON UPDATE CASCADE), mapped as any.  (The old
	 * row of a parent of REPLICA IDENTITY DEFAULT is logged only then.)
	 */
	if (oldtuple != NULL &&
		!datum_image_eq(heap_getattr(oldtuple, keyattnum, desc, &isnull), key,
						keyatt->attbyval, keyatt->attlen))
		return;
	oldrow = parent_row(parent, key, keyatt->atttypid, &before);
	if (oldrow == NULL || !parent_change_matters(reads, parent, oldrow, newtuple))
		return;

	keytext = datum_text_of_type(key, keyatt->atttypid);
	foreach(lc, leaf_record_tables(data))
	{
		Relation	rel = table_open(lfirst_oid(lc), AccessShareLock);

		republish_table(ctx, txn, rel, reads, keytext,
						&before, &rows);
		leaves = lappend(leaves, rel);
	}
	foreach(lc, rows)
	{
		RepublishedRow *row = lfirst(lc);

		if (row->have_old)
			write_change(ctx, txn, &row->oldsrc, &row->oldrec, NULL, NULL);
	}
	foreach(lc, rows)
	{
		RepublishedRow *row = lfirst(lc);

		if (row->have_new)
			write_change(ctx, txn, NULL, NULL, &row->newsrc, &row->newrec);
	}
	foreach(lc, leaves)
		table_close(lfirst(lc), AccessShareLock);
}

/* CHANGE callback */
static void
pg_decode_change(LogicalDecodingContext *ctx, ReorderBufferTXN *txn,
				 Relation relation, ReorderBufferChange *change)
{
	Wal2NsupdateData *data = ctx->output_plugin_private;
	RecordTableEntry *entry;
	MemoryContext old;
	HeapTuple	newtuple;
	HeapTuple	oldtuple;
	RowSource	oldsrc;
	RowSource	newsrc;
	DnsRecord	oldrec;
	DnsRecord	newrec;
	bool		have_old = false;
	bool		have_new = false;

	write_pending(ctx, txn, false);

	/* Avoid leaking memory by using and resetting our own context */
	old = MemoryContextSwitchTo(data->context);

	entry = get_record_table_entry(data, relation);
	if (entry->parent_reads != NIL && change->action == REORDER_BUFFER_CHANGE_UPDATE &&
		change->data.tp.newtuple != NULL)
		republish_children(ctx, txn, relation,
						   CHANGE_TUPLE(change->data.tp.oldtuple),
						   CHANGE_TUPLE(change->data.tp.newtuple));
	if (!entry->is_record_table)
	{
		MemoryContextSwitchTo(old);
		MemoryContextReset(data->context);
		return;
	}

	newtuple = CHANGE_TUPLE(change->data.tp.newtuple);
	oldtuple = CHANGE_TUPLE(change->data.tp.oldtuple);

	newsrc.rel = oldsrc.rel = relation;
	newsrc.entry = oldsrc.entry = entry;
	newsrc.oldtuple = oldsrc.oldtuple = NULL;
	newsrc.is_old = false;
	oldsrc.is_old = true;
	newsrc.quiet = oldsrc.quiet = false;
	newsrc.parents = oldsrc.parents = NULL;
	newsrc.stored = oldsrc.stored = false;

	switch (change->action)
	{
		case REORDER_BUFFER_CHANGE_INSERT:
			if (newtuple == NULL)
				break;
			newsrc.tuple = newtuple;
			newsrc.label = "inserted row";
			have_new = get_record(ctx, txn, &newsrc, true, &newrec);
			break;

		case REORDER_BUFFER_CHANGE_UPDATE:
			if (!entry->old_row_logged)
				report_no_old_row(ctx, txn, relation, entry, "UPDATE");
			if (newtuple == NULL)
				break;

			/*
			 * With an identity index that covers owner, type, rdata, zone
			 * and class, the old row is logged only when one of them
			 * changes; else the new row has the old values.
			 */
			oldsrc.tuple = oldtuple != NULL ? oldtuple : newtuple;
			oldsrc.label = "old row";
			/* a row left out was told of when it was written */
			oldsrc.quiet = true;
			newsrc.tuple = newtuple;
			newsrc.oldtuple = oldtuple;
			newsrc.label = "new row";
			have_old = get_record(ctx, txn, &oldsrc, false, &oldrec);
			have_new = get_record(ctx, txn, &newsrc, true, &newrec);

			/*
			 * Only a whole old row tells that nothing the DNS sees has
			 * changed (an identity index leaves the TTL out).
			 */
			if (have_old && have_new && oldtuple != NULL &&
				entry->replident == REPLICA_IDENTITY_FULL &&
				same_record(&oldrec, &newrec))
				have_old = have_new = false;
			break;

		case REORDER_BUFFER_CHANGE_DELETE:
			if (!entry->old_row_logged || oldtuple == NULL)
				report_no_old_row(ctx, txn, relation, entry, "DELETE");
			oldsrc.tuple = oldtuple;
			oldsrc.label = "deleted row";
			have_old = get_record(ctx, txn, &oldsrc, false, &oldrec);
			break;

		default:
			Assert(false);
	}

	write_change(ctx, txn, have_old ? &oldsrc : NULL, &oldrec,
				 have_new ? &newsrc : NULL, &newrec);
	MemoryContextSwitchTo(old);
	MemoryContextReset(data->context);
}

/*
 * TRUNCATE callback.  TRUNCATE logs no rows, so the records it removed
 * cannot be deleted from the DNS: stop rather than pass over it.
 */
static void
pg_decode_truncate(LogicalDecodingContext *ctx, ReorderBufferTXN *txn,
				   int nrelations, Relation relations[],
				   ReorderBufferChange *change)
{
	Wal2NsupdateData *data = ctx->output_plugin_private;
	MemoryContext old;
	int			i;

	write_pending(ctx, txn, false);
	old = MemoryContextSwitchTo(data->context);
	for (i = 0; i < nrelations; i++)
	{
		RecordTableEntry *entry = get_record_table_entry(data, relations[i]);

		if (entry->is_record_table)
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("cannot decode TRUNCATE of record table \"%s\"",
							relation_display_name(relations[i])),
					 errdetail("TRUNCATE does not log the rows it removes, so their records cannot be deleted from the DNS."),
					 errhint("Delete the table's records from the DNS by hand and %s; use DELETE, not TRUNCATE, on record tables.",
							 skip_advice(ctx, txn)),
			 skip_context(ctx, txn)));
	}
	MemoryContextSwitchTo(old);
	MemoryContextReset(data->context);
}

/*
 * The tables' rows as records
 */

#define NUM_RECORDS_COLUMNS 7

/* one table's rows, mapped as its changes are */
static void
map_table_rows(LogicalDecodingContext *ctx, Oid relid, ReturnSetInfo *rsinfo)
{
	Wal2NsupdateData *data = ctx->output_plugin_private;
	Relation	rel = table_open(relid, AccessShareLock);
	RecordTableEntry *entry = get_record_table_entry(data, rel);
	TableScanDesc scan;
	HeapTuple	tuple;

	/* the record tables are heap tables, as logical decoding needs */
	scan = table_beginscan(rel, GetActiveSnapshot(), 0, NULL);
	while ((tuple = heap_getnext(scan, ForwardScanDirection)) != NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(data->context);
		RowSource	src;
		DnsRecord	rec;

		memset(&src, 0, sizeof(src));
		src.rel = rel;
		src.entry = entry;
		src.tuple = tuple;
		src.label = "row";
		src.stored = true;
		if (get_record(ctx, NULL, &src, true, &rec))
		{
			Datum		values[NUM_RECORDS_COLUMNS];
			bool		nulls[NUM_RECORDS_COLUMNS] = {0};

			values[0] = rec.zone != NULL ? CStringGetTextDatum(rec.zone) : (Datum) 0;
			nulls[0] = (rec.zone == NULL);
			values[1] = CStringGetTextDatum(rec.owner);
			values[2] = Int64GetDatum(rec.ttl);
			values[3] = CStringGetTextDatum(rec.class);
			values[4] = CStringGetTextDatum(rec.type);
			values[5] = CStringGetTextDatum(rec.rdata);
			values[6] = ObjectIdGetDatum(relid);
			MemoryContextSwitchTo(old);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc,
								 values, nulls);
		}
		MemoryContextSwitchTo(old);
		MemoryContextReset(data->context);
	}
	table_endscan(scan);
	table_close(rel, AccessShareLock);
}

/*
 * The options of the SQL functions: name, value pairs of a text array, as
 * pg_logical_slot_get_changes takes them.
 */
static List *
options_of_array(ArrayType *array)
{
	Datum	   *elems;
	bool	   *elem_nulls;
	int			nelems;
	List	   *options = NIL;
	int			i;

	deconstruct_array(array, TEXTOID, -1, false, TYPALIGN_INT,
					  &elems, &elem_nulls, &nelems);
	if (nelems % 2 != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the options are name, value pairs: %d is an odd number of strings",
						nelems)));
	for (i = 0; i < nelems; i += 2)
	{
		if (elem_nulls[i] || elem_nulls[i + 1])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("an option's name or value is NULL")));
		options = lappend(options,
						  makeDefElem(TextDatumGetCString(elems[i]),
									  (Node *) makeString(TextDatumGetCString(elems[i + 1])),
									  -1));
	}
	return options;
}

/*
 * The function reads tables as its caller: only those the caller may
 * SELECT (decoding, with the REPLICATION attribute, reads them all).
 */
static void
check_select(Oid relid)
{
	AclResult	aclresult = pg_class_aclcheck(relid, GetUserId(), ACL_SELECT);

	if (aclresult != ACLCHECK_OK)
		aclcheck_error(aclresult, OBJECT_TABLE, get_rel_name(relid));
}

static void
check_path_select(const ColumnPath *path)
{
	ListCell   *lc;

	foreach(lc, path->hops)
		check_select(((ParentHop *) lfirst(lc))->relid);
}

/*
 * wal2nsupdate_records(options text[]): the records the tables hold as of
 * the query, mapped by the same options and the same code as decoding
 * maps their changes, for a comparison with the DNS (pg2dns verify):
 * zone, owner, ttl, class, type, rdata and the row's table.  The options
 * are name, value pairs, as pg_logical_slot_get_changes takes them.  A
 * row the DNS cannot hold is left out with a WARNING, whatever bad-rows
 * says: there is no stream to stop.
 */
Datum
wal2nsupdate_records(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	LogicalDecodingContext ctx;
	Wal2NsupdateData *data;
	ListCell   *lc;
	int			i;

	InitMaterializedSRF(fcinfo, 0);
	data = parse_options(options_of_array(PG_GETARG_ARRAYTYPE_P(0)),
						 CurrentMemoryContext);
	data->skip_bad_rows = true;
	resolve_tables(data, NULL, false);
	foreach(lc, data->table_oids)
		check_select(lfirst_oid(lc));
	for (i = 0; i < NUM_RECORD_COLUMNS; i++)
		check_path_select(&data->colpath[i]);
	foreach(lc, data->row_filter)
		check_path_select(&((RowCondition *) lfirst(lc))->path);
	init_record_table_cache();

	/* what the mapping reads of a decoding context: the options */
	memset(&ctx, 0, sizeof(ctx));
	ctx.output_plugin_private = data;
	foreach(lc, leaf_record_tables(data))
		map_table_rows(&ctx, lfirst_oid(lc), rsinfo);
	MemoryContextDelete(data->context);
	return (Datum) 0;
}

/* one missing prerequisite: the table, what it lacks, the SQL that fixes it */
static void
put_prerequisite(ReturnSetInfo *rsinfo, Oid relid, char *missing, char *fix)
{
	Datum		values[3];
	bool		nulls[3] = {0};

	values[0] = ObjectIdGetDatum(relid);
	values[1] = CStringGetTextDatum(missing);
	values[2] = CStringGetTextDatum(fix);
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
}

/*
 * wal2nsupdate_prerequisites(options text[]): the options checked as
 * decoding checks them when it starts (an ERROR names what is wrong), and
 * what the tables they name lack: a parent table that is not a user
 * catalog table (decoding would stop at its first row), a record table,
 * or a partition of one, whose replica identity is not FULL (a delete
 * needs the old row, a row filter sees it, and an UPDATE that changes
 * nothing the DNS sees is told apart only with all of it); each with the
 * SQL that gives it, for pg2dns init.
 */
Datum
wal2nsupdate_prerequisites(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Wal2NsupdateData *data;
	List	   *uncataloged = NIL;
	ListCell   *lc;

	InitMaterializedSRF(fcinfo, 0);
	data = parse_options(options_of_array(PG_GETARG_ARRAYTYPE_P(0)),
						 CurrentMemoryContext);
	resolve_tables(data, &uncataloged, true);
	init_record_table_cache();
	foreach(lc, uncataloged)
	{
		Relation	rel = table_open(lfirst_oid(lc), AccessShareLock);

		put_prerequisite(rsinfo, lfirst_oid(lc),
						 parent_reads(data, lfirst_oid(lc)) != NIL ?
						 "user_catalog_table: decoding reads a parent table as of the decoded change only if it is a user catalog table, set before the slot is created" :
						 "user_catalog_table: decoding reads a record table as of the decoded change, to republish its records when a parent row changes, only if it is a user catalog table, set before the slot is created",
						 psprintf("ALTER TABLE %s SET (user_catalog_table = true);",
								  relation_quoted_name(rel)));
		table_close(rel, AccessShareLock);
	}
	foreach(lc, leaf_record_tables(data))
	{
		Relation	rel = table_open(lfirst_oid(lc), AccessShareLock);

		/* its columns, checked as decoding checks them */
		if (get_record_table_entry(data, rel)->replident != REPLICA_IDENTITY_FULL)
			put_prerequisite(rsinfo, lfirst_oid(lc),
							 "REPLICA IDENTITY FULL: a delete needs the old row, a row filter reads it, and an UPDATE that changes nothing the DNS sees writes nothing only with all of it",
							 psprintf("ALTER TABLE %s REPLICA IDENTITY FULL;",
									  relation_quoted_name(rel)));
		table_close(rel, AccessShareLock);
	}
	MemoryContextDelete(data->context);
	return (Datum) 0;
}
