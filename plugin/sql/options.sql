-- Plugin options: column names, tables, default-ttl.
SELECT 'init' FROM pg_create_logical_replication_slot('options_slot', 'wal2nsupdate');

-- a PowerDNS records table, decoded as it is
CREATE SCHEMA pdns;
CREATE TABLE pdns.records (
	id			bigserial PRIMARY KEY,
	domain_id	integer,
	name		varchar(255),
	type		varchar(10),
	content		varchar(65535),
	ttl			integer,
	prio		integer,
	disabled	boolean DEFAULT false,
	ordername	varchar(255),
	auth		boolean DEFAULT true
);
ALTER TABLE pdns.records REPLICA IDENTITY FULL;
INSERT INTO pdns.records (domain_id, name, type, content, ttl) VALUES
	(1, 'example.com', 'SOA', 'ns.example.com. hostmaster.example.com. 1 10800 3600 604800 3600', 3600),
	(1, 'www.example.com', 'A', '192.0.2.10', NULL);
UPDATE pdns.records SET content = '192.0.2.11' WHERE name = 'www.example.com';
DELETE FROM pdns.records WHERE type = 'SOA';
-- (SOA belongs to the primary: left out, see option exclude-types)
-- (dns.rr is not named in "tables": not decoded)
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'rr.example.com', 'A', '192.0.2.12');
SELECT data FROM pg_logical_slot_peek_changes('options_slot', NULL, NULL,
	'include-xids', '0', 'include-lsn', '0', 'include-timestamp', '0',
	'owner-column', 'name', 'rdata-column', 'content', 'default-ttl', '300',
	'tables', 'pdns.records');

-- "tables" names the tables to decode (schema-qualified, comma-separated,
-- quoted as in SQL); each must exist when decoding starts
SELECT data FROM pg_logical_slot_peek_changes('options_slot', NULL, NULL,
	'include-xids', '0', 'include-lsn', '0', 'include-timestamp', '0',
	'tables', ' dns.rr ');
SELECT changes('options_slot', 'tables', ' dns.rr , public.nosuchtable');
SELECT changes('options_slot', 'tables', 'records');
SELECT changes('options_slot', 'tables', 'dns.rr,');
-- a table named in "tables" must have the columns
SELECT changes('options_slot', 'tables', 'pdns.records, DNS.RR');
SELECT pg_drop_replication_slot('options_slot');

-- quoted names; "zone-column" '' turns the zone column off, and so on
SELECT 'init' FROM pg_create_logical_replication_slot('options_slot', 'wal2nsupdate');
CREATE SCHEMA "My Schema";
CREATE TABLE "My Schema"."Records" ("Zone" text, "Owner" text, "Type" text,
	"Data" text, "Life" integer, "Class" text);
ALTER TABLE "My Schema"."Records" REPLICA IDENTITY FULL;
INSERT INTO "My Schema"."Records" VALUES ('example.com', 'q.example.com', 'A', '192.0.2.13', NULL, 'IN');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'rr2.example.com', 'A', '192.0.2.14');
SELECT data FROM pg_logical_slot_peek_changes('options_slot', NULL, NULL,
	'include-xids', '0', 'include-lsn', '0', 'include-timestamp', '0',
	'tables', '"My Schema"."Records"',
	'zone-column', 'Zone', 'owner-column', 'Owner', 'type-column', 'Type',
	'rdata-column', 'Data', 'ttl-column', 'Life', 'class-column', 'Class',
	'default-ttl', '86400');
SELECT data FROM pg_logical_slot_peek_changes('options_slot', NULL, NULL,
	'include-xids', '0', 'include-lsn', '0', 'include-timestamp', '0',
	'zone-column', '', 'ttl-column', '', 'tables', 'dns.rr');
SELECT pg_drop_replication_slot('options_slot');

-- bad options
SELECT 'init' FROM pg_create_logical_replication_slot('options_slot', 'wal2nsupdate');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'rr3.example.com', 'A', '192.0.2.15');
SELECT changes('options_slot', 'default-ttl', '-1');
SELECT changes('options_slot', 'default-ttl', '2147483648');
SELECT changes('options_slot', 'default-ttl', '1h');
SELECT changes('options_slot', 'owner-column', '');
SELECT changes('options_slot', 'no-such-option', 'x');
SELECT changes('options_slot', 'skip-hint', 'pg_recvlogical');
SELECT changes('options_slot', 'tables', 'a.b.c.d');
-- without "tables", nothing is decoded by accident
SELECT changes('options_slot');
-- a record table's ttl column must be an integer
CREATE TABLE public.badttl (owner text, type text, rdata text, ttl interval);
INSERT INTO public.badttl VALUES ('x.example.com', 'A', '192.0.2.16', '1 hour');
SELECT changes('options_slot', 'tables', 'public.badttl');
SELECT pg_drop_replication_slot('options_slot');
DROP TABLE public.badttl;
-- and its other columns must be of the right types
SELECT 'init' FROM pg_create_logical_replication_slot('options_slot', 'wal2nsupdate');
CREATE TABLE public.notrr2 (owner integer, type text, rdata text, class integer);
INSERT INTO public.notrr2 VALUES (2, 'A', '192.0.2.18', 1);
SELECT changes('options_slot', 'tables', 'public.notrr2');
SELECT pg_drop_replication_slot('options_slot');

-- batch-writes: the lines of a change in one write, the COMMIT line in
-- the last change's; the text is the same
SELECT 'init' FROM pg_create_logical_replication_slot('options_slot', 'wal2nsupdate');
CREATE TABLE public.bw (zone text, owner text, type text, rdata text);
ALTER TABLE public.bw REPLICA IDENTITY FULL;
INSERT INTO public.bw VALUES ('example.com', 'w1.example.com', 'A', '192.0.2.19');
BEGIN;
INSERT INTO public.bw VALUES ('example.com', 'w2.example.com', 'A', '192.0.2.20');
UPDATE public.bw SET rdata = '192.0.2.21' WHERE owner = 'w2.example.com';
COMMIT;
SELECT data FROM pg_logical_slot_peek_changes('options_slot', NULL, NULL,
	'include-xids', '0', 'include-lsn', '0', 'include-timestamp', '0',
	'tables', 'public.bw', 'batch-writes', 'on');
SELECT (SELECT string_agg(data, E'\n') FROM pg_logical_slot_peek_changes('options_slot',
		NULL, NULL, 'tables', 'public.bw', 'batch-writes', 'on')) =
	(SELECT string_agg(data, E'\n') FROM pg_logical_slot_peek_changes('options_slot',
		NULL, NULL, 'tables', 'public.bw')) AS same_text;
SELECT changes('options_slot', 'batch-writes', 'sometimes');
SELECT pg_drop_replication_slot('options_slot');
DROP TABLE public.bw;
