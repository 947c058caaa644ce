-- The default output: BEGIN xid, and COMMIT xid end-lsn time, where the
-- time is the commit time in UTC as one ISO 8601 token.
SET TimeZone = 'America/New_York';	-- the output must not depend on it
SELECT 'init' FROM pg_create_logical_replication_slot('format_slot', 'wal2nsupdate');

INSERT INTO dns.rr (zone, owner, ttl, type, rdata)
	VALUES ('example.com', 'www.example.com', 300, 'A', '192.0.2.1');
BEGIN;
INSERT INTO dns.rr (zone, owner, type, rdata)
	VALUES ('example.net', 'www.example.net', 'AAAA', '2001:db8::1');
COMMIT;

-- each BEGIN and COMMIT carries the transaction's own xid; the LSN is the
-- row's (the end of the commit record); the time is the commit timestamp
-- (track_commit_timestamp = on)
SELECT regexp_replace(data, '^(BEGIN|COMMIT) .*', '\1 ...') AS line,
	CASE WHEN data ~ '^BEGIN'
		THEN data ~ '^BEGIN \d+$' AND split_part(data, ' ', 2)::xid = xid
	WHEN data ~ '^COMMIT'
		THEN data ~ '^COMMIT \d+ [0-9A-F]+/[0-9A-F]+ \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$'
			AND split_part(data, ' ', 2)::xid = xid
			AND split_part(data, ' ', 3)::pg_lsn = lsn
			AND split_part(data, ' ', 4)::timestamptz = pg_xact_commit_timestamp(xid)
	END AS ok
FROM pg_logical_slot_peek_changes('format_slot', NULL, NULL, 'tables', 'dns.rr');

-- the LSN is where to resume: confirming it skips that transaction only
SELECT 'advanced' FROM pg_replication_slot_advance('format_slot',
	(SELECT split_part(data, ' ', 3)::pg_lsn
	 FROM pg_logical_slot_peek_changes('format_slot', NULL, NULL, 'tables', 'dns.rr')
	 WHERE data ~ '^COMMIT' LIMIT 1));
SELECT data FROM pg_logical_slot_get_changes('format_slot', NULL, NULL, 'tables', 'dns.rr',
	'include-xids', '0', 'include-lsn', '0', 'include-timestamp', '0');

-- each include option drops one token
INSERT INTO dns.rr (zone, owner, type, rdata)
	VALUES ('example.com', 'ftp.example.com', 'CNAME', 'www.example.com.');
SELECT regexp_replace(data, '\d+', 'N', 'g') AS data
FROM pg_logical_slot_peek_changes('format_slot', NULL, NULL, 'tables', 'dns.rr',
	'include-lsn', 'off', 'include-timestamp', 'false');
SELECT data ~ '^COMMIT [0-9A-F]+/[0-9A-F]+$' AS lsn_only
FROM pg_logical_slot_peek_changes('format_slot', NULL, NULL, 'tables', 'dns.rr',
	'include-xids', 'no', 'include-timestamp', '0')
WHERE data ~ '^COMMIT';
SELECT data ~ '^COMMIT \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$' AS time_only
FROM pg_logical_slot_peek_changes('format_slot', NULL, NULL, 'tables', 'dns.rr',
	'include-xids', '0', 'include-lsn', '0')
WHERE data ~ '^COMMIT';
SELECT changes('format_slot', 'include-xids', 'maybe', 'tables', 'dns.rr');

SELECT pg_drop_replication_slot('format_slot');
RESET TimeZone;
