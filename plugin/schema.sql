-- Reference record table for wal2nsupdate, and the table of its zones.
--
-- One row per resource record, in a zone of dns.zone and its class.  The
-- CHECK constraints keep out the values that the plugin refuses (it
-- stops decoding at such a row) and what they can of what txsplit
-- refuses, the unique index keeps the table a set of records as the DNS
-- is, exclusion constraints keep the rules of a name (a CNAME alone, one
-- TTL per RRset) and of delegations, REPLICA IDENTITY FULL logs the old
-- row that "update delete" needs, and a trigger refuses TRUNCATE, which
-- cannot be replicated (use DELETE).  The end of this file says what a
-- site's own record table needs.  Needs btree_gist (contrib), and the
-- plugin's extension, whose wal2nsupdate_records() pg2dns verify reads.
--
--   psql -d ipam -f plugin/schema.sql
--   psql -d ipam -c "INSERT INTO dns.zone (name) VALUES ('example.com')"

CREATE SCHEMA IF NOT EXISTS dns;

-- the records as the plugin maps the rows, for pg2dns verify
CREATE EXTENSION IF NOT EXISTS wal2nsupdate;

-- The length in octets of the line "update add OWNER TTL CLASS TYPE RDATA"
-- that wal2nsupdate writes for a record, with the widest TTL (10 digits),
-- which is at least as long as the record's "update delete" line and its
-- "update add" at any TTL.  The owner gets a final dot where it has none;
-- octets above 127 are written as \DDD, four octets each.  nsupdate reads
-- a line of at most 131070 octets whole (a 128 KiB fgets buffer, less the
-- newline and the NUL): a longer one becomes two commands.  The plugin
-- measures the same and refuses a longer record.
CREATE FUNCTION dns.update_line_length(owner text, class text, type text,
	rdata text) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN octet_length('update add ')
	+ octet_length(owner) + CASE WHEN owner LIKE '%.' THEN 0 ELSE 1 END
	+ 1 + 10 + 1 + octet_length(class) + 1 + octet_length(type) + 1
	+ octet_length(rdata)
	+ 3 * (octet_length(rdata)
		   - octet_length(regexp_replace(rdata, '[^\u0001-\u007f]', '', 'g')));

