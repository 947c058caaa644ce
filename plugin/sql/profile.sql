-- profile=powerdns: PowerDNS's own domains and records tables, as its
-- generic PostgreSQL backend serves them; any option overrides it.
SELECT 'init' FROM pg_create_logical_replication_slot('profile_slot', 'wal2nsupdate');
SELECT powerdns_tables();
CREATE FUNCTION pdns_changes(VARIADIC options text[] DEFAULT '{}')
RETURNS SETOF text LANGUAGE sql AS $$
	SELECT changes('profile_slot', VARIADIC '{profile,powerdns}' || options)
$$;

-- a zone as pdnsutil create-zone and the API write it
INSERT INTO public.domains (id, name, type) VALUES (1, 'example.com', 'NATIVE');
INSERT INTO public.records (domain_id, name, type, content, ttl, prio, disabled, auth) VALUES
	(1, 'example.com', 'SOA', 'ns1.example.com hostmaster.example.com 1 10800 3600 604800 3600', 3600, 0, false, true),
	(1, 'example.com', 'NS', 'ns1.example.com', 3600, 0, false, true),
	(1, 'example.com', 'MX', 'mail.example.com', 3600, 10, false, true),
	(1, '_sip._tcp.example.com', 'SRV', '5 5060 sip.example.com', 3600, 20, false, true),
	(1, 'example.com', 'ALIAS', 'lb.example.net', 300, 0, false, true),
	(1, 'www.example.com', 'A', '192.0.2.1', NULL, 0, false, true),
	(1, 'old.example.com', 'A', '192.0.2.2', 300, 0, true, true),
	(1, 'sub.example.com', NULL, NULL, NULL, NULL, false, false),
	(1, 'txt.example.com', 'TXT', '"' || repeat('x', 300) || '"', 300, 0, false, true);
-- rectify: ordername and auth only
UPDATE public.records SET ordername = reverse(name), auth = true;
-- disable and enable
UPDATE public.records SET disabled = true WHERE name = 'www.example.com';
UPDATE public.records SET disabled = false WHERE name = 'old.example.com';
SELECT pdns_changes();

-- any option overrides the profile's
INSERT INTO public.records (domain_id, name, type, content, ttl, disabled) VALUES
	(1, 'off.example.com', 'A', '192.0.2.3', 300, true);
SELECT data FROM pg_logical_slot_peek_changes('profile_slot', NULL, NULL,
	'include-xids', '0', 'include-lsn', '0', 'include-timestamp', '0',
	'profile', 'powerdns', 'row-filter', '', 'default-ttl', '60');
SELECT pdns_changes('tables', 'public.nosuch');
SELECT pdns_changes('profile', 'powerdns');
SELECT changes('profile_slot', 'profile', 'netbox');
SELECT pg_drop_replication_slot('profile_slot');
DROP TABLE public.records, public.domains;

-- profile=netbox-dns: the NetBox DNS plugin's views, zones and records
-- (the columns it maps; others left out): active records of active zones
-- of the default view, names relative to the zone, a NULL TTL the zone's
-- default
SELECT 'init' FROM pg_create_logical_replication_slot('profile_slot', 'wal2nsupdate');
CREATE TABLE public.netbox_dns_view (id bigserial PRIMARY KEY,
	name varchar(255) NOT NULL UNIQUE, default_view boolean NOT NULL DEFAULT false);
CREATE TABLE public.netbox_dns_zone (id bigserial PRIMARY KEY,
	view_id bigint NOT NULL REFERENCES public.netbox_dns_view,
	name varchar(255) NOT NULL, status varchar(50) NOT NULL DEFAULT 'active',
	default_ttl integer NOT NULL CHECK (default_ttl >= 0), soa_ttl integer NOT NULL);
CREATE TABLE public.netbox_dns_record (id bigserial PRIMARY KEY,
	zone_id bigint NOT NULL REFERENCES public.netbox_dns_zone ON DELETE CASCADE,
	name varchar(255) NOT NULL, fqdn varchar(255), type varchar(10) NOT NULL,
	value varchar(65535) NOT NULL, status varchar(50) NOT NULL DEFAULT 'active',
	ttl integer CHECK (ttl >= 0), managed boolean NOT NULL DEFAULT false,
	disable_ptr boolean NOT NULL DEFAULT false, description varchar(200) NOT NULL DEFAULT '');
ALTER TABLE public.netbox_dns_view SET (user_catalog_table = true);
ALTER TABLE public.netbox_dns_zone SET (user_catalog_table = true);
ALTER TABLE public.netbox_dns_record SET (user_catalog_table = true);
ALTER TABLE public.netbox_dns_record REPLICA IDENTITY FULL;
INSERT INTO public.netbox_dns_view (id, name, default_view) VALUES
	(1, 'external', true), (2, 'internal', false);
INSERT INTO public.netbox_dns_zone (id, view_id, name, status, default_ttl, soa_ttl) VALUES
	(1, 1, 'example.com', 'active', 7200, 3600),
	(2, 2, 'example.com', 'active', 300, 3600),
	(3, 1, 'example.org', 'parked', 3600, 3600);
