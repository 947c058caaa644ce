-- Reference record table for wal2nsupdate.
--
-- One row per resource record.  The CHECK constraints keep out the values
-- that the plugin refuses (it stops decoding at such a row), the unique
-- index keeps the table a set of records as the DNS is, REPLICA IDENTITY
-- FULL logs the old row that "update delete" needs, and a trigger refuses
-- TRUNCATE, which cannot be replicated (use DELETE).
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
-- IN only; host_owner: nsupdate's check-names wants the owner to be a
-- host name; syntax: what these constraints check of the RDATA (ipv4,
-- ipv6, strings: character-strings of 255 octets at most; pairs: SVCB's
-- key="value" words; other: left to txsplit; dnssec: refused, since the
-- signer makes and replaces these records).  The plugin has the same
-- list; tests/values.txt checks that schema, plugin and txsplit agree.
CREATE TYPE dns.rrtype AS (name text, number integer, in_only boolean,
	host_owner boolean, syntax text);

CREATE FUNCTION dns.rrtypes() RETURNS SETOF dns.rrtype
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	VALUES ('A', 1, true, true, 'ipv4'), ('NS', 2, false, false, 'other'),
		('CNAME', 5, false, false, 'other'), ('SOA', 6, false, false, 'other'),
		('PTR', 12, false, false, 'other'), ('HINFO', 13, false, false, 'strings'),
		('MX', 15, false, true, 'other'), ('TXT', 16, false, false, 'strings'),
		('RP', 17, false, false, 'other'), ('AFSDB', 18, false, false, 'other'),
		('RT', 21, false, false, 'other'), ('KEY', 25, false, false, 'other'),
		('AAAA', 28, true, true, 'ipv6'), ('LOC', 29, false, false, 'other'),
		('SRV', 33, true, false, 'other'), ('NAPTR', 35, true, false, 'other'),
		('KX', 36, true, false, 'other'), ('CERT', 37, false, false, 'other'),
		('DNAME', 39, false, false, 'other'), ('APL', 42, true, false, 'other'),
		('DS', 43, false, false, 'other'), ('SSHFP', 44, false, false, 'other'),
		('IPSECKEY', 45, false, false, 'other'), ('DHCID', 49, true, false, 'other'),
		('TLSA', 52, false, false, 'other'), ('SMIMEA', 53, false, false, 'other'),
		('HIP', 55, false, false, 'other'), ('OPENPGPKEY', 61, false, false, 'other'),
		('CSYNC', 62, false, false, 'other'), ('ZONEMD', 63, false, false, 'other'),
		('SVCB', 64, true, false, 'pairs'), ('HTTPS', 65, true, false, 'pairs'),
		('SPF', 99, false, false, 'strings'), ('EUI48', 108, false, false, 'other'),
		('EUI64', 109, false, false, 'other'), ('URI', 256, false, false, 'other'),
		('CAA', 257, false, false, 'other'),
		('RRSIG', 46, false, false, 'dnssec'), ('NSEC', 47, false, false, 'dnssec'),
		('DNSKEY', 48, false, false, 'dnssec'), ('NSEC3', 50, false, false, 'dnssec'),
		('NSEC3PARAM', 51, false, false, 'dnssec'), ('CDS', 59, false, false, 'dnssec'),
		('CDNSKEY', 60, false, false, 'dnssec'), (NULL, 65534, false, false, 'dnssec')
$$;

-- a type by mnemonic or TYPEnnn; for a number without an entry, only the
-- number; NULL for anything else
CREATE FUNCTION dns.rrtype_of(type text) RETURNS dns.rrtype
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
	SELECT coalesce(
		(SELECT t FROM dns.rrtypes() t WHERE t.name = upper(type) OR t.number = n),
		CASE WHEN n <= 65535 THEN ROW(NULL, n, false, false, NULL)::dns.rrtype END)
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
		coalesce((dns.rrtype_of(type)).number NOT IN (0, 41)
			AND (dns.rrtype_of(type)).number NOT BETWEEN 128 AND 255, false)),
	CONSTRAINT rr_type_dnssec_is_the_signers CHECK (
		(dns.rrtype_of(type)).syntax IS DISTINCT FROM 'dnssec'),
	-- one line, no control characters, not blank
	CONSTRAINT rr_rdata CHECK (
		rdata !~ '[\u0001-\u001f\u007f-\u009f]' AND rdata ~ '[^ ]'),
	-- RDATA as txsplit reads it (what these cannot see, txsplit refuses)
	CONSTRAINT rr_type_without_mnemonic_needs_generic CHECK (
		dns.is_generic(rdata) OR (dns.rrtype_of(type)).syntax IS NOT NULL
		OR (dns.rrtype_of(type)).number IS NULL),
	CONSTRAINT rr_class_in_only CHECK (
		NOT coalesce((dns.rrtype_of(type)).in_only, false)
		OR upper(class) = 'IN' OR dns.is_generic(rdata)),
	CONSTRAINT rr_rdata_words CHECK (
		rtrim(rdata, ' ') !~ '(^|[^\\])(\\\\)*\\$'
		AND ((dns.rrtype_of(type)).syntax = 'pairs'
			 OR dns.is_words(rtrim(rdata, ' ')))),
	CONSTRAINT rr_rdata_a CHECK (
		(dns.rrtype_of(type)).syntax IS DISTINCT FROM 'ipv4'
		OR dns.is_generic(rdata) OR dns.is_ipv4(rdata)),
	CONSTRAINT rr_rdata_aaaa CHECK (
		(dns.rrtype_of(type)).syntax IS DISTINCT FROM 'ipv6'
		OR dns.is_generic(rdata) OR dns.is_ipv6(rdata)),
	CONSTRAINT rr_rdata_strings CHECK (
		(dns.rrtype_of(type)).syntax IS DISTINCT FROM 'strings'
		OR dns.is_generic(rdata) OR dns.is_strings(rdata)),
	-- nsupdate's check-names: owners of A, AAAA and MX are host names
	CONSTRAINT rr_owner_host_name CHECK (
		NOT coalesce((dns.rrtype_of(type)).host_owner, false)
		OR owner ~ '^(\*\.)?(([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\.)*[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\.?|\*\.?|\.)$'),
	-- one line that nsupdate reads whole
	CONSTRAINT rr_line_length CHECK (
		dns.update_line_length(owner, class, type, rdata) <= 131070)
);

CREATE UNIQUE INDEX rr_record ON dns.rr
	(lower(rtrim(owner, '.')), upper(class), upper(type), md5(rdata));
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