-- The types of record, as wal2nsupdate and txsplit know them: a mnemonic
-- from this list, written in that type's syntax, or TYPEnnn of another
-- number in RFC 3597 form (\# length hex).  in_only: defined for class
-- IN only; owner: nsupdate's check-names wants the owner to be a host
-- name or a mailbox; syntax: what these constraints check of the RDATA
-- (ipv4, ipv6, strings: character-strings of 255 octets at most; pairs:
-- SVCB's key="value" words; other: left to txsplit; dnssec: refused,
-- since the signer makes and replaces these records).  The plugin has
-- the same list; tests/real/22-values.sh checks that schema, plugin and
-- txsplit agree, on the lists and on the rows of tests/values.txt.
CREATE TYPE dns.rrtype AS (name text, number integer, in_only boolean,
	owner text, syntax text);

CREATE FUNCTION dns.rrtypes() RETURNS SETOF dns.rrtype
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	VALUES ('A', 1, true, 'host', 'ipv4'),
		('NS', 2, false, NULL, 'other'),
		('MD', 3, false, NULL, 'other'),
		('MF', 4, false, NULL, 'other'),
		('CNAME', 5, false, NULL, 'other'),
		('SOA', 6, false, NULL, 'other'),
		('MB', 7, false, 'mailbox', 'other'),
		('MG', 8, false, 'mailbox', 'other'),
		('MR', 9, false, NULL, 'other'),
		('PTR', 12, false, NULL, 'other'),
		('HINFO', 13, false, NULL, 'strings'),
		('MINFO', 14, false, NULL, 'other'),
		('MX', 15, false, 'host', 'other'),
		('TXT', 16, false, NULL, 'strings'),
		('RP', 17, false, NULL, 'other'),
		('AFSDB', 18, false, NULL, 'other'),
		('X25', 19, false, NULL, 'strings'),
		('ISDN', 20, false, NULL, 'strings'),
		('RT', 21, false, NULL, 'other'),
		('NSAP', 22, true, NULL, 'other'),
		('NSAP-PTR', 23, true, NULL, 'other'),
		('KEY', 25, false, NULL, 'other'),
		('PX', 26, true, NULL, 'other'),
		('GPOS', 27, false, NULL, 'strings'),
		('AAAA', 28, true, 'host', 'ipv6'),
		('LOC', 29, false, NULL, 'other'),
		('EID', 31, true, NULL, 'other'),
		('NIMLOC', 32, true, NULL, 'other'),
		('SRV', 33, true, NULL, 'other'),
		('ATMA', 34, true, NULL, 'other'),
		('NAPTR', 35, true, NULL, 'other'),
		('KX', 36, true, NULL, 'other'),
		('CERT', 37, false, NULL, 'other'),
		('DNAME', 39, false, NULL, 'other'),
		('APL', 42, true, NULL, 'other'),
		('DS', 43, false, NULL, 'other'),
		('SSHFP', 44, false, NULL, 'other'),
		('IPSECKEY', 45, false, NULL, 'other'),
		('DHCID', 49, true, NULL, 'other'),
		('TLSA', 52, false, NULL, 'other'),
		('SMIMEA', 53, false, NULL, 'other'),
		('HIP', 55, false, NULL, 'other'),
		('NINFO', 56, false, NULL, 'strings'),
		('RKEY', 57, false, NULL, 'other'),
		('TALINK', 58, false, NULL, 'other'),
		('OPENPGPKEY', 61, false, NULL, 'other'),
		('CSYNC', 62, false, NULL, 'other'),
		('ZONEMD', 63, false, NULL, 'other'),
		('SVCB', 64, true, NULL, 'pairs'),
		('HTTPS', 65, true, NULL, 'pairs'),
		('HHIT', 67, false, NULL, 'other'),
		('BRID', 68, false, NULL, 'other'),
		('SPF', 99, false, NULL, 'strings'),
		('NID', 104, false, NULL, 'other'),
		('L32', 105, false, NULL, 'other'),
		('L64', 106, false, NULL, 'other'),
		('LP', 107, false, NULL, 'other'),
		('EUI48', 108, false, NULL, 'other'),
		('EUI64', 109, false, NULL, 'other'),
		('URI', 256, false, NULL, 'other'),
		('CAA', 257, false, NULL, 'other'),
		('AVC', 258, false, NULL, 'strings'),
		('DOA', 259, false, NULL, 'other'),
		('AMTRELAY', 260, false, NULL, 'other'),
		('RESINFO', 261, false, NULL, 'strings'),
		('WALLET', 262, false, NULL, 'strings'),
		('TA', 32768, false, NULL, 'other'),
		('DLV', 32769, false, NULL, 'other'),
		('RRSIG', 46, false, NULL, 'dnssec'), ('NSEC', 47, false, NULL, 'dnssec'),
		('DNSKEY', 48, false, NULL, 'dnssec'), ('NSEC3', 50, false, NULL, 'dnssec'),
		('NSEC3PARAM', 51, false, NULL, 'dnssec'), ('CDS', 59, false, NULL, 'dnssec'),
		('CDNSKEY', 60, false, NULL, 'dnssec'), (NULL, 65534, false, NULL, 'dnssec')
$$;

-- a type by mnemonic or TYPEnnn; for a number without an entry, only the
-- number; NULL for anything else
CREATE FUNCTION dns.rrtype_of(type text) RETURNS dns.rrtype
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
	SELECT coalesce(
		(SELECT t FROM dns.rrtypes() t WHERE t.name = upper(type) OR t.number = n),
		CASE WHEN n <= 65535 THEN ROW(NULL, n, false, NULL, NULL)::dns.rrtype END)
	FROM (SELECT CASE WHEN type ~* '^TYPE[0-9]{1,5}$'
		THEN substr(type, 5)::integer END AS n) typenumber
$$;

-- RDATA in RFC 3597 form: \# first
CREATE FUNCTION dns.is_generic(rdata text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN rdata ~ '^ *\\#( |$)';

-- RDATA that splits into words: quoted strings, and words up to a blank
-- (a quote inside a word is part of it); a backslash escapes what follows.
-- (Blanks at the end of the line are not part of it.)
CREATE FUNCTION dns.is_words(rdata text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN rdata ~ '^ *(("([^"\\]|\\.)*"|([^ "\\]|\\.)([^ \\]|\\.)*( +|$)) *)*$';

-- the same for SVCB parameters, where key="value" is one word that ends
-- at the closing quote: C is a character of a word (but not the = of
-- =", which opens the value), F the first, P the quoted value
CREATE FUNCTION dns.is_pair_words(rdata text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN rdata ~ replace(replace(replace(
	'^ *(("([^"\\]|\\.)*"|F(C)*P|P|F(C)*( +|$)) *)*$',
	'P', '="([^"\\]|\\.)*"'),
	'F', '([^ "\\=]|=(?!")|\\.)'),
	'C', '([^ \\=]|=(?!")|\\.)');

-- character-strings of 255 octets at most (an escape \DDD or \X is one
-- octet; in a UTF8 database a character above 127 is as many octets as
-- UTF-8 has for it)
CREATE FUNCTION dns.is_strings(rdata text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN regexp_replace(regexp_replace(regexp_replace(rdata,
		'[\u0080-\u07ff]', 'xx', 'g'), '[\u0800-\uffff]', 'xxx', 'g'),
		'[\U00010000-\U0010ffff]', 'xxxx', 'g')
	~ replace(replace(replace(
		'^ *(("(Q|E){0,255}"|(W|E)(W|E|"){0,254}( +|$)) *)+$',
		'Q', '[^"\\]'), 'W', '[^ "\\]'),
		'E', '\\(25[0-5]|2[0-4][0-9]|[01][0-9][0-9]|[^0-9])');

-- an IPv4 address as inet_pton reads it: four decimal octets, no leading
-- zeros
CREATE FUNCTION dns.is_ipv4(rdata text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN rdata ~ '^ *((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9]) *$';

-- an IPv6 address as inet_pton reads it (RFC 4291 section 2.2): H is a
-- group of 1 to 4 hex digits, L the last 32 bits (two groups or IPv4)
CREATE FUNCTION dns.is_ipv6(rdata text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN rdata ~ replace(replace(replace(
	'^ *((H:){6}L|::(H:){5}L|(H)?::(H:){4}L|((H:){0,1}H)?::(H:){3}L|((H:){0,2}H)?::(H:){2}L|((H:){0,3}H)?::H:L|((H:){0,4}H)?::L|((H:){0,5}H)?::H|((H:){0,6}H)?::) *$',
	'L', '(H:H|((O\.){3}O))'),
	'O', '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])'),
	'H', '[0-9A-Fa-f]{1,4}');

-- a zone's name as dns.zone has it: lower case, without the final dot
-- (the root is .)
CREATE FUNCTION dns.zone_name(zone text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE WHEN rtrim(zone, '.') = '' THEN '.' ELSE lower(rtrim(zone, '.')) END;

-- The zones the DNS server serves and pg2dns manages, each with its
-- class.  A record row names one of them (a typo, or a zone the server
-- does not serve, would hold replication), and has its class.  pg2dns
-- init asks the server for the SOA of each, and names any it does not
-- serve.
CREATE TABLE dns.zone (
	name	text NOT NULL,		-- lower case, no final dot (the root: .)
	class	text NOT NULL DEFAULT 'IN',
	PRIMARY KEY (name, class),
	CONSTRAINT zone_name CHECK (
		name ~ '^(\.|([a-z0-9_*/-]{1,63}\.)*[a-z0-9_*/-]{1,63})$'
		AND octet_length(name) <= 253),
	CONSTRAINT zone_class CHECK (class IN ('IN', 'CH', 'HS'))
);

CREATE TABLE dns.rr (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	zone	text NOT NULL,
	owner	text NOT NULL,
	ttl		integer,			-- NULL: the plugin's default-ttl
	class	text NOT NULL DEFAULT 'IN',
	type	text NOT NULL,
	rdata	text NOT NULL,
	-- the type as dns.rrtypes() has it, for the checks and the index
	rrtype	dns.rrtype GENERATED ALWAYS AS (dns.rrtype_of(type)) STORED,
	-- the zone as dns.zone has it, and the class
	zone_name	text GENERATED ALWAYS AS (dns.zone_name(zone)) STORED,
	zone_class	text GENERATED ALWAYS AS (upper(class)) STORED,
	CONSTRAINT rr_zone_managed FOREIGN KEY (zone_name, zone_class)
		REFERENCES dns.zone (name, class),

	-- host names, with a trailing dot or without (both are absolute)
	CONSTRAINT rr_zone_name CHECK (
		zone ~ '^(\.|([A-Za-z0-9_*/-]{1,63}\.)*[A-Za-z0-9_*/-]{1,63}\.?)$'
		AND octet_length(rtrim(zone, '.')) <= 253),
	CONSTRAINT rr_owner_name CHECK (
		owner ~ '^(\.|([A-Za-z0-9_*/-]{1,63}\.)*[A-Za-z0-9_*/-]{1,63}\.?)$'
		AND octet_length(rtrim(owner, '.')) <= 253),
	CONSTRAINT rr_owner_in_zone CHECK (
		rtrim(zone, '.') = ''
		OR lower(rtrim(owner, '.')) = lower(rtrim(zone, '.'))
		OR right(lower(rtrim(owner, '.')), length(rtrim(zone, '.')) + 1)
			= '.' || lower(rtrim(zone, '.'))),
	CONSTRAINT rr_ttl CHECK (ttl >= 0),
	CONSTRAINT rr_class CHECK (class ~* '^(IN|CH|HS)$'),
	-- a mnemonic txsplit knows or TYPEnnn, not a query or meta-type
	CONSTRAINT rr_type CHECK (
		coalesce((rrtype).number NOT IN (0, 41)
			AND (rrtype).number NOT BETWEEN 128 AND 255, false)),
	CONSTRAINT rr_type_dnssec_is_the_signers CHECK (
		(rrtype).syntax IS DISTINCT FROM 'dnssec'),
	-- the primary server makes the SOA (serial, timers): a row would
	-- let whoever edits rows take the zone from its secondaries
	CONSTRAINT rr_type_soa_is_the_primarys CHECK (
		(rrtype).number IS DISTINCT FROM 6),
	-- one line, no control characters, not blank
	CONSTRAINT rr_rdata CHECK (
		rdata !~ '[\u0001-\u001f\u007f-\u009f]' AND rdata ~ '[^ ]'),
	-- RDATA as txsplit reads it (what these cannot see, txsplit refuses)
	CONSTRAINT rr_type_without_mnemonic_needs_generic CHECK (
		dns.is_generic(rdata) OR (rrtype).syntax IS NOT NULL
		OR (rrtype).number IS NULL),
	CONSTRAINT rr_class_in_only CHECK (
		NOT coalesce((rrtype).in_only, false)
		OR upper(class) = 'IN' OR dns.is_generic(rdata)),
	CONSTRAINT rr_rdata_words CHECK (
		rtrim(rdata, ' ') !~ '(^|[^\\])(\\\\)*\\$'
		AND CASE WHEN (rrtype).syntax = 'pairs'
			THEN dns.is_pair_words(rtrim(rdata, ' '))
			ELSE dns.is_words(rtrim(rdata, ' ')) END),
	CONSTRAINT rr_rdata_a CHECK (
		(rrtype).syntax IS DISTINCT FROM 'ipv4'
		OR dns.is_generic(rdata) OR dns.is_ipv4(rdata)),
	CONSTRAINT rr_rdata_aaaa CHECK (
		(rrtype).syntax IS DISTINCT FROM 'ipv6'
		OR dns.is_generic(rdata) OR dns.is_ipv6(rdata)),
	CONSTRAINT rr_rdata_strings CHECK (
		(rrtype).syntax IS DISTINCT FROM 'strings'
		OR dns.is_generic(rdata) OR dns.is_strings(rdata)),
	-- nsupdate's check-names: owners of A, AAAA and MX are host names,
	-- of MB and MG mailboxes (any first label)
	CONSTRAINT rr_owner_host_name CHECK (
		(rrtype).owner IS NULL
		OR regexp_replace(owner, CASE (rrtype).owner
				WHEN 'host' THEN '^\*(\.|$)' ELSE '^[^.]+(\.|$)' END, '')
			~ '^((([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\.)*[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\.?)?|\.)$'),
	-- one line that nsupdate reads whole
	CONSTRAINT rr_line_length CHECK (
		dns.update_line_length(owner, class, type, rdata) <= 131070)
);

-- Rows that are the same record in the DNS are one row: the unique index
-- compares records in a canonical form (names in lower case without the
-- final dot, addresses as inet writes them, character-strings quoted
-- with only what must be escaped, types by number).  What the canonical
-- form does not see (another spelling of the same octets in RFC 3597
-- form, say) it takes as another record.

-- a name without its final dot (an escaped dot stays), in lower case
CREATE FUNCTION dns.canonical_name(name text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN lower(regexp_replace(name, '(^|[^\\])((\\\\)*)\.$', '\1\2'));

-- character-strings, each quoted, each octet printable ASCII as itself
-- (but " and \ escaped) and any other as \DDD: hello, "hello" and
-- "\104ello" are one string
CREATE FUNCTION dns.canonical_strings(rdata text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
	word text[];
	c text;
	octets bytea;
	digits text;
	escaped boolean;
	o integer;
	i integer;
	out text[] := '{}';
BEGIN
	FOR word IN SELECT regexp_matches(rtrim(rdata, ' '),
		'"((?:[^"\\]|\\.)*)"|((?:[^ "\\]|\\.)(?:[^ \\]|\\.)*)', 'g')
	LOOP
		out := array_append(out, CASE WHEN cardinality(out) = 0 THEN '"' ELSE ' "' END);
		escaped := false;
		digits := '';
		FOREACH c IN ARRAY regexp_split_to_array(coalesce(word[1], word[2]), '')
		LOOP
			IF NOT escaped AND c = '\' THEN
				escaped := true;
				CONTINUE;
			END IF;
			IF escaped AND c ~ '^[0-9]$' THEN
				digits := digits || c;
				IF length(digits) < 3 THEN
					CONTINUE;
				END IF;
				octets := set_byte('\x00'::bytea, 0, digits::integer);
				digits := '';
			ELSE
				octets := convert_to(c, 'UTF8');
			END IF;
			escaped := false;
			FOR i IN 0 .. length(octets) - 1 LOOP
				o := get_byte(octets, i);
				out := array_append(out, CASE
					WHEN o = 34 OR o = 92 THEN '\' || chr(o)
					WHEN o BETWEEN 32 AND 126 THEN chr(o)
					ELSE '\' || lpad(o::text, 3, '0') END);
			END LOOP;
		END LOOP;
		out := array_append(out, '"');
	END LOOP;
	RETURN array_to_string(out, '');
END
$$;

-- RDATA in canonical form, by its type's syntax
CREATE FUNCTION dns.canonical_rdata(t dns.rrtype, rdata text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT CASE
		WHEN dns.is_generic(rdata)
			THEN '\# ' || (regexp_match(rdata, '^ *\\# +([0-9]+)'))[1] || ' '
				|| lower(replace(regexp_replace(rdata, '^ *\\# +[0-9]+', ''), ' ', ''))
		WHEN (t).syntax = 'ipv4' AND dns.is_ipv4(rdata)
			OR (t).syntax = 'ipv6' AND dns.is_ipv6(rdata)
			THEN host(trim(rdata)::inet)
		WHEN (t).syntax = 'strings' AND dns.is_strings(rdata)
			THEN dns.canonical_strings(rdata)
		-- a name: NS, CNAME, PTR, DNAME
		WHEN (t).number IN (2, 5, 12, 39) AND trim(rdata) !~ ' '
			THEN dns.canonical_name(trim(rdata))
		-- a preference and a name: MX, AFSDB, RT, KX
		WHEN (t).number IN (15, 18, 21, 36) AND rdata ~ '^ *[0-9]+ +[^ ]+ *$'
			THEN (regexp_match(rdata, '^ *([0-9]+)'))[1] || ' '
				|| dns.canonical_name((regexp_match(rdata, '([^ ]+) *$'))[1])
		-- SRV: priority, weight, port, target
		WHEN (t).number = 33 AND rdata ~ '^ *[0-9]+ +[0-9]+ +[0-9]+ +[^ ]+ *$'
			THEN array_to_string((regexp_match(rdata, '^ *([0-9]+) +([0-9]+) +([0-9]+)')), ' ')
				|| ' ' || dns.canonical_name((regexp_match(rdata, '([^ ]+) *$'))[1])
		ELSE trim(rdata)
	END
$$;

CREATE UNIQUE INDEX rr_record ON dns.rr
	(dns.canonical_name(owner), upper(class),
	 coalesce((rrtype).number::text, upper(type)),
	 md5(dns.canonical_rdata(rrtype, rdata)));
CREATE INDEX rr_zone ON dns.rr (zone_name, zone_class);

ALTER TABLE dns.rr REPLICA IDENTITY FULL;

CREATE FUNCTION dns.forbid_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'TRUNCATE of %.% cannot be replicated to the DNS',
		TG_TABLE_SCHEMA, TG_TABLE_NAME
		USING HINT = 'Use DELETE.';
END
$$;

CREATE TRIGGER rr_no_truncate BEFORE TRUNCATE ON dns.rr
	FOR EACH STATEMENT EXECUTE FUNCTION dns.forbid_truncate();

-- What the DNS allows at a name, which named would otherwise enforce by
-- ignoring or merging rows: a CNAME and other data do not share a name
-- (RFC 1034 3.6.2; a name has one CNAME at most), and the records of an
-- RRset have one TTL (RFC 2181 5.2).  Exclusion constraints, since an
-- index sees every row, committed or in progress, whatever snapshot the
-- writer reads in: two transactions cannot each add half of a conflict
-- at any isolation level.
--
-- A CNAME alone is checked at each row, as the DNS server applies a
-- transaction's changes one by one: named ignores a CNAME added beside
-- other data (or data beside a CNAME) even when the same message then
-- deletes what was in the way, so a CNAME takes the place of other data
-- only after it is deleted.  One TTL per RRset is checked at commit
-- (deferred), since a server gives a whole RRset the TTL of the record
-- added last: an RRset's TTL may change in one statement or a row at a
-- time.  (A record added with another TTL and deleted again in one
-- transaction leaves its TTL on the RRset, which verify reports.
-- Deferrable constraints cannot be the arbiters of INSERT ... ON
-- CONFLICT: name the record index, rr_record, as its conflict target.)
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- a CNAME's target in canonical form; '' for a record of another type
CREATE FUNCTION dns.cname_target(t dns.rrtype, rdata text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN (t).number = 5 THEN dns.canonical_rdata(t, rdata) ELSE '' END;

-- two rows at a name conflict when one is a CNAME and the other is not,
-- or both are CNAMEs to different targets
ALTER TABLE dns.rr ADD CONSTRAINT rr_cname_alone EXCLUDE USING gist (
	dns.canonical_name(owner) WITH =, upper(class) WITH =,
	dns.cname_target(rrtype, rdata) WITH <>);
-- two rows of an RRset conflict when their TTLs differ (NULL, the
-- plugin's default-ttl, is a TTL of its own)
ALTER TABLE dns.rr ADD CONSTRAINT rr_rrset_ttl EXCLUDE USING gist (
	dns.canonical_name(owner) WITH =, upper(class) WITH =,
	((rrtype).number) WITH =, coalesce(ttl, -1) WITH <>)
	DEFERRABLE INITIALLY DEFERRED;

-- Delegations.  An NS RRset below a zone's apex cuts the zone: what is
-- below the cut is another zone's, and named serves it only as glue (an
-- address of a name server), so a row there would be missing from the
-- DNS while verify finds nothing wrong; at the cut only the delegation
-- (NS, DS) and glue are the parent's.  Exclusion constraints, deferred,
-- like the rules of a name above: over names as keys that sort a zone's
-- names below a cut together, where an NS row below the apex spans every
-- name below its owner.

-- a name written backwards (the root: empty): the names below a name
-- are those whose keys begin with its key and a dot
CREATE FUNCTION dns.name_key(name text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE WHEN dns.zone_name(name) = '.' THEN ''
	ELSE reverse(dns.zone_name(name)) END;

CREATE TYPE dns.namerange AS RANGE (subtype = text, collation = "C");

-- what a row spans for the rules below: an NS row below its zone's apex,
-- every name below its owner; an address (glue), nothing; another row,
-- its owner
CREATE FUNCTION dns.delegation_span(zone_name text, owner text, t dns.rrtype)
RETURNS dns.namerange
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE
	WHEN (t).number = 2 AND dns.zone_name(owner) <> zone_name
		THEN dns.namerange(dns.name_key(owner) || '.', dns.name_key(owner) || '/')
	WHEN (t).number IN (1, 28) THEN 'empty'
	ELSE dns.namerange(dns.name_key(owner), dns.name_key(owner), '[]') END;

-- what a row is at a cut: 'NS' for an NS row below its zone's apex,
-- NULL for DS, glue and anything at the apex, 'other' for the rest
CREATE FUNCTION dns.delegation_part(zone_name text, owner text, t dns.rrtype)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE
	WHEN dns.zone_name(owner) = zone_name OR (t).number IN (1, 28, 43) THEN NULL
	WHEN (t).number = 2 THEN 'NS'
	ELSE 'other' END;

-- a row below a cut of its zone (at another name than the NS row's);
-- the span first, by which the index is split (a first column with one
-- value a zone leaves the index a list to scan)
ALTER TABLE dns.rr ADD CONSTRAINT rr_below_delegation EXCLUDE USING gist (
	dns.delegation_span(zone_name, owner, rrtype) WITH &&,
	zone_name WITH =, zone_class WITH =, dns.zone_name(owner) WITH <>)
	DEFERRABLE INITIALLY DEFERRED;
-- a row at a cut of its zone that is not the delegation or glue
ALTER TABLE dns.rr ADD CONSTRAINT rr_at_delegation EXCLUDE USING gist (
	dns.zone_name(owner) WITH =, zone_name WITH =, zone_class WITH =,
	dns.delegation_part(zone_name, owner, rrtype) WITH <>)
	DEFERRABLE INITIALLY DEFERRED;

-- Zones within zones: a row of a zone at or below the apex of another
-- zone that dns.zone lists belongs to that zone (only the delegation, NS
-- and DS at the child's apex, is the parent's).  Two tables, so triggers
-- and a lock: a row's writer takes a share lock on its zone's row in
-- dns.zone, and a new zone's writer updates its parent zone's row, so
-- that they wait for each other; the one that waited then reads the
-- other's rows afresh (READ COMMITTED), or fails to serialize (REPEATABLE
-- READ, SERIALIZABLE: retry), and dns.zone is changed at READ COMMITTED.

-- name is strictly below zone (both as dns.zone_name has them)
CREATE FUNCTION dns.is_below(name text, zone text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN name <> zone
	AND (zone = '.' OR right(name, length(zone) + 1) = '.' || zone);

-- a row of zone zone_name at owner, of type t, that belongs to the zone
-- child instead
CREATE FUNCTION dns.is_childs(child text, zone_name text, owner text,
	t dns.rrtype) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN dns.is_below(child, zone_name)
	AND (dns.is_below(dns.zone_name(owner), child)
		OR dns.zone_name(owner) = child AND (t).number NOT IN (2, 43));

-- (as the schema's owner: a share lock needs UPDATE on dns.zone, which
-- the writers of rows need not have)
CREATE FUNCTION dns.check_child_zones() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
	bad record;
BEGIN
	PERFORM 1 FROM dns.zone
	  WHERE (name, class) IN (SELECT zone_name, zone_class FROM new_rows)
	  ORDER BY name, class FOR SHARE;
	SELECT n.id, n.zone, n.owner, n.type, c.name AS child INTO bad
	  FROM new_rows n JOIN dns.zone c ON c.class = n.zone_class
		AND dns.is_childs(c.name, n.zone_name, n.owner, n.rrtype)
	 ORDER BY n.id LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION 'row % of zone % (% %) is in zone %',
			bad.id, bad.zone, bad.owner, bad.type, bad.child
			USING ERRCODE = 'integrity_constraint_violation',
				HINT = format('Write it in zone %s: of its records only the delegation, NS and DS at %s, is the parent''s.',
					bad.child, bad.child);
	END IF;
	RETURN NULL;
END
$$;

-- (transition tables take one event a trigger)
CREATE TRIGGER rr_child_zones_insert AFTER INSERT ON dns.rr
	REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION dns.check_child_zones();
CREATE TRIGGER rr_child_zones_update AFTER UPDATE ON dns.rr
	REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION dns.check_child_zones();

CREATE FUNCTION dns.check_zone_rows() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	bad record;
BEGIN
	IF current_setting('transaction_isolation') <> 'read committed' THEN
		RAISE EXCEPTION 'zone %: dns.zone is changed at READ COMMITTED', NEW.name
			USING ERRCODE = 'invalid_transaction_state',
				HINT = 'Only then does the check see the rows that writers of its parent zone committed meanwhile.';
	END IF;
	-- waits for the writers of the parent zone's rows
	UPDATE dns.zone SET class = class
	 WHERE class = NEW.class AND name = (SELECT name FROM dns.zone
		WHERE class = NEW.class AND dns.is_below(NEW.name, name)
		ORDER BY length(name) DESC LIMIT 1);
	SELECT r.id, r.zone, r.owner, r.type INTO bad
	  FROM dns.rr r
	 WHERE r.zone_class = NEW.class
	   AND dns.is_childs(NEW.name, r.zone_name, r.owner, r.rrtype)
	 ORDER BY r.id LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION 'zone %: row % of zone % (% %) is in it', NEW.name,
			bad.id, bad.zone, bad.owner, bad.type
			USING ERRCODE = 'integrity_constraint_violation',
				HINT = format('Move the rows at and below %s, but its NS and DS, to zone %s first.',
					NEW.name, NEW.name);
	END IF;
	RETURN NULL;
END
$$;

CREATE TRIGGER zone_rows AFTER INSERT OR UPDATE OF name ON dns.zone
	FOR EACH ROW EXECUTE FUNCTION dns.check_zone_rows();

-- A site's own record table, if it is not this one, needs what this file
-- gives dns.rr, or the plugin (which checks each value, but one change at
-- a time) stops at a row, or named quietly differs from the table:
--   * REPLICA IDENTITY FULL (or an identity index over owner, type, rdata,
--     zone and class): a delete is written from the old row;
--   * no TRUNCATE (it logs no rows): a trigger like rr_no_truncate;
--   * CHECK constraints like the ones above, or the same functions
--     (dns.update_line_length, dns.rrtype_of, dns.is_ipv4, ...), so that
--     no row holds back every transaction after it;
--   * one row per record: a unique index on the canonical form;
--   * the rules of a name: no CNAME beside other data, one TTL per RRset
--     (exclusion constraints like rr_cname_alone and rr_rrset_ttl:
--     triggers that read the table miss rows their snapshot cannot see);
--   * zones the server serves, in their class (a foreign key like
--     rr_zone_managed), no SOA, and nothing below a delegation or in
--     another zone (rr_below_delegation, rr_at_delegation and the
--     triggers rr_child_zones_* and zone_rows).
