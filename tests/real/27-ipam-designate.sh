#!/bin/sh
# OpenStack Designate's own tables replicated with profile=designate and
# no hand-written SQL: zones, recordsets and records recreated from the
# columns Designate defines (designate/storage/sqlalchemy/tables.py),
# two levels of parents (a record's owner, type and TTL are its
# recordset's, a NULL TTL its zone's), zones of a few hundred to a
# thousand records, and a workload written as Designate's central
# service and its pool manager write: a zone created with its SOA and NS
# recordsets, recordsets created (records PENDING, action CREATE, then
# ACTIVE and NONE), records replaced in a recordset (the old marked
# action DELETE, purged later), a recordset's TTL changed (its records
# touched with action UPDATE), a recordset deleted, a bulk insert; all
# of it streamed through
#
#	pg_recvlogical -o profile=designate | txsplit | nsupdate
#
# into a private named.  Every zone's AXFR must equal what Designate's
# mdns would transfer, computed by a query written from its storage's
# find_recordsets_axfr: the records not being deleted (action other than
# DELETE) of a zone not deleted, joined with their recordsets, a NULL TTL
# the zone's.  Documented deviations, left out of that query: SOA (the
# primary's own), a TXT string over 255 octets (the DNS cannot hold it).
# Then changes of a parent row alone, each streamed and applied, every
# zone compared again and the stream's deletes and adds counted: a
# recordset's TTL (its records with the new TTL), a recordset renamed
# (its records under the new name), a zone's TTL (the records of its
# recordsets without one), a zone deleted as Designate deletes it (its
# row marked, its records gone from the DNS).
. tests/lib/common.sh
. tests/lib/named.sh
. tests/lib/pg.sh
. tests/lib/ipam.sh

ipam_start designate example.com example.net example.org

# The tables, with the columns, types, keys and enums Designate's
# tables.py gives them (its UUID type is PostgreSQL's uuid), and what
# profile=designate needs.
sql <<'EOF'
CREATE TYPE zones_resource_statuses AS ENUM ('ACTIVE', 'PENDING', 'DELETED', 'ERROR');
CREATE TYPE records_resource_statuses AS ENUM ('ACTIVE', 'PENDING', 'DELETED', 'ERROR');
CREATE TYPE actions AS ENUM ('CREATE', 'DELETE', 'UPDATE', 'NONE');
CREATE TYPE type AS ENUM ('PRIMARY', 'SECONDARY', 'CATALOG');
CREATE TYPE record_types AS ENUM ('A', 'AAAA', 'CNAME', 'MX', 'SRV', 'TXT',
	'SPF', 'NS', 'PTR', 'SSHFP', 'SOA', 'NAPTR', 'CAA', 'CERT', 'HTTPS',
	'SVCB', 'TLSA');
CREATE TABLE zones (
	id uuid PRIMARY KEY,
	version integer NOT NULL DEFAULT 1,
	created_at timestamp DEFAULT now(),
	updated_at timestamp,
	deleted char(32) NOT NULL DEFAULT '0',
	deleted_at timestamp,
	shard smallint NOT NULL,
	tenant_id varchar(36),
	name varchar(255) NOT NULL,
	email varchar(255) NOT NULL,
	description varchar(160),
	type type NOT NULL,
	transferred_at timestamp,
	ttl integer NOT NULL,
	serial integer NOT NULL,
	refresh integer NOT NULL,
	retry integer NOT NULL,
	expire integer NOT NULL,
	minimum integer NOT NULL,
	status zones_resource_statuses NOT NULL DEFAULT 'PENDING',
	parent_zone_id uuid REFERENCES zones (id) ON DELETE SET NULL,
	action actions NOT NULL DEFAULT 'CREATE',
	pool_id uuid,
	reverse_name varchar(255) NOT NULL,
	delayed_notify boolean DEFAULT false,
	increment_serial boolean DEFAULT false,
	CONSTRAINT unique_zone_name UNIQUE (name, deleted, pool_id)
);
CREATE TABLE recordsets (
	id uuid PRIMARY KEY,
	version integer NOT NULL DEFAULT 1,
	created_at timestamp DEFAULT now(),
	updated_at timestamp,
	zone_shard smallint NOT NULL,
	tenant_id varchar(36),
	zone_id uuid NOT NULL REFERENCES zones (id) ON DELETE CASCADE,
	name varchar(255) NOT NULL,
	type record_types NOT NULL,
	ttl integer,
	description varchar(160),
	reverse_name varchar(255) NOT NULL DEFAULT '',
	CONSTRAINT unique_recordset UNIQUE (zone_id, name, type)
);
CREATE TABLE records (
	id uuid PRIMARY KEY,
	version integer NOT NULL DEFAULT 1,
	created_at timestamp DEFAULT now(),
	updated_at timestamp,
	zone_shard smallint NOT NULL,
	tenant_id varchar(36),
	zone_id uuid NOT NULL REFERENCES zones (id) ON DELETE CASCADE,
	recordset_id uuid NOT NULL REFERENCES recordsets (id) ON DELETE CASCADE,
	data text NOT NULL,
	description varchar(160),
	hash varchar(32) NOT NULL CONSTRAINT unique_record UNIQUE,
	managed boolean DEFAULT false,
	managed_extra varchar(100),
	managed_plugin_type varchar(50),
	managed_plugin_name varchar(50),
	managed_resource_type varchar(50),
	managed_resource_region varchar(100),
	managed_resource_id uuid,
	managed_tenant_id varchar(36),
	status records_resource_statuses NOT NULL DEFAULT 'PENDING',
	action actions NOT NULL DEFAULT 'CREATE',
	serial integer NOT NULL DEFAULT 1
);

