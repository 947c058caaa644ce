-- Values from a parent table by foreign key, as of the decoded change:
-- zone-column=domain_id->public.domains.name (PowerDNS's domains and
-- records).  The parent must be a user catalog table.
SELECT 'init' FROM pg_create_logical_replication_slot('parent_slot', 'wal2nsupdate');
CREATE SCHEMA pd;
CREATE TABLE pd.domains (id serial PRIMARY KEY, name varchar(253) NOT NULL, type varchar(8));
CREATE TABLE pd.records (id serial PRIMARY KEY,
	domain_id integer REFERENCES pd.domains ON DELETE CASCADE,
	name varchar(253), type varchar(10), content varchar(65535), ttl integer);
ALTER TABLE pd.records REPLICA IDENTITY FULL;
ALTER TABLE pd.records SET (user_catalog_table = true);
SET regress.tables = 'pd.records';
CREATE FUNCTION pd_changes(VARIADIC options text[] DEFAULT '{}')
RETURNS SETOF text LANGUAGE sql AS $$
	SELECT changes('parent_slot', VARIADIC '{owner-column,name,rdata-column,content,class-column,"",zone-column,domain_id->pd.domains.name}' || options)
$$;

-- not a user catalog table: refused when decoding starts.  (Decoding
-- sees a parent's rows only from transactions that wrote them once the
-- table was one: set it before the rows are written.)
SELECT pd_changes();
ALTER TABLE pd.domains SET (user_catalog_table = true);
INSERT INTO pd.domains (name) VALUES ('example.com');

-- the zone as of each change: a domain made, renamed and filled in one
-- transaction; a record moved to another domain
BEGIN;
INSERT INTO pd.domains (id, name) VALUES (10, 'example.net');
UPDATE pd.domains SET name = 'example.org' WHERE id = 10;
INSERT INTO pd.records (domain_id, name, type, content, ttl) VALUES
	(10, 'www.example.org', 'A', '198.51.100.2', 300);
COMMIT;
INSERT INTO pd.records (domain_id, name, type, content, ttl) VALUES
	(1, 'www.example.com', 'A', '192.0.2.1', 300);
UPDATE pd.records SET domain_id = 10, name = 'www.example.org' WHERE content = '192.0.2.1';
SELECT pd_changes();

-- a domain renamed: its records, with names of the old domain, are
-- deleted and left out (bad-rows=skip) or stop decoding
UPDATE pd.domains SET name = 'example.info' WHERE id = 10;
SELECT pd_changes();
SELECT pd_changes('bad-rows', 'skip');

-- a domain deleted with its records by ON DELETE CASCADE: each record's
-- zone is the domain's as of the transaction's start
INSERT INTO pd.domains (id, name) VALUES (30, 'example.edu');
INSERT INTO pd.records (domain_id, name, type, content, ttl) VALUES
	(30, 'www.example.edu', 'A', '192.0.2.30', 300),
	(30, 'ftp.example.edu', 'A', '192.0.2.31', 300);
DELETE FROM pd.domains WHERE id = 30;
SELECT pd_changes();

-- a key that finds no parent row (no foreign key on it) is a bad value,
-- and so is a NULL key (a record of no zone)
ALTER TABLE pd.records DROP CONSTRAINT records_domain_id_fkey;
INSERT INTO pd.records (domain_id, name, type, content, ttl) VALUES
	(99, 'lost.example.com', 'A', '192.0.2.99', 300);
SELECT pd_changes();
SELECT pd_changes('bad-rows', 'skip');
INSERT INTO pd.records (domain_id, name, type, content, ttl) VALUES
	(NULL, 'free.example.com', 'A', '192.0.2.98', 300);
SELECT pd_changes();
SELECT pd_changes('bad-rows', 'skip');

-- two levels: a parent's column leads to a grandparent
CREATE TABLE pd.views (id integer PRIMARY KEY, suffix text);
ALTER TABLE pd.views SET (user_catalog_table = true);
ALTER TABLE pd.domains ADD COLUMN view_id integer;
INSERT INTO pd.views VALUES (1, 'example.com');
UPDATE pd.domains SET view_id = 1 WHERE id = 1;
INSERT INTO pd.records (domain_id, name, type, content, ttl) VALUES
	(1, 'two.example.com', 'A', '192.0.2.2', 300);
