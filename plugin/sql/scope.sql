-- Only the tables that "tables" names are decoded, by identity: the OID
-- each name has when decoding starts, so a rename loses nothing, and a
-- partitioned table stands for its partitions.  Without "tables", or
-- with a name that is not a table, decoding stops with an ERROR.
SELECT 'init' FROM pg_create_logical_replication_slot('scope_slot', 'wal2nsupdate');

-- an audit copy of dns.rr has the same columns, and is not decoded
CREATE TABLE public.rr_audit (LIKE dns.rr);
ALTER TABLE public.rr_audit REPLICA IDENTITY FULL;
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'scope1.example.com', 'A', '192.0.2.1');
INSERT INTO public.rr_audit SELECT * FROM dns.rr WHERE owner = 'scope1.example.com';
SELECT changes('scope_slot');
SELECT changes('scope_slot', 'tables', 'dns.rr');

-- a row written while the table has another name is decoded
SET regress.tables = 'dns.rr';
ALTER TABLE dns.rr RENAME TO rr_old;
INSERT INTO dns.rr_old (zone, owner, type, rdata) VALUES ('example.com', 'scope2.example.com', 'A', '192.0.2.2');
ALTER TABLE dns.rr_old RENAME TO rr;
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'scope3.example.com', 'A', '192.0.2.3');
SELECT changes('scope_slot');
-- while it is away, decoding stops, and resumes when it is back
ALTER TABLE dns.rr RENAME TO rr_old;
INSERT INTO dns.rr_old (zone, owner, type, rdata) VALUES ('example.com', 'scope4.example.com', 'A', '192.0.2.4');
SELECT changes('scope_slot');
ALTER TABLE dns.rr_old RENAME TO rr;
SELECT changes('scope_slot');
-- a table by a new name is decoded under that name
ALTER TABLE dns.rr RENAME TO records;
INSERT INTO dns.records (zone, owner, type, rdata) VALUES ('example.com', 'scope5.example.com', 'A', '192.0.2.5');
SELECT changes('scope_slot', 'tables', 'dns.records');
ALTER TABLE dns.records RENAME TO rr;

-- a partitioned table: its partitions are decoded, those attached later
-- too, and a row moved from one partition to another is a delete and an add
CREATE TABLE public.prr (zone text, owner text, ttl integer, type text,
	rdata text) PARTITION BY LIST (zone);
CREATE TABLE public.prr_com PARTITION OF public.prr FOR VALUES IN ('example.com');
ALTER TABLE public.prr_com REPLICA IDENTITY FULL;
SET regress.tables = 'public.prr';
INSERT INTO public.prr VALUES ('example.com', 'p1.example.com', 60, 'A', '192.0.2.10');
CREATE TABLE public.prr_net (LIKE public.prr);
ALTER TABLE public.prr_net REPLICA IDENTITY FULL;
ALTER TABLE public.prr ATTACH PARTITION public.prr_net FOR VALUES IN ('example.net');
-- and a partition that is itself partitioned
CREATE TABLE public.prr_org PARTITION OF public.prr FOR VALUES IN ('example.org')
	PARTITION BY HASH (owner);
CREATE TABLE public.prr_org0 PARTITION OF public.prr_org FOR VALUES WITH (MODULUS 1, REMAINDER 0);
ALTER TABLE public.prr_org0 REPLICA IDENTITY FULL;
INSERT INTO public.prr VALUES ('example.net', 'p1.example.net', 60, 'A', '198.51.100.10'),
	('example.org', 'p1.example.org', 60, 'A', '203.0.113.10');
UPDATE public.prr SET zone = 'example.net', owner = 'p2.example.net' WHERE owner = 'p1.example.com';
DELETE FROM public.prr WHERE zone = 'example.org';
SELECT changes('scope_slot');
-- a partition named alone is decoded alone
INSERT INTO public.prr VALUES ('example.com', 'p3.example.com', 60, 'A', '192.0.2.11'),
	('example.net', 'p3.example.net', 60, 'A', '198.51.100.11');
SELECT changes('scope_slot', 'tables', 'public.prr_net');

-- names that are not tables
CREATE VIEW public.rr_view AS SELECT * FROM dns.rr;
SELECT changes('scope_slot', 'tables', 'public.rr_view');
SELECT changes('scope_slot', 'tables', 'dns.nosuchtable');
SELECT changes('scope_slot', 'tables', '');
RESET regress.tables;
SELECT changes('scope_slot');

SELECT pg_drop_replication_slot('scope_slot');
DROP VIEW public.rr_view;
DROP TABLE public.prr, public.rr_audit;
