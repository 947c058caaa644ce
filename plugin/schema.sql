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
	-- a mnemonic or TYPEnnn, not a query or meta-type
	CONSTRAINT rr_type CHECK (
		CASE WHEN type ~* '^TYPE[0-9]{1,5}$'
			THEN substr(type, 5)::integer BETWEEN 1 AND 65535
				AND substr(type, 5)::integer <> 41
				AND substr(type, 5)::integer NOT BETWEEN 128 AND 255
			ELSE type ~ '^[A-Za-z][A-Za-z0-9-]{0,19}$'
				AND upper(type) NOT LIKE 'TYPE%'
				AND upper(type) NOT IN ('ANY', 'AXFR', 'IXFR', 'MAILA',
										'MAILB', 'OPT', 'TKEY', 'TSIG')
		END),
	-- one line, no control characters, not blank
	CONSTRAINT rr_rdata CHECK (
		rdata !~ '[\u0001-\u001f\u007f-\u009f]' AND rdata ~ '[^ ]'),
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