INSERT INTO public.netbox_dns_record (zone_id, name, fqdn, type, value, status, ttl, managed) VALUES
	(1, '@', 'example.com.', 'SOA', 'ns1.example.com. hostmaster.example.com. 1 2 3 4 5', 'active', 3600, true),
	(1, '@', 'example.com.', 'NS', 'ns1', 'active', NULL, true),
	(1, '@', 'example.com.', 'MX', '10 mx1', 'active', NULL, false),
	(1, 'www', 'www.example.com.', 'CNAME', 'web.example.net.', 'active', 600, false),
	(1, 'old', 'old.example.com.', 'A', '192.0.2.1', 'inactive', NULL, false),
	(2, 'www', 'www.example.com.', 'A', '10.0.0.1', 'active', NULL, false),
	(3, 'www', 'www.example.org.', 'A', '192.0.2.2', 'active', NULL, false);
UPDATE public.netbox_dns_record SET status = 'active' WHERE name = 'old';
SELECT changes('profile_slot', 'profile', 'netbox-dns');
-- another view, by name
INSERT INTO public.netbox_dns_record (zone_id, name, fqdn, type, value) VALUES
	(1, 'v', 'v.example.com.', 'A', '192.0.2.3'),
	(2, 'v', 'v.example.com.', 'A', '10.0.0.3');
SELECT changes('profile_slot', 'profile', 'netbox-dns', 'row-filter',
	'status=active,zone_id->public.netbox_dns_zone.status=active,zone_id->public.netbox_dns_zone.view_id->public.netbox_dns_view.name=internal');
SELECT pg_drop_replication_slot('profile_slot');
DROP TABLE public.netbox_dns_record, public.netbox_dns_zone, public.netbox_dns_view;

-- profile=designate: OpenStack Designate's zones, recordsets and records
-- (the columns it maps): owner, type and TTL the recordset's, a NULL TTL
-- the zone's, two levels of parents
SELECT 'init' FROM pg_create_logical_replication_slot('profile_slot', 'wal2nsupdate');
CREATE TABLE public.zones (id uuid PRIMARY KEY, name varchar(255) NOT NULL,
	ttl integer, serial integer NOT NULL DEFAULT 1, deleted varchar(32) NOT NULL DEFAULT '0');
CREATE TABLE public.recordsets (id uuid PRIMARY KEY,
	zone_id uuid NOT NULL REFERENCES public.zones ON DELETE CASCADE,
	name varchar(255) NOT NULL, type varchar(10) NOT NULL, ttl integer);
CREATE TABLE public.records (id uuid PRIMARY KEY, data text NOT NULL,
	zone_id uuid NOT NULL REFERENCES public.zones ON DELETE CASCADE,
	recordset_id uuid NOT NULL REFERENCES public.recordsets ON DELETE CASCADE,
	managed boolean DEFAULT false, hash varchar(32) NOT NULL,
	status varchar(16) NOT NULL DEFAULT 'PENDING', action varchar(16) NOT NULL DEFAULT 'CREATE');
ALTER TABLE public.zones SET (user_catalog_table = true);
ALTER TABLE public.recordsets SET (user_catalog_table = true);
ALTER TABLE public.records SET (user_catalog_table = true);
ALTER TABLE public.records REPLICA IDENTITY FULL;
BEGIN;
INSERT INTO public.zones (id, name, ttl) VALUES
	('00000000-0000-0000-0000-00000000000a', 'example.com.', 1800);
INSERT INTO public.recordsets (id, zone_id, name, type, ttl) VALUES
	('00000000-0000-0000-0000-0000000000b1', '00000000-0000-0000-0000-00000000000a', 'example.com.', 'SOA', NULL),
	('00000000-0000-0000-0000-0000000000b2', '00000000-0000-0000-0000-00000000000a', 'example.com.', 'NS', NULL),
	('00000000-0000-0000-0000-0000000000b3', '00000000-0000-0000-0000-00000000000a', 'www.example.com.', 'A', 300);
INSERT INTO public.records (id, data, zone_id, recordset_id, hash) VALUES
	('00000000-0000-0000-0000-0000000000c1', 'ns1.example.net. hostmaster.example.com. 1 3600 600 86400 3600', '00000000-0000-0000-0000-00000000000a', '00000000-0000-0000-0000-0000000000b1', 'h1'),
	('00000000-0000-0000-0000-0000000000c2', 'ns1.example.net.', '00000000-0000-0000-0000-00000000000a', '00000000-0000-0000-0000-0000000000b2', 'h2'),
	('00000000-0000-0000-0000-0000000000c3', '192.0.2.1', '00000000-0000-0000-0000-00000000000a', '00000000-0000-0000-0000-0000000000b3', 'h3'),
	('00000000-0000-0000-0000-0000000000c4', '192.0.2.2', '00000000-0000-0000-0000-00000000000a', '00000000-0000-0000-0000-0000000000b3', 'h4');
COMMIT;
-- a record's status and action alone: nothing; a recordset's TTL and a
-- touch of one of its records in one transaction, as Designate changes
-- it: each record of the recordset with the new TTL, at the recordset's
-- change, and nothing at the touch; a recordset renamed alone: its
-- records under the new name; a zone's TTL: the records of a NULL TTL
UPDATE public.records SET status = 'ACTIVE', action = 'NONE';
BEGIN;
UPDATE public.recordsets SET ttl = 600 WHERE type = 'A';
UPDATE public.records SET action = 'UPDATE' WHERE data = '192.0.2.1';
COMMIT;
DELETE FROM public.records WHERE data = '192.0.2.2';
UPDATE public.recordsets SET name = 'web.example.com.' WHERE type = 'A';
UPDATE public.zones SET ttl = 900;
SELECT changes('profile_slot', 'profile', 'designate');
SELECT pg_drop_replication_slot('profile_slot');
DROP TABLE public.records, public.recordsets, public.zones;
