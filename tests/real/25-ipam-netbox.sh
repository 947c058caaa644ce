#!/bin/sh
# The NetBox DNS plugin's own tables replicated with profile=netbox-dns:
# netbox_dns_view, netbox_dns_zone and netbox_dns_record recreated from
# the plugin's models (the columns the mapping reads, and their types
# and keys), two views holding example.com each, zones of a few hundred
# to a thousand records with names relative to the zone ("@", "www",
# "10 mx1"), NULL TTLs (the zone's default_ttl), inactive records, a
# parked zone, managed SOA, NS and PTR records, and a workload written
# as NetBox writes (records added, values and TTLs changed, records made
# inactive and active again, deleted), streamed through
#
#	pg_recvlogical -o profile=netbox-dns | txsplit | nsupdate
#
# into a private named.  Every zone's AXFR must equal what NetBox means
# for the default view, computed by a query written from its models
# (Record.is_active: the record's and its zone's status active; names
# relative to the zone as dnspython's from_text(origin=zone) reads them;
# a NULL ttl the zone's default_ttl), SOA aside (the primary's own).
# The internal view's records must not reach it.  Then, one statement
# at a time, each streamed and applied and the zones compared again, with
# what reached the stream and what named answers asserted after each: a
# record made inactive and active again (one delete, one add), moved to
# the internal view's zone of the same name (gone from the public DNS)
# and back, moved to another zone, renamed, its TTL made NULL (the zone's
# default_ttl), and an UPDATE of NetBox's bookkeeping alone
# (last_updated, custom_field_data, description), which writes nothing;
# then changes of a zone alone, each republishing exactly its records:
# its default_ttl (the records of a NULL TTL), its status parked and
# active again (all out, all back), its view the internal one and back,
# and its name (renamed as NetBox renames it, with its records' fqdn in
# the same transaction).
# An RRset has one TTL
# (RFC 2181, 5.2), and named gives it the TTL of the record added last:
# NetBox lets the records of one RRset differ, this data does not.
. tests/lib/common.sh
. tests/lib/named.sh
. tests/lib/pg.sh
. tests/lib/ipam.sh

zones='example.com example.net example.org 2.0.192.in-addr.arpa'
# shellcheck disable=SC2086 # a list of zones
ipam_start netbox $zones

sql <<'EOF'
CREATE TABLE netbox_dns_view (
	id				bigserial PRIMARY KEY,
	name			varchar(255) NOT NULL UNIQUE,
	default_view	boolean NOT NULL DEFAULT false,
	description		varchar(200) NOT NULL DEFAULT ''
);
CREATE TABLE netbox_dns_zone (
	id				bigserial PRIMARY KEY,
	view_id			bigint NOT NULL REFERENCES netbox_dns_view (id),
	name			varchar(255) NOT NULL,
	status			varchar(50) NOT NULL DEFAULT 'active',
	default_ttl		integer NOT NULL CHECK (default_ttl >= 0),
	soa_ttl			integer NOT NULL CHECK (soa_ttl >= 0),
	soa_rname		varchar(255) NOT NULL,
	soa_serial		bigint,
	soa_refresh		integer NOT NULL,
	soa_retry		integer NOT NULL,
	soa_expire		integer NOT NULL,
	soa_minimum		integer NOT NULL,
	description		varchar(200) NOT NULL DEFAULT '',
	UNIQUE (view_id, name)
);
CREATE TABLE netbox_dns_record (
	id				bigserial PRIMARY KEY,
	zone_id			bigint NOT NULL REFERENCES netbox_dns_zone (id) ON DELETE CASCADE,
	name			varchar(255) NOT NULL,
	fqdn			varchar(255),
	type			varchar(10) NOT NULL,
	value			varchar(65535) NOT NULL,
	status			varchar(50) NOT NULL DEFAULT 'active',
	ttl				integer CHECK (ttl >= 0),
	managed			boolean NOT NULL DEFAULT false,
	ptr_record_id	bigint UNIQUE REFERENCES netbox_dns_record (id) ON DELETE SET NULL,
	disable_ptr		boolean NOT NULL DEFAULT false,
	description		varchar(200) NOT NULL DEFAULT '',
	last_updated	timestamp with time zone,
	custom_field_data	jsonb NOT NULL DEFAULT '{}'
);
ALTER TABLE netbox_dns_view SET (user_catalog_table = true);
ALTER TABLE netbox_dns_zone SET (user_catalog_table = true);
ALTER TABLE netbox_dns_record SET (user_catalog_table = true);
ALTER TABLE netbox_dns_record REPLICA IDENTITY FULL;
SELECT 'init' FROM pg_create_logical_replication_slot('dns', 'wal2nsupdate');
EOF

