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
