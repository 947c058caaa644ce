-- Mapping an application's own table: row-filter, UPDATEs the DNS does
-- not see, prio-column, exclude-types, types wal2nsupdate does not know,
-- bad-rows.
SELECT 'init' FROM pg_create_logical_replication_slot('mapping_slot', 'wal2nsupdate');
CREATE SCHEMA app;
CREATE TABLE app.records (
	id			serial PRIMARY KEY,
	zone		text,
	name		text,
	type		text,
	content		text,
	ttl			integer,
	prio		integer,
	disabled	boolean DEFAULT false,
	ordername	text,
	auth		boolean DEFAULT true
);
ALTER TABLE app.records REPLICA IDENTITY FULL;
SET regress.tables = 'app.records';
CREATE FUNCTION app_changes(VARIADIC options text[] DEFAULT '{}')
RETURNS SETOF text LANGUAGE sql AS $$
	SELECT changes('mapping_slot', VARIADIC '{owner-column,name,rdata-column,content,class-column,""}' || options)
$$;

-- row-filter: a row is a record only while every condition holds, in the
-- old row and in the new one; an UPDATE across it is an add or a delete
INSERT INTO app.records (zone, name, type, content, ttl, disabled) VALUES
	('example.com', 'www.example.com', 'A', '192.0.2.1', 300, false),
	('example.com', 'off.example.com', 'A', '192.0.2.2', 300, true),
	('example.com', 'null.example.com', 'A', '192.0.2.3', 300, NULL);
UPDATE app.records SET disabled = false WHERE name = 'off.example.com';
UPDATE app.records SET disabled = true WHERE name = 'www.example.com';
UPDATE app.records SET content = '192.0.2.9' WHERE name = 'www.example.com';
DELETE FROM app.records WHERE name = 'www.example.com';
SELECT app_changes('row-filter', 'disabled=false');
-- several conditions, all of which must hold; the value is read by the
-- column's type (false, f, no, off are one boolean); != holds for any
-- other value but NULL
INSERT INTO app.records (zone, name, type, content, ttl, disabled, auth) VALUES
	('example.com', 'a.example.com', 'A', '192.0.2.4', 300, false, true),
	('example.com', 'b.example.com', 'A', '192.0.2.5', 300, false, false);
SELECT app_changes('row-filter', 'disabled=off, auth!=no');
-- a condition on a column the table lacks, a condition without "="
INSERT INTO app.records (zone, name, type, content) VALUES ('example.com', 'c.example.com', 'A', '192.0.2.6');
SELECT app_changes('row-filter', 'hidden=false');
SELECT app_changes('row-filter', 'disabled');
SELECT app_changes('row-filter', 'disabled=maybe');
SELECT app_changes();

-- an UPDATE that changes nothing the DNS sees writes nothing (PowerDNS's
-- rectify sets ordername and auth); a TTL or a content change is written
UPDATE app.records SET ordername = 'a', auth = false WHERE name = 'a.example.com';
UPDATE app.records SET ttl = 600 WHERE name = 'a.example.com';
UPDATE app.records SET content = '192.0.2.40', ordername = 'b' WHERE name = 'a.example.com';
UPDATE app.records SET ttl = NULL WHERE name = 'c.example.com';
UPDATE app.records SET ttl = 3600 WHERE name = 'c.example.com';
SELECT app_changes();

-- prio-column: MX and SRV (prio-types) are published as prio, blank,
-- content; other types ignore it; a NULL prio of an MX is a bad value
INSERT INTO app.records (zone, name, type, content, ttl, prio) VALUES
	('example.com', 'example.com', 'MX', 'mail.example.com', 3600, 10),
	('example.com', '_sip._tcp.example.com', 'SRV', '5 5060 sip.example.com', 3600, 20),
	('example.com', 'p.example.com', 'A', '192.0.2.7', 3600, 99);
UPDATE app.records SET prio = 20 WHERE type = 'MX';
SELECT app_changes('prio-column', 'prio');
-- a NULL prio: without prio-column, or with MX not in prio-types, the
-- content as it is; else a bad value.  prio-column names an integer column.
INSERT INTO app.records (zone, name, type, content, ttl) VALUES
	('example.com', 'example.com', 'MX', '30 mx3.example.com.', 3600);
CREATE FUNCTION app_peek(VARIADIC options text[] DEFAULT '{}')
RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
	msg text;
BEGIN
	RETURN QUERY SELECT data FROM pg_logical_slot_peek_changes('mapping_slot', NULL, NULL,
		VARIADIC '{include-xids,0,include-lsn,0,include-timestamp,0,tables,app.records,owner-column,name,rdata-column,content,class-column,""}'
		|| options);
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT;
	RETURN NEXT 'ERROR:  ' || msg;