# As NetBox saves them: a record's name relative to its zone ("@" the
# apex), fqdn absolute; values as typed, relative names too; the managed
# SOA and NS records of each zone; the addresses of in-zone name servers
# before the NS records that name them (named's check).
sql <<'EOF'
INSERT INTO netbox_dns_view (id, name, default_view) VALUES
	(1, 'external', true), (2, 'internal', false);
INSERT INTO netbox_dns_zone (id, view_id, name, status, default_ttl, soa_ttl,
	soa_rname, soa_refresh, soa_retry, soa_expire, soa_minimum) VALUES
	(1, 1, 'example.com', 'active', 7200, 3600, 'hostmaster.example.com', 10800, 3600, 604800, 3600),
	(2, 1, 'example.net', 'active', 600, 3600, 'hostmaster.example.net', 10800, 3600, 604800, 3600),
	(3, 1, 'example.org', 'parked', 3600, 3600, 'hostmaster.example.org', 10800, 3600, 604800, 3600),
	(4, 1, '2.0.192.in-addr.arpa', 'active', 3600, 3600, 'hostmaster.example.com', 10800, 3600, 604800, 3600),
	(5, 2, 'example.com', 'active', 60, 3600, 'hostmaster.example.com', 10800, 3600, 604800, 3600);
INSERT INTO netbox_dns_record (zone_id, name, type, value, ttl, managed)
SELECT z.id, v.name, v.type, v.value, v.ttl, v.managed
FROM netbox_dns_zone z, (VALUES
	('ns1', 'A', '10.0.0.1', NULL, false),
	('mx1', 'A', '10.0.0.25', NULL, false),
	('@', 'SOA', 'ns1.example.com. hostmaster.example.com. 1 10800 3600 604800 3600', 3600, true),
	('@', 'NS', 'ns1.example.com.', 3600, true),
	('@', 'MX', '10 mx1', NULL, false),
	('@', 'MX', '20 mx2.example.net.', NULL, false),
	('@', 'TXT', '"v=spf1 mx -all"', NULL, false),
	('www', 'CNAME', 'h1', 300, false),
	('ftp', 'CNAME', '@', 300, false),
	('_sip._tcp', 'SRV', '0 5 5060 sip', NULL, false),
	('sub', 'NS', 'ns.sub', NULL, false),
	('ns.sub', 'A', '10.0.9.1', NULL, false)
) AS v (name, type, value, ttl, managed)
WHERE z.id IN (1, 2, 3, 5);
INSERT INTO netbox_dns_record (zone_id, name, type, value, ttl, status)
SELECT z.id, 'h' || i, 'A', '10.' || z.id || '.' || i / 250 || '.' || i % 250,
	CASE WHEN i % 5 = 0 THEN NULL ELSE 300 END,
	CASE WHEN i % 25 = 0 THEN 'inactive' ELSE 'active' END
