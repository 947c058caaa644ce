-- Shared by the other tests: the reference schema and helper functions.
\getenv abs_srcdir PG_ABS_SRCDIR
\set schema :abs_srcdir '/schema.sql'
\set ECHO none
\i :schema
\set ECHO all
-- the zones the tests' rows are in
INSERT INTO dns.zone (name) VALUES ('example.com'), ('example.net'), ('example.org'),
	('sub.example.com'), ('2.0.192.in-addr.arpa');

-- the decoded text of a slot, without xids, LSNs and times, of the tables
-- that the setting regress.tables names (options given override it); an
-- ERROR is shown as its message, detail and hint (with LSNs masked) so
-- that the output stays the same from run to run
CREATE FUNCTION changes(slot name, VARIADIC options text[] DEFAULT '{}')
RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
	msg text;
	detail text;
	hint text;
BEGIN
	RETURN QUERY SELECT data FROM pg_logical_slot_get_changes(slot, NULL, NULL,
		VARIADIC '{include-xids,0,include-lsn,0,include-timestamp,0}'
			|| CASE WHEN current_setting('regress.tables', true) <> ''
				THEN ARRAY['tables', current_setting('regress.tables')]
				ELSE '{}' END
			|| options);
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL,
		hint = PG_EXCEPTION_HINT;
	RETURN NEXT 'ERROR:  ' || msg;
	IF detail <> '' THEN
		RETURN NEXT 'DETAIL:  ' || detail;
	END IF;
	IF hint <> '' THEN
		RETURN NEXT 'HINT:  ' || regexp_replace(hint, '[0-9A-F]+/[0-9A-F]+', 'X/X', 'g');
	END IF;
END
$$;

-- decode, and when decoding stops with an ERROR, skip the transaction the
-- way the hint says
CREATE FUNCTION skip_as_hinted(slot name) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	hint text;
	cmd text;
BEGIN
	PERFORM pg_logical_slot_peek_changes(slot, NULL, NULL,
		'tables', current_setting('regress.tables'));
	RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS hint = PG_EXCEPTION_HINT;
	cmd := substring(hint from
		'SELECT pg_replication_slot_advance\(''[^'']*'', ''[0-9A-F]+/[0-9A-F]+''\)');
	IF cmd IS NULL THEN
		RETURN 'no advice in hint: ' || hint;
	END IF;
	EXECUTE cmd;
	RETURN 'skipped';
END
$$;

-- decode as pg2dns does (skip-hint=pg2dns): the hint, and the context
-- line that tells pg2dns which transaction a skip passes (masked)
CREATE FUNCTION pg2dns_error(slot name) RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
	hint text;
	ctx text;
BEGIN
	PERFORM pg_logical_slot_peek_changes(slot, NULL, NULL,
		'tables', current_setting('regress.tables'), 'skip-hint', 'pg2dns');
	RETURN NEXT 'no error';
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS hint = PG_EXCEPTION_HINT, ctx = PG_EXCEPTION_CONTEXT;
	RETURN NEXT 'HINT:  ' || hint;
	RETURN NEXT 'CONTEXT:  ' || regexp_replace(substring(ctx from
		'undecodable transaction [0-9]+ commit [0-9A-F]+/[0-9A-F]+'),
		'[0-9]+ commit [0-9A-F]+/[0-9A-F]+', 'N commit X/X');
END
$$;

-- PowerDNS's domains and records (gpgsql's schema, the columns that
-- matter here), as profile=powerdns needs them
CREATE FUNCTION powerdns_tables() RETURNS void LANGUAGE sql AS $$
CREATE TABLE public.domains (id serial PRIMARY KEY, name varchar(253) NOT NULL,
	master varchar(128), last_check integer, type varchar(8) NOT NULL,
	notified_serial bigint, account varchar(40), options text, catalog varchar(253));
CREATE TABLE public.records (id bigserial PRIMARY KEY,
	domain_id integer REFERENCES public.domains ON DELETE CASCADE,
	name varchar(255), type varchar(10), content varchar(65535), ttl integer,
	prio integer, disabled boolean DEFAULT false, ordername varchar(255),
	auth boolean DEFAULT true);
ALTER TABLE public.domains SET (user_catalog_table = true);
ALTER TABLE public.records SET (user_catalog_table = true);
ALTER TABLE public.records REPLICA IDENTITY FULL;
$$;
