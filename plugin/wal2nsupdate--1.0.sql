-- wal2nsupdate 1.0: the SQL side of the output plugin
\echo Use "CREATE EXTENSION wal2nsupdate" to load this file. \quit

-- The records the tables hold as of the query, mapped by the options of
-- the output plugin and by its code (wal2nsupdate(7)); rows and parent
-- rows are read only where the caller may SELECT them.
CREATE FUNCTION wal2nsupdate_records(options text[])
RETURNS TABLE (zone text, owner text, ttl bigint, class text, type text,
	rdata text, source regclass)
AS 'MODULE_PATHNAME', 'wal2nsupdate_records'
LANGUAGE C STABLE STRICT;

-- The options checked as decoding checks them (an ERROR says what is
-- wrong), and what the tables they name lack, each with the SQL that
-- gives it (pg2dns init prints them): a parent table's
-- user_catalog_table, a record table's REPLICA IDENTITY FULL.
CREATE FUNCTION wal2nsupdate_prerequisites(options text[])
RETURNS TABLE (tablename regclass, missing text, fix text)
AS 'MODULE_PATHNAME', 'wal2nsupdate_prerequisites'
LANGUAGE C STABLE STRICT;