FROM netbox_dns_zone z, generate_series(1, 1000) i
WHERE z.id IN (1, 5) OR (z.id IN (2, 3) AND i <= 300);
INSERT INTO netbox_dns_record (zone_id, name, type, value, ttl, managed)
SELECT 4, i::text, 'PTR', 'h' || i || '.example.com.', NULL, true
FROM generate_series(1, 250) i;
UPDATE netbox_dns_record r SET fqdn = CASE WHEN r.name = '@' THEN z.name || '.'
	ELSE r.name || '.' || z.name || '.' END
FROM netbox_dns_zone z WHERE z.id = r.zone_id;
EOF

# The workload, as NetBox's UI and API write: one row at a time, the
# fqdn kept with the name.
sql <<'EOF'
INSERT INTO netbox_dns_record (zone_id, name, fqdn, type, value, ttl)
SELECT 1, 'n' || i, 'n' || i || '.example.com.', 'A', '10.3.0.' || i, NULL
FROM generate_series(1, 40) i;
UPDATE netbox_dns_record SET value = '10.4.0.1' WHERE zone_id = 1 AND name = 'h10' AND type = 'A';
UPDATE netbox_dns_record SET ttl = 60 WHERE zone_id = 1 AND name = 'h11';
UPDATE netbox_dns_record SET ttl = NULL WHERE zone_id = 2 AND name = 'h12';
UPDATE netbox_dns_record SET value = 'h2' WHERE zone_id = 1 AND name = 'www';
UPDATE netbox_dns_record SET value = '30 mx1' WHERE zone_id = 2 AND type = 'MX' AND value = '10 mx1';
UPDATE netbox_dns_record SET status = 'inactive' WHERE zone_id = 1 AND name IN ('h13', 'h14', 'ftp');
UPDATE netbox_dns_record SET status = 'active' WHERE zone_id = 1 AND name = 'h25';
UPDATE netbox_dns_record SET name = 'renamed', fqdn = 'renamed.example.com.' WHERE zone_id = 1 AND name = 'h15';
UPDATE netbox_dns_record SET value = '10.5.0.1' WHERE zone_id = 5 AND name = 'h1';
DELETE FROM netbox_dns_record WHERE zone_id = 1 AND name LIKE 'h3_';
DELETE FROM netbox_dns_record WHERE zone_id = 4 AND name = '99';
EOF
endpos=$(psql -X -At -c 'SELECT pg_current_wal_insert_lsn()') || fail "lsn"

pg_recvlogical -d "$PGDATABASE" -S dns --start --no-loop --endpos="$endpos" \
	-f - -o profile=netbox-dns >"$T/stream" 2>"$T/recv.err" ||
	{ cat "$T/recv.err"; fail "pg_recvlogical"; }
[ -s "$T/recv.err" ] && { cat "$T/recv.err"; fail "pg_recvlogical wrote to stderr"; }
grep -q '^update add .* 10\.5\.' "$T/stream" &&
	fail "a record of the internal view was decoded"
txsplit "$T/stream" >"$T/msgs" 2>"$T/txsplit.err" ||
	{ cat "$T/txsplit.err"; fail "txsplit"; }
nsupdate_local <"$T/msgs" >"$T/nsupdate.out" 2>&1 ||
	{ cat "$T/nsupdate.out"; fail "nsupdate"; }
[ -s "$T/nsupdate.out" ] && { cat "$T/nsupdate.out"; fail "nsupdate complained"; }
echo "ok: $(grep -c '^BEGIN' "$T/stream") transactions, $(grep -c '^update' "$T/stream") changes, $(grep -c '^send$' "$T/msgs") messages"