-- central's writes, as functions of this test: a zone with its SOA and
-- NS recordsets; a recordset and its records (PENDING, CREATE); the
-- pool manager's ACTIVE and NONE once the servers have them
CREATE FUNCTION new_recordset(zid uuid, rname text, rtype record_types,
	rttl integer, rdata text[]) RETURNS uuid LANGUAGE sql AS $$
	INSERT INTO recordsets (id, zone_shard, zone_id, name, type, ttl, reverse_name)
	VALUES (md5(zid || rname || rtype)::uuid, 1, zid, rname, rtype, rttl, reverse(rname));
	INSERT INTO records (id, zone_shard, zone_id, recordset_id, data, hash)
	SELECT md5(zid || rname || rtype || d)::uuid, 1, zid,
		md5(zid || rname || rtype)::uuid, d, md5(zid || rname || rtype || d)
	FROM unnest(rdata) AS d;
	UPDATE zones SET serial = serial + 1, action = 'UPDATE' WHERE id = zid;
	SELECT md5(zid || rname || rtype)::uuid;
$$;
CREATE FUNCTION new_zone(zname text, zttl integer) RETURNS uuid LANGUAGE sql AS $$
	INSERT INTO zones (id, shard, name, email, type, ttl, serial, refresh,
		retry, expire, minimum, reverse_name)
	VALUES (md5(zname)::uuid, 1, zname || '.', 'hostmaster@' || zname, 'PRIMARY',
		zttl, 1, 3600, 600, 86400, 3600, reverse(zname || '.'));
	SELECT new_recordset(md5(zname)::uuid, zname || '.', 'SOA', NULL::integer,
		ARRAY['ns1.designate.example. hostmaster.' || zname || '. 1 3600 600 86400 3600']);
	SELECT new_recordset(md5(zname)::uuid, zname || '.', 'NS', NULL::integer,
		ARRAY['ns.example.com.']);
	SELECT md5(zname)::uuid;
$$;
CREATE FUNCTION pool_manager_done() RETURNS void LANGUAGE sql AS $$
	DELETE FROM records WHERE action = 'DELETE';
	UPDATE records SET status = 'ACTIVE', action = 'NONE' WHERE action <> 'NONE';
	UPDATE zones SET status = 'ACTIVE', action = 'NONE' WHERE action <> 'NONE';
$$;
CREATE EXTENSION wal2nsupdate;
EOF

# pg2dns init's check, as the plugin makes it: the two parents and the
# record table lack what decoding needs
cat >"$T/want.fix" <<'EOF'
ALTER TABLE public.recordsets SET (user_catalog_table = true);
ALTER TABLE public.zones SET (user_catalog_table = true);
ALTER TABLE public.records SET (user_catalog_table = true);
ALTER TABLE public.records REPLICA IDENTITY FULL;
EOF
psql -X -At -c "SELECT fix FROM wal2nsupdate_prerequisites('{profile,designate}')" \
	-d designate >"$T/fix" 2>&1 || { cat "$T/fix"; fail "prerequisites"; }
