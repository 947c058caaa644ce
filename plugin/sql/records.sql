-- wal2nsupdate_records(options): the records the tables hold now, mapped
-- by the same options and code as decoding maps their changes (for
-- pg2dns verify); from the extension, which schema.sql created
SELECT extname, extversion FROM pg_extension WHERE extname = 'wal2nsupdate';

SELECT 'init' FROM pg_create_logical_replication_slot('records_slot', 'wal2nsupdate');
SELECT powerdns_tables();
INSERT INTO public.domains (id, name, type) VALUES (1, 'example.com', 'NATIVE'),
	(2, 'example.net', 'NATIVE');
INSERT INTO public.records (domain_id, name, type, content, ttl, prio, disabled) VALUES
	(1, 'example.com', 'SOA', 'ns1.example.com hostmaster.example.com 1 2 3 4 5', 3600, 0, false),
	(1, 'example.com', 'MX', 'mx1.example.com', 3600, 10, false),
	(1, 'example.com', 'ALIAS', 'lb.example.net', 300, 0, false),
	(1, 'www.example.com', 'A', '192.0.2.1', NULL, 0, false),
	(1, 'off.example.com', 'A', '192.0.2.2', 300, 0, true),
	(1, 'long.example.com', 'TXT', repeat('x', 300), 300, 0, false),
	(2, '_sip._tcp.example.net', 'SRV', '5 5060 sip.example.net', 600, 20, false);
UPDATE public.records SET content = '192.0.2.3' WHERE name = 'www.example.com';
UPDATE public.domains SET name = 'example.org' WHERE id = 2;
INSERT INTO public.records (domain_id, name, type, content, ttl) VALUES
	(2, 'www.example.org', 'A', '192.0.2.4', 60);

-- the rows now; then what decoding wrote, which applied in order is the
-- same: the SRV record's domain was renamed after it was written, which
-- deleted it, its owner no longer in its zone
SELECT * FROM wal2nsupdate_records('{profile,powerdns}') ORDER BY owner, type;
SELECT data FROM pg_logical_slot_get_changes('records_slot', NULL, NULL,
	'profile', 'powerdns', 'include-xids', '0', 'include-lsn', '0',
	'include-timestamp', '0');

-- a partitioned table stands for its partitions; the options are pairs
CREATE TABLE public.parted (zone text, owner text, type text, rdata text)
	PARTITION BY LIST (zone);
CREATE TABLE public.parted_com PARTITION OF public.parted FOR VALUES IN ('example.com');
CREATE TABLE public.parted_net PARTITION OF public.parted FOR VALUES IN ('example.net');
INSERT INTO public.parted VALUES ('example.com', 'a.example.com', 'A', '192.0.2.5'),
	('example.net', 'a.example.net', 'A', '198.51.100.5');
SELECT * FROM wal2nsupdate_records('{tables,public.parted,ttl-column,"",class-column,""}') ORDER BY owner;
SELECT * FROM wal2nsupdate_records('{tables}');
SELECT * FROM wal2nsupdate_records('{tables,public.nosuch}');

SELECT pg_drop_replication_slot('records_slot');

-- a role reads only the tables it may SELECT, parents too; a partitioned
-- table's partitions through it
CREATE ROLE records_reader;
GRANT SELECT ON public.records, public.parted TO records_reader;
SET ROLE records_reader;
SELECT count(*) FROM wal2nsupdate_records('{tables,public.parted,ttl-column,"",class-column,""}');
SELECT count(*) FROM wal2nsupdate_records('{profile,powerdns}');
SELECT count(*) FROM wal2nsupdate_records('{tables,public.domains,owner-column,name,type-column,type,rdata-column,name}');
RESET ROLE;
DROP TABLE public.parted, public.records, public.domains;
DROP ROLE records_reader;

-- wal2nsupdate_prerequisites(options): what the tables lack, with the
-- SQL that gives it; the options checked as decoding checks them
CREATE TABLE public.domains (id integer PRIMARY KEY, name text);
CREATE TABLE public.records (id integer PRIMARY KEY, domain_id integer,
	name text, type text, content text, ttl integer, prio integer,
	disabled boolean);
CREATE TABLE public.parted (zone text, owner text, type text, rdata text)
	PARTITION BY LIST (zone);
CREATE TABLE public.parted_com PARTITION OF public.parted FOR VALUES IN ('example.com');
CREATE TABLE public.parted_net PARTITION OF public.parted FOR VALUES IN ('example.net');
ALTER TABLE public.parted_net REPLICA IDENTITY FULL;
SELECT * FROM wal2nsupdate_prerequisites('{profile,powerdns}');
SELECT * FROM wal2nsupdate_prerequisites('{tables,"public.parted, dns.rr"}');
ALTER TABLE public.domains SET (user_catalog_table = true);
ALTER TABLE public.records SET (user_catalog_table = true);
ALTER TABLE public.records REPLICA IDENTITY FULL;
SELECT * FROM wal2nsupdate_prerequisites('{profile,powerdns}');
SELECT * FROM wal2nsupdate_prerequisites('{profile,powerdns,prio-column,nosuch}');
SELECT * FROM wal2nsupdate_prerequisites('{profile,nosuch}');
DROP TABLE public.parted, public.records, public.domains;