# What NetBox means for the default view, in named_axfr's form
served() {
	psql -X -q -At -v zone="$1" <<'EOF'
CREATE FUNCTION pg_temp.fq(n text, zone text) RETURNS text
LANGUAGE sql AS $$
	SELECT CASE WHEN n = '@' THEN zone || '.' WHEN n LIKE '%.' THEN n
		ELSE n || '.' || zone || '.' END
$$;
SELECT pg_temp.fq(r.name, z.name) || ' ' || coalesce(r.ttl, z.default_ttl)
	|| ' IN ' || r.type || ' ' || CASE
		WHEN r.type IN ('CNAME', 'NS', 'PTR') THEN pg_temp.fq(r.value, z.name)
		WHEN r.type IN ('MX', 'SRV') THEN regexp_replace(r.value, '[^ ]*$', '')
			|| pg_temp.fq(regexp_replace(r.value, '.* ', ''), z.name)
		ELSE r.value END
FROM netbox_dns_record r JOIN netbox_dns_zone z ON z.id = r.zone_id
	JOIN netbox_dns_view v ON v.id = z.view_id
WHERE z.name = :'zone' AND v.default_view AND r.status = 'active'
	AND z.status = 'active' AND r.type <> 'SOA';
EOF
}

# shellcheck disable=SC2086 # a list of zones
ipam_compare NetBox $zones

# One statement as NetBox writes it (WHAT it does), streamed and applied
# ($T/stream), every zone compared again; the stream's changes must be
# those on standard input.
step() {
	cat >"$T/changes.want"
	sql -c "$2"
	quietly ipam_stream netbox-dns "$(lsn)"
	# shellcheck disable=SC2086 # a list of zones
	quietly ipam_compare NetBox $zones
	grep '^update' "$T/stream" >"$T/changes"
	diff -u "$T/changes.want" "$T/changes" ||
		fail "$1: the stream's changes differ"
}
# NAME TYPE must answer "TTL RDATA" ("": nothing)
answers() {
	_got=$(dig @127.0.0.1 -p "$NAMED_PORT" +noall +answer +norec "$1" "$2" |
		awk '{ print $2, $5 }')
	[ "$_got" = "$3" ] || fail "$1 $2 answers '$_got', want '$3'"
}
# FROM's A record is at TO now, with "TTL RDATA"
moved() {
	answers "$1" A ""
	answers "$2" A "$3"
}

# an UPDATE crossing the row filter (status): one delete, then one add
step "h2 made inactive" "UPDATE netbox_dns_record SET status = 'inactive'
	WHERE zone_id = 1 AND name = 'h2'" <<'W'
update delete h2.example.com. IN A 10.1.0.2
W
answers h2.example.com A ""
step "h2 made active again" "UPDATE netbox_dns_record SET status = 'active'
	WHERE zone_id = 1 AND name = 'h2'" <<'W'
update add h2.example.com. 300 IN A 10.1.0.2
W
answers h2.example.com A "300 10.1.0.2"
echo "ok: a record made inactive and active again: one delete, one add"

# a view change: to the internal view's example.com, out of the public
# DNS; and back
step "n1 moved to the internal view" "UPDATE netbox_dns_record SET zone_id = 5
	WHERE zone_id = 1 AND name = 'n1'" <<'W'
update delete n1.example.com. IN A 10.3.0.1
W
answers n1.example.com A ""
step "n1 moved back to the default view" "UPDATE netbox_dns_record SET zone_id = 1
	WHERE zone_id = 5 AND name = 'n1'" <<'W'
update add n1.example.com. 7200 IN A 10.3.0.1
W
answers n1.example.com A "7200 10.3.0.1"
echo "ok: a record moved to the internal view leaves the public DNS, and comes back"

# a move between zones, with the other zone's default TTL
step "n2 moved to example.net" "UPDATE netbox_dns_record SET zone_id = 2,
	fqdn = 'n2.example.net.' WHERE zone_id = 1 AND name = 'n2'" <<'W'
update delete n2.example.com. IN A 10.3.0.2
update add n2.example.net. 600 IN A 10.3.0.2
W
moved n2.example.com n2.example.net "600 10.3.0.2"
echo "ok: a record moved between zones"

step "n3 renamed" "UPDATE netbox_dns_record SET name = 'n3b',
	fqdn = 'n3b.example.com.' WHERE zone_id = 1 AND name = 'n3'" <<'W'