END
$$;
SELECT app_peek();
SELECT app_peek('prio-column', 'prio', 'prio-types', 'SRV');
SELECT app_peek('prio-column', 'prio');
SELECT app_peek('prio-column', 'note');
SELECT app_peek('prio-column', 'content');
DELETE FROM app.records WHERE type IN ('MX', 'SRV');
SELECT 'skipped' FROM pg_replication_slot_advance('mapping_slot', pg_current_wal_insert_lsn());

-- exclude-types: SOA by default (it belongs to the primary), also as
-- TYPE6; the list may be changed or emptied
INSERT INTO app.records (zone, name, type, content, ttl) VALUES
	('example.com', 'example.com', 'SOA', 'ns.example.com. hostmaster.example.com. 1 2 3 4 5', 3600),
	('example.com', 'example.com', 'TYPE6', 'ns.example.com. hostmaster.example.com. 1 2 3 4 6', 3600),
	('example.com', 'example.com', 'NS', 'ns.example.com.', 3600),
	('example.com', 'x.example.com', 'TXT', '"x"', 3600);
SELECT data FROM pg_logical_slot_peek_changes('mapping_slot', NULL, NULL,
	'include-xids', '0', 'include-lsn', '0', 'include-timestamp', '0',
	'tables', 'app.records', 'owner-column', 'name', 'rdata-column', 'content',
	'class-column', '');
SELECT data FROM pg_logical_slot_peek_changes('mapping_slot', NULL, NULL,
	'include-xids', '0', 'include-lsn', '0', 'include-timestamp', '0',
	'tables', 'app.records', 'owner-column', 'name', 'rdata-column', 'content',
	'class-column', '', 'exclude-types', 'soa, TYPE2');
SELECT app_changes('exclude-types', '');

-- types a server has and a standard primary does not (PowerDNS's ALIAS
-- and LUA): left out with a WARNING, whatever bad-rows says
BEGIN;
INSERT INTO app.records (zone, name, type, content, ttl) VALUES
	('example.com', 'example.com', 'ALIAS', 'lb.example.net', 300),
	('example.com', 'lua.example.com', 'LUA', 'A "ifportup(443, {''192.0.2.1''})"', 300),
	('example.com', 'd.example.com', 'A', '192.0.2.8', 300);
UPDATE app.records SET type = 'A', content = '192.0.2.10' WHERE type = 'ALIAS';
COMMIT;
SELECT app_changes();

-- relative-names: the owner and the names in NS, CNAME, DNAME, PTR, MX
-- and SRV RDATA are relative to the zone, as in a zone file ("@" is the
-- zone, a name with a final dot absolute); other RDATA as it is
INSERT INTO app.records (zone, name, type, content, ttl) VALUES
	('example.com', '@', 'MX', '10 mx1', 300),
	('example.com', '@', 'NS', 'ns.example.net.', 300),
	('example.com', 'www', 'CNAME', '@', 300),
	('example.com', '_sip._tcp', 'SRV', '0 5 5060 sip', 300),
	('example.com', 'abs.example.com.', 'TXT', '"mx1 @"', 300),
	('example.com', 'x', 'MX', '\# 3 000a00', 300),
	('2.0.192.in-addr.arpa', '1', 'PTR', 'host.example.com.', 300),
	('2.0.192.in-addr.arpa', '2', 'PTR', 'host_2', 300);
SELECT app_changes('relative-names', 'on', 'bad-rows', 'skip');

-- bad-rows=skip: a row the DNS cannot hold is left out with a WARNING
-- naming table, row and reason; the rest of its transaction is written.
-- bad-rows=stop (the default) stops decoding at it.
BEGIN;
INSERT INTO app.records (zone, name, type, content, ttl) VALUES
	('example.com', 'long.example.com', 'TXT', repeat('x', 300), 300),
	('example.com', 'addr.example.com', 'A', '192.0.2.300', 300),
	('example.com', 'has space.example.com', 'A', '192.0.2.11', 300),
	('example.com', 'ttl.example.com', 'A', '192.0.2.12', -1),
	('example.com', 'example.com', 'MX', 'mail.example.com.', 300),
	('example.com', 'example.com', 'MX', '10 mail_1.example.com.', 300),
	('example.com', '_sip._tcp.example.com', 'SRV', '0 5 sip.example.com.', 300),
	('example.com', 'www.example.net', 'A', '192.0.2.15', 300),
	('example.com', 'good.example.com', 'A', '192.0.2.13', 300);
DELETE FROM app.records WHERE name = 'addr.example.com';
UPDATE app.records SET content = '192.0.2.14' WHERE name = 'ttl.example.com';
COMMIT;
SELECT app_changes();
SELECT app_changes('bad-rows', 'skip');
SELECT app_changes('bad-rows', 'sometimes');
SELECT pg_drop_replication_slot('mapping_slot');
DROP SCHEMA app CASCADE;
RESET regress.tables;