diff -u "$T/want.fix" "$T/fix" || fail "prerequisites of profile=designate"
sql -f "$T/fix"
sql -c "SELECT 'init' FROM pg_create_logical_replication_slot('dns', 'wal2nsupdate')"
echo "ok: the prerequisites of profile=designate, as pg2dns init prints them"

# The zones, as Designate's API creates them (its data as it keeps it:
# names absolute, with a final dot): hosts with A (every 5th recordset
# without a TTL, the zone's) and AAAA, CNAMEs, MX, SRV, TXT, CAA, a TXT
# string of 300 octets; the zones' TTLs differ.
sql <<'EOF'
SELECT new_zone('example.com', 7200), new_zone('example.net', 3600);
SELECT new_recordset(z.id, 'h' || i || '.' || z.name, 'A',
	CASE WHEN i % 5 = 0 THEN NULL ELSE 300 END,
	ARRAY['10.' || length(z.name) || '.' || i / 250 || '.' || i % 250])
FROM zones z, generate_series(1, 800) i
WHERE z.name = 'example.com.' OR (z.name = 'example.net.' AND i <= 300);
SELECT new_recordset(z.id, 'h' || i || '.' || z.name, 'AAAA', 600,
	ARRAY['2001:db8::' || to_hex(i), '2001:db8::1:' || to_hex(i)])
FROM zones z, generate_series(3, 800, 3) i
WHERE z.name = 'example.com.' OR (z.name = 'example.net.' AND i <= 300);
SELECT new_recordset(z.id, v.name || z.name, v.type::record_types, v.ttl,
	string_to_array(replace(v.data, '@', z.name), '|'))
FROM zones z, (VALUES
	('www.', 'CNAME', 600, 'h1.@'),
	('', 'MX', 3600, '10 h2.@|20 h3.@'),
	('_sip._tcp.', 'SRV', NULL, '0 5 5060 h4.@|10 5 5060 h5.@'),
	('', 'TXT', 3600, '"v=spf1 mx -all"'),
	('', 'CAA', 3600, '0 issue "letsencrypt.org"'),
	('long.', 'TXT', 300, '"' || repeat('x', 300) || '"')
) AS v (name, type, ttl, data);
SELECT pool_manager_done();
EOF

# The workload, as central and the pool manager write it
sql <<'EOF'
-- a recordset's records replaced: the new inserted, the old marked
-- DELETE (and purged once the servers have it)
BEGIN;
INSERT INTO records (id, zone_shard, zone_id, recordset_id, data, hash)
SELECT gen_random_uuid(), 1, r.zone_id, r.recordset_id, '10.9.0.1', md5('h7-new')
FROM records r JOIN recordsets rs ON rs.id = r.recordset_id
WHERE rs.name = 'h7.example.com.' AND rs.type = 'A';
UPDATE records SET action = 'DELETE', status = 'PENDING'
WHERE data <> '10.9.0.1' AND recordset_id =
	(SELECT id FROM recordsets WHERE name = 'h7.example.com.' AND type = 'A');
COMMIT;
-- a recordset's TTL changed: central touches each of its records
BEGIN;
UPDATE recordsets SET ttl = 120, version = version + 1
WHERE name IN ('h9.example.com.', 'h10.example.com.', 'h3.example.net.');
UPDATE records SET action = 'UPDATE', status = 'PENDING', serial = serial + 1
WHERE recordset_id IN (SELECT id FROM recordsets
	WHERE name IN ('h9.example.com.', 'h10.example.com.', 'h3.example.net.'));
COMMIT;
-- a record's data changed in place
UPDATE records SET data = '20 h6.example.com.', action = 'UPDATE', status = 'PENDING'
WHERE data = '20 h3.example.com.';
-- a recordset deleted: its records marked, then the rows purged
UPDATE records SET action = 'DELETE', status = 'PENDING'
WHERE recordset_id IN (SELECT id FROM recordsets WHERE name = 'h11.example.com.');
SELECT pool_manager_done();
DELETE FROM recordsets WHERE name = 'h11.example.com.';
-- marked, not yet purged: no longer served
UPDATE records SET action = 'DELETE', status = 'PENDING'
WHERE recordset_id IN (SELECT id FROM recordsets WHERE name = 'h12.example.com.');
-- a zone created with its recordsets in one transaction
BEGIN;
SELECT new_zone('example.org', 1800);
SELECT new_recordset(md5('example.org')::uuid, 'h' || i || '.example.org.', 'A',
	NULL, ARRAY['10.7.0.' || i])