update delete n3.example.com. IN A 10.3.0.3
update add n3b.example.com. 7200 IN A 10.3.0.3
W
moved n3.example.com n3b.example.com "7200 10.3.0.3"
echo "ok: a record renamed"

step "h1's TTL made NULL" "UPDATE netbox_dns_record SET ttl = NULL
	WHERE zone_id = 1 AND name = 'h1'" <<'W'
update delete h1.example.com. IN A 10.1.0.1
update add h1.example.com. 7200 IN A 10.1.0.1
W
answers h1.example.com A "7200 10.1.0.1"
echo "ok: a TTL made NULL takes the zone's default_ttl"

# NetBox's bookkeeping alone: nothing the DNS sees, so no transaction
step "bookkeeping" "UPDATE netbox_dns_record SET last_updated = now(),
	custom_field_data = '{\"owner\": \"noc\"}', description = 'checked'
	WHERE zone_id IN (1, 2)" </dev/null
[ ! -s "$T/stream" ] || { cat "$T/stream"; fail "an UPDATE of bookkeeping alone was streamed"; }
echo "ok: an UPDATE of NetBox's bookkeeping alone (last_updated, custom_field_data, description) writes nothing"

# A zone's change alone (WHAT, SQL) republishes its records: the stream
# must have DELETES deletes and ADDS adds, every zone compared again
zone_step() {
	# shellcheck disable=SC2086 # a list of zones
	ipam_step netbox-dns NetBox "$@" $zones
}
# the active records of example.net (but its SOA), those of a NULL TTL
count_net() {
	psql -X -At -c "SELECT count(*) FROM netbox_dns_record
		WHERE zone_id = 2 AND status = 'active' AND type <> 'SOA' $1" ||
		fail "count"
}
null_ttl=$(count_net 'AND ttl IS NULL')
active=$(count_net)

zone_step "example.net's default_ttl" "UPDATE netbox_dns_zone
	SET default_ttl = 900 WHERE id = 2" "$null_ttl" "$null_ttl"
answers ns1.example.net A "900 10.0.0.1"
answers h1.example.net A "300 10.2.0.1"
echo "ok: a zone's default_ttl republishes its $null_ttl records of a NULL TTL"

zone_step "example.net parked" "UPDATE netbox_dns_zone SET status = 'parked'
	WHERE id = 2" "$active" 0
answers ns1.example.net A ""
zone_step "example.net active again" "UPDATE netbox_dns_zone
	SET status = 'active' WHERE id = 2" 0 "$active"
answers ns1.example.net A "900 10.0.0.1"
echo "ok: a zone parked and active again: its $active records out, and back"

zone_step "example.net to the internal view" "UPDATE netbox_dns_zone
	SET view_id = 2 WHERE id = 2" "$active" 0
answers h1.example.net A ""
zone_step "example.net back to the default view" "UPDATE netbox_dns_zone
	SET view_id = 1 WHERE id = 2" 0 "$active"
answers h1.example.net A "300 10.2.0.1"
echo "ok: a zone moved to the internal view leaves the public DNS, and comes back"

# the parked example.org renamed (nothing it has is published), then
# example.net renamed example.org, with the fqdn NetBox keeps
zone_step "parked example.org renamed" "UPDATE netbox_dns_zone
	SET name = 'example.info' WHERE id = 3" 0 0
zone_step "example.net renamed" "BEGIN;
	UPDATE netbox_dns_zone SET name = 'example.org' WHERE id = 2;
	UPDATE netbox_dns_record SET fqdn = replace(fqdn, '.example.net.', '.example.org.')
		WHERE zone_id = 2;
	COMMIT" "$active" "$active"
moved h1.example.net h1.example.org "300 10.2.0.1"
echo "ok: a zone renamed: its $active records from the old name to the new"