SELECT pd_changes('zone-column', 'domain_id->pd.domains.view_id->pd.views.suffix');

-- default-ttl-column: the TTL where the record's is NULL, here the zone's
-- default TTL (NetBox DNS's default_ttl); NULL there too: default-ttl
ALTER TABLE pd.domains ADD COLUMN default_ttl integer;
UPDATE pd.domains SET default_ttl = 900 WHERE id = 1;
INSERT INTO pd.records (domain_id, name, type, content, ttl) VALUES
	(1, 'own.example.com', 'A', '192.0.2.3', 60),
	(1, 'zone.example.com', 'A', '192.0.2.4', NULL);
UPDATE pd.domains SET default_ttl = NULL WHERE id = 1;
INSERT INTO pd.records (domain_id, name, type, content, ttl) VALUES
	(1, 'none.example.com', 'A', '192.0.2.5', NULL);
SELECT pd_changes('default-ttl-column', 'domain_id->pd.domains.default_ttl');
SELECT pd_changes('default-ttl-column', 'domain_id->pd.domains.name');

-- bad paths
SELECT pd_changes('zone-column', 'domain_id->pd.domains');
SELECT pd_changes('zone-column', 'domain_id->pd.nosuch.name');
SELECT pd_changes('zone-column', 'domain_id->pd.domains.nosuch');
SELECT pd_changes('zone-column', '->pd.domains.name');
CREATE TABLE pd.nokey (id integer, name text);
ALTER TABLE pd.nokey SET (user_catalog_table = true);
SELECT pd_changes('zone-column', 'domain_id->pd.nokey.name');

-- a filter on a parent's column
ALTER TABLE pd.domains ADD COLUMN kind text DEFAULT 'NATIVE';
INSERT INTO pd.domains (id, name, kind) VALUES (20, 'example.biz', 'SLAVE');
INSERT INTO pd.records (domain_id, name, type, content, ttl) VALUES
	(20, 'www.example.biz', 'A', '192.0.2.20', 300),
	(1, 'www2.example.com', 'A', '192.0.2.21', 300);
SELECT pd_changes('row-filter', 'domain_id->pd.domains.kind=NATIVE');

-- a parent's change republishes the records that lead to it, mapped with
-- the parent as it was and as it is: a domain's default TTL (the records
-- of NULL TTL), its filter column (out and back in), a column no option
-- reads (nothing); in one transaction with its records' changes, each in
-- its order (a record touched after writes nothing)
\set rp '{default-ttl-column,domain_id->pd.domains.default_ttl,row-filter,domain_id->pd.domains.kind=NATIVE}'
UPDATE pd.domains SET default_ttl = 120 WHERE id = 1;
UPDATE pd.domains SET type = 'MASTER' WHERE id = 1;
UPDATE pd.domains SET kind = 'SLAVE' WHERE id = 1;
UPDATE pd.domains SET kind = 'NATIVE';
BEGIN;
UPDATE pd.records SET content = '192.0.2.44' WHERE name = 'zone.example.com';
UPDATE pd.domains SET default_ttl = 240 WHERE id = 1;
UPDATE pd.records SET ttl = ttl WHERE domain_id = 1;
COMMIT;
-- a domain's key changed, its records following it, as ON UPDATE
-- CASCADE does: nothing that the DNS sees
BEGIN;
UPDATE pd.domains SET id = 21 WHERE id = 20;
UPDATE pd.records SET domain_id = 21 WHERE domain_id = 20;
COMMIT;
SELECT pd_changes(VARIADIC :'rp');
SELECT * FROM wal2nsupdate_records(
	'{tables,pd.records,owner-column,name,rdata-column,content,class-column,"",zone-column,domain_id->pd.domains.name}' || :'rp'::text[])
	ORDER BY zone, owner;

SELECT pg_drop_replication_slot('parent_slot');
DROP SCHEMA pd CASCADE;
RESET regress.tables;
