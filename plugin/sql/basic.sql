-- Record changes of the reference table dns.rr and of a table without a
-- zone column: INSERT adds, DELETE deletes, UPDATE deletes the old record
-- and adds the new one; "zone" lines only where the zone changes.
SELECT 'init' FROM pg_create_logical_replication_slot('basic_slot', 'wal2nsupdate');
SET regress.tables = 'dns.rr';

-- several zones in one transaction; names get a trailing dot; class and
-- TTL as stored, the default TTL (3600) where the TTL is NULL
BEGIN;
INSERT INTO dns.rr (zone, owner, ttl, class, type, rdata) VALUES
	('example.com', 'example.com', 86400, 'IN', 'MX', '10 mail.example.com.'),
	('example.com', 'mail.example.com', NULL, 'IN', 'A', '192.0.2.25'),
	('example.net.', 'www.example.net.', 60, 'in', 'AAAA', '2001:db8::80'),
	('example.com', '*.example.com', 300, 'IN', 'TXT', '"v=spf1 -all" "two strings"'),
	('example.net', 'example.net', 0, 'IN', 'TYPE65280', '\# 2 abcd'),
	('2.0.192.in-addr.arpa', '25.2.0.192.in-addr.arpa', 3600, 'IN', 'PTR', 'mail.example.com.'),
	('example.com', '_sip._tcp.example.com', 3600, 'IN', 'SRV', '0 5 5060 sip.example.com.');
COMMIT;
SELECT changes('basic_slot');

-- UPDATE: delete of the old record, then the add of the new one
UPDATE dns.rr SET rdata = '192.0.2.26' WHERE owner = 'mail.example.com';
UPDATE dns.rr SET ttl = 120 WHERE owner = 'www.example.net.';
-- an UPDATE that moves a record to another zone
UPDATE dns.rr SET zone = 'sub.example.com', owner = 'www.sub.example.com', type = 'A',
	rdata = '192.0.2.80' WHERE owner = 'www.example.net.';
SELECT changes('basic_slot');

-- DELETE
DELETE FROM dns.rr WHERE type IN ('TXT', 'SRV');
SELECT changes('basic_slot');

-- the zone line comes again when the zone changes back within a transaction
BEGIN;
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'a.example.com', 'A', '192.0.2.1');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.net', 'a.example.net', 'A', '192.0.2.2');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'b.example.com', 'A', '192.0.2.3');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'c.example.com', 'A', '192.0.2.4');
COMMIT;
SELECT changes('basic_slot');

-- a table without zone (nor class) column: no zone lines, class IN
CREATE TABLE public.hosts (owner text, type text, rdata text, ttl integer, note text);
ALTER TABLE public.hosts REPLICA IDENTITY FULL;
SET regress.tables = 'dns.rr, public.hosts';
INSERT INTO public.hosts VALUES ('host1.example.org', 'A', '198.51.100.1', 600, 'x'),
	('host2.example.org.', 'A', '198.51.100.2', NULL, 'y');
-- (an UPDATE of a column the DNS does not see writes nothing)
UPDATE public.hosts SET note = 'z' WHERE owner = 'host1.example.org';
DELETE FROM public.hosts WHERE owner = 'host2.example.org.';
SELECT changes('basic_slot');

-- records without a zone first, then with one, in one transaction: fine
BEGIN;
INSERT INTO public.hosts VALUES ('host3.example.org', 'A', '198.51.100.3', 600, NULL);
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'd.example.com', 'A', '192.0.2.5');
COMMIT;
SELECT changes('basic_slot');

-- but no line can undo a "zone" line: a record without a zone after one
-- with a zone stops decoding
BEGIN;
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'e.example.com', 'A', '192.0.2.6');
INSERT INTO public.hosts VALUES ('host4.example.org', 'A', '198.51.100.4', 600, NULL);
COMMIT;
SELECT changes('basic_slot');
SELECT skip_as_hinted('basic_slot');
SELECT changes('basic_slot');

-- character(n) and varchar columns, domains and enums work too
CREATE TYPE rrclass AS ENUM ('IN', 'CH');
CREATE DOMAIN hostname AS varchar(255);
CREATE TABLE public.typed (owner hostname, type character(10), rdata varchar, class rrclass, ttl smallint);
ALTER TABLE public.typed REPLICA IDENTITY FULL;
SET regress.tables = 'dns.rr, public.hosts, public.typed';
INSERT INTO public.typed VALUES ('t.example.org', 'A', '203.0.113.1', 'IN', 30);
DELETE FROM public.typed;
SELECT changes('basic_slot');

-- a table that "tables" does not name is ignored
CREATE TABLE public.notrecords (owner text, type text, value text);
INSERT INTO public.notrecords VALUES ('x.example.org', 'A', '203.0.113.2');
SELECT changes('basic_slot');

SELECT pg_drop_replication_slot('basic_slot');