FROM generate_series(1, 200) i;
COMMIT;
-- a bulk insert, more than one DNS message
SELECT new_recordset(md5('example.net')::uuid, 'b' || i || '.example.net.', 'A',
	300, ARRAY['10.8.' || i / 250 || '.' || i % 250])
FROM generate_series(1, 1500) i;
EOF
endpos=$(lsn)

ipam_stream designate "$endpos"
grep -q 'string of 300 octets' "$T/recv.err" ||
	{ cat "$T/recv.err"; fail "no WARNING for the TXT string of 300 octets"; }
grep -q ' SOA ' "$T/stream" && fail "SOA in the stream"

# What Designate's mdns transfers, from its storage's behaviour, in
# named_axfr's form
served() {
	psql -X -q -At -v zone="$1." <<'EOF'
SELECT rs.name || ' ' || coalesce(rs.ttl, z.ttl) || ' IN ' || rs.type || ' ' || r.data
FROM records r JOIN recordsets rs ON rs.id = r.recordset_id
	JOIN zones z ON z.id = rs.zone_id
WHERE z.name = :'zone' AND z.deleted = '0' AND r.action <> 'DELETE'
	-- deviations: the primary's own SOA; a string the DNS cannot hold
	AND rs.type <> 'SOA'
	AND NOT (rs.type = 'TXT' AND length(r.data) > 257);
EOF
}

ipam_compare Designate example.com example.net example.org

# A parent row's change alone (WHAT, SQL) republishes its records: the
# stream must have DELETES deletes and ADDS adds, every zone compared
parent_step() {
	ipam_step designate Designate "$@" example.com example.net example.org
}
# NAME TYPE must answer "TTL RDATA ..." ("": nothing)
answers() {
	_got=$(dig @127.0.0.1 -p "$NAMED_PORT" +noall +answer +norec "$1" "$2" |
		awk '{ print $2, $5 }' | LC_ALL=C sort | tr '\n' ' ')
	[ "$_got" = "$3" ] || fail "$1 $2 answers '$_got', want '$3'"
}

parent_step "h21's TTL" "UPDATE recordsets SET ttl = 60, version = version + 1
	WHERE name = 'h21.example.com.'" 3 3
answers h21.example.com AAAA "60 2001:db8::15 60 2001:db8::1:15 "
answers h21.example.com A "60 10.12.0.21 "
echo "ok: a recordset's TTL alone republishes its records"

parent_step "h22 renamed" "UPDATE recordsets SET name = 'renamed.example.com.',
	version = version + 1 WHERE name = 'h22.example.com.' AND type = 'A'" 1 1
answers h22.example.com A ""
answers renamed.example.com A "300 10.12.0.22 "
echo "ok: a recordset renamed alone republishes its records"

null_ttl=$(psql -X -At -c "SELECT count(*) FROM records r
	JOIN recordsets rs ON rs.id = r.recordset_id
	WHERE rs.zone_id = md5('example.org')::uuid AND rs.ttl IS NULL
	AND rs.type <> 'SOA' AND r.action <> 'DELETE'") || fail "count"
parent_step "example.org's TTL" "UPDATE zones SET ttl = 900, version = version + 1
	WHERE name = 'example.org.'" "$null_ttl" "$null_ttl"
answers h1.example.org A "900 10.7.0.1 "
echo "ok: a zone's TTL republishes its $null_ttl records of a NULL TTL"

# (named keeps the apex NS that Designate's NS recordset also had: the
# zone is left as it was before the stream, but for that NS's TTL)
served=$(served example.org | wc -l)
ipam_step designate Designate "example.org deleted" "UPDATE zones SET deleted = replace(id::text, '-', ''),
	deleted_at = now(), status = 'DELETED', action = 'DELETE'
	WHERE name = 'example.org.'" "$served" 0 example.com example.net
answers h1.example.org A ""
named_axfr_nosoa example.org | awk '{ $2 = "" } 1' >"$T/left.example.org"
awk '{ $2 = "" } 1' "$T/base.example.org" | cmp -s - "$T/left.example.org" ||
	fail "example.org deleted: $(cat "$T/left.example.org")"
echo "ok: a zone deleted: its $served records gone"
