-- A site's own schema, as wal2nsupdate(7) shows it: a record's owner
-- built from two tables, the host's name below its domain's (relative
-- names, two levels of parents), its TTL the domain's
CREATE SCHEMA site;
CREATE TABLE site.domain (id integer PRIMARY KEY, name text NOT NULL UNIQUE,
	ttl integer NOT NULL DEFAULT 3600);
CREATE TABLE site.host (id integer PRIMARY KEY,
	domain_id integer NOT NULL REFERENCES site.domain,
	name text NOT NULL, UNIQUE (domain_id, name));
CREATE TABLE site.address (id serial PRIMARY KEY,
	host_id integer NOT NULL REFERENCES site.host ON DELETE CASCADE,
	family text NOT NULL CHECK (family IN ('A', 'AAAA')),
	address text NOT NULL);
\set opts '{tables,site.address,owner-column,host_id->site.host.name,type-column,family,rdata-column,address,zone-column,host_id->site.host.domain_id->site.domain.name,ttl-column,"",default-ttl-column,host_id->site.host.domain_id->site.domain.ttl,class-column,"",relative-names,on}'
-- what the tables lack, then given
SELECT * FROM wal2nsupdate_prerequisites(:'opts');
ALTER TABLE site.domain SET (user_catalog_table = true);
ALTER TABLE site.host SET (user_catalog_table = true);
ALTER TABLE site.address SET (user_catalog_table = true);
ALTER TABLE site.address REPLICA IDENTITY FULL;
SELECT count(*) FROM wal2nsupdate_prerequisites(:'opts');
SELECT 'init' FROM pg_create_logical_replication_slot('homegrown_slot', 'wal2nsupdate');
INSERT INTO site.domain VALUES (1, 'example.com', 600), (2, 'example.net', 300);
INSERT INTO site.host VALUES (1, 1, 'www'), (2, 1, '@'), (3, 2, 'db');
INSERT INTO site.address (host_id, family, address) VALUES
	(1, 'A', '192.0.2.1'), (1, 'AAAA', '2001:db8::1'), (2, 'A', '192.0.2.2'),
	(3, 'A', '198.51.100.3');
UPDATE site.address SET address = '192.0.2.11' WHERE address = '192.0.2.1';
DELETE FROM site.address WHERE host_id = 3;
SELECT * FROM wal2nsupdate_records(:'opts') ORDER BY owner, type;
SELECT changes('homegrown_slot', VARIADIC :'opts');
-- a domain's TTL, a host renamed, a domain renamed, a host moved: each
-- republishes the records that lead to it, two levels down
UPDATE site.domain SET ttl = 900 WHERE id = 1;
UPDATE site.host SET name = 'web' WHERE id = 1;
UPDATE site.domain SET name = 'example.org' WHERE id = 1;
UPDATE site.host SET domain_id = 2 WHERE id = 1;
SELECT changes('homegrown_slot', VARIADIC :'opts');
SELECT * FROM wal2nsupdate_records(:'opts') ORDER BY owner, type;
SELECT pg_drop_replication_slot('homegrown_slot');
DROP SCHEMA site CASCADE;
