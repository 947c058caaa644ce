-- profile=powerdns: PowerDNS's own domains and records tables, as its
-- generic PostgreSQL backend serves them; any option overrides it.
SELECT 'init' FROM pg_create_logical_replication_slot('profile_slot', 'wal2nsupdate');
CREATE TABLE public.domains (id serial PRIMARY KEY, name varchar(253) NOT NULL,
	master varchar(128), last_check integer, type varchar(8) NOT NULL,
	notified_serial bigint, account varchar(40), options text, catalog varchar(253));
CREATE TABLE public.records (id bigserial PRIMARY KEY,
	domain_id integer REFERENCES public.domains ON DELETE CASCADE,
	name varchar(255), type varchar(10), content varchar(65535), ttl integer,
	prio integer, disabled boolean DEFAULT false, ordername varchar(255),
	auth boolean DEFAULT true);
ALTER TABLE public.domains SET (user_catalog_table = true);
ALTER TABLE public.records REPLICA IDENTITY FULL;
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
