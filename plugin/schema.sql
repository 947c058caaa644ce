-- Reference record table for wal2nsupdate.
--
-- One row per resource record.  The CHECK constraints keep out the values
-- that the plugin refuses (it stops decoding at such a row) and what they
-- can of what txsplit refuses, the unique index keeps the table a set of
-- records as the DNS is, exclusion constraints keep the rules of a name
-- (a CNAME alone, one TTL per RRset), REPLICA IDENTITY FULL logs the old
-- row that "update delete" needs, and a trigger refuses TRUNCATE, which
-- cannot be replicated (use DELETE).  The end of this file says what a
-- site's own record table needs.
--
--   psql -d ipam -f plugin/schema.sql

CREATE SCHEMA IF NOT EXISTS dns;

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
CREATE INDEX rr_zone ON dns.rr (lower(rtrim(zone, '.')));

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
-- at any isolation level.  Checked at commit (deferred), so that what a
-- transaction commits obeys the rules however it gets there: an RRset's
-- TTL changed a row at a time, an A replaced by a CNAME inserted first.
-- (Deferrable constraints cannot be the arbiters of INSERT ... ON
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
	dns.cname_target(rrtype, rdata) WITH <>)
	DEFERRABLE INITIALLY DEFERRED;
-- two rows of an RRset conflict when their TTLs differ (NULL, the
-- plugin's default-ttl, is a TTL of its own)
ALTER TABLE dns.rr ADD CONSTRAINT rr_rrset_ttl EXCLUDE USING gist (
	dns.canonical_name(owner) WITH =, upper(class) WITH =,
	((rrtype).number) WITH =, coalesce(ttl, -1) WITH <>)
	DEFERRABLE INITIALLY DEFERRED;

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
--     triggers that read the table miss rows their snapshot cannot see).
