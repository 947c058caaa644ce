#!/bin/sh
# PowerDNS's own tables replicated with profile=powerdns and no
# hand-written SQL: the generic PostgreSQL backend's domains and records
# recreated from the columns PowerDNS documents (schema.pgsql.sql), zones
# of a few hundred to a few thousand records (MX and SRV with prio,
# disabled records, ALIAS, LUA, SOA, NS, a delegation with glue, empty
# non-terminals, a TXT string the DNS cannot hold), a workload written as
# PowerDNS, pdnsutil and its API write (inserts, RRsets replaced, content
# and TTL updates, disable and enable, rectify, deletes, a zone created,
# a bulk insert), all of it streamed through
#
#	pg_recvlogical -o profile=powerdns | txsplit | nsupdate
#
# into a private named.  Every zone's AXFR must equal what PowerDNS would
# serve from the tables, computed by a query written from its documented
# behaviour (gsqlbackend's list query and extractRecord): rows not
# disabled, of a domain, with a type; MX and SRV content after prio; a
# NULL ttl its default-ttl (3600); names in content absolute without a
# final dot.  Documented deviations, left out of that query: SOA (the
# primary's own), ALIAS and LUA (PowerDNS computes them; a standard
# primary cannot hold them), a TXT string over 255 octets (the DNS
# cannot hold it), and an MX target with an underscore (nsupdate's
# check-names refuses it).  A rectify, which updates ordername and auth
# only, must write nothing, and each row left out must be named in a
# WARNING.
. tests/lib/common.sh
. tests/lib/named.sh
. tests/lib/pg.sh
. tests/lib/ipam.sh

pg_skip_unless_available
need_built

new_tmpdir T
zones='example.com example.net example.org 2.0.192.in-addr.arpa'
# shellcheck disable=SC2086 # a list of zones
named_start $zones
pg_start pdns

sql() {
	psql -X -q -v ON_ERROR_STOP=1 "$@" >>"$T/psql.log" 2>&1 ||
		{ tail -20 "$T/psql.log"; fail "psql $*"; }
}
lsn() {
	psql -X -At -c 'SELECT pg_current_wal_insert_lsn()' || fail "lsn"
}

# The tables as PowerDNS's schema.pgsql.sql defines them (the columns
# the backend reads and writes), and what profile=powerdns needs.
sql <<'EOF'
CREATE TABLE domains (
	id				serial PRIMARY KEY,
	name			varchar(255) NOT NULL,
	master			varchar(128) DEFAULT NULL,
	last_check		integer DEFAULT NULL,
	type			text NOT NULL,
	notified_serial	bigint DEFAULT NULL,
	account			varchar(40) DEFAULT NULL,
	options			text DEFAULT NULL,
	catalog			text DEFAULT NULL,
	CONSTRAINT c_lowercase_name CHECK (name = lower(name))
);
CREATE UNIQUE INDEX name_index ON domains (name);
CREATE TABLE records (
	id				bigserial PRIMARY KEY,
	domain_id		integer DEFAULT NULL REFERENCES domains (id) ON DELETE CASCADE,
	name			varchar(255) DEFAULT NULL,
	type			varchar(10) DEFAULT NULL,
	content			varchar(65535) DEFAULT NULL,
	ttl				integer DEFAULT NULL,
	prio			integer DEFAULT NULL,
	disabled		boolean DEFAULT false,
	ordername		varchar(255),
	auth			boolean DEFAULT true,
	CONSTRAINT c_lowercase_name CHECK (name = lower(name))
);
CREATE INDEX rec_name_index ON records (name);
CREATE INDEX nametype_index ON records (name, type);
CREATE INDEX domain_id ON records (domain_id);
CREATE INDEX recordorder ON records (domain_id, ordername text_pattern_ops);

ALTER TABLE domains SET (user_catalog_table = true);
ALTER TABLE records SET (user_catalog_table = true);
ALTER TABLE records REPLICA IDENTITY FULL;
SELECT 'init' FROM pg_create_logical_replication_slot('dns', 'wal2nsupdate');
EOF

for z in $zones
do named_axfr_nosoa "$z" >"$T/base.$z" || fail "AXFR $z"
done

# The zones, as pdnsutil create-zone and the API fill them: SOA, NS, MX
# (prio apart), an ALIAS and a LUA record, hosts with A and AAAA (every
# 7th without a TTL, every 20th disabled), CNAMEs, SRV with prio, an
# empty non-terminal (a row without a type, as rectify-zone makes it), a
# delegation with glue, CAA, a TXT string of 300 octets, an MX whose
# target is no host name (nsupdate's check-names refuses it).  named refuses
# an NS whose target in the zone has no address (its "post update name
# server sanity check"; PowerDNS takes it): the addresses come first.
sql <<'EOF'
INSERT INTO domains (id, name, type) VALUES
	(1, 'example.com', 'NATIVE'), (2, 'example.net', 'MASTER'),
	(3, '2.0.192.in-addr.arpa', 'NATIVE');
SELECT setval('domains_id_seq', 3);
INSERT INTO records (domain_id, name, type, content, ttl, prio, disabled)
SELECT d.id, v.name || '.' || d.name, v.type, replace(v.content, '@', d.name), v.ttl, v.prio, false
FROM domains d, (VALUES
	('ns1', 'A', '10.0.0.1', 3600, 0),
	('ns2', 'A', '10.0.0.2', 3600, 0),
	('mx1', 'A', '10.0.0.25', 3600, 0),
	('mx2', 'A', '10.0.0.26', 3600, 0),
	('www', 'CNAME', 'h1.@', 600, 0),
	('ftp', 'CNAME', 'h2.@', 600, 0),
	('_sip._tcp', 'SRV', '5 5060 sip.@', 600, 20),
	('_xmpp-server._tcp', 'SRV', '0 5269 h3.@', 600, 10),
	('_xmpp-server._tcp', 'SRV', '0 5269 h4.@', 600, 20),
	('lua', 'LUA', 'A "ifportup(443, {''10.0.0.80'', ''10.0.0.81''})"', 60, 0),
	('long', 'TXT', '"' || repeat('x', 300) || '"', 300, 0),
	('under', 'MX', 'mail_1.@', 300, 10),
	('short', 'TXT', '"hello" "world"', 300, 0)
) AS v (name, type, content, ttl, prio)
WHERE d.id IN (1, 2);
INSERT INTO records (domain_id, name, type, content, ttl, prio, disabled)
SELECT d.id, d.name, v.type, replace(v.content, '@', d.name), v.ttl, v.prio, false
FROM domains d, (VALUES
	('SOA', 'ns1.@ hostmaster.@ 2026120601 10800 3600 604800 3600', 3600, 0),
	('NS', 'ns1.@', 3600, 0),
	('NS', 'ns2.@', 3600, 0),
	('MX', 'mx1.@', 3600, 10),
	('MX', 'mx2.@', 3600, 20),
	('ALIAS', 'lb.example.org', 300, 0),
	('TXT', '"v=spf1 mx -all"', 3600, 0),
	('CAA', '0 issue "letsencrypt.org"', 3600, 0)
) AS v (type, content, ttl, prio)
WHERE d.id IN (1, 2);
INSERT INTO records (domain_id, name, type, content, ttl, prio, disabled)
SELECT d.id, 'h' || i || '.' || d.name, 'A',
	CASE d.id WHEN 1 THEN '10.1.' || i / 250 || '.' || i % 250 ELSE '10.2.' || i / 250 || '.' || i % 250 END,
	CASE WHEN i % 7 = 0 THEN NULL ELSE 300 END, 0, i % 20 = 0
FROM domains d, generate_series(1, 1500) i
WHERE d.id = 1 OR (d.id = 2 AND i <= 600);
INSERT INTO records (domain_id, name, type, content, ttl, prio, disabled)
SELECT d.id, 'h' || i || '.' || d.name, 'AAAA', '2001:db8:' || d.id || '::' || to_hex(i),
	CASE WHEN i % 7 = 0 THEN NULL ELSE 300 END, 0, false
FROM domains d, generate_series(3, 1500, 3) i
WHERE d.id = 1 OR (d.id = 2 AND i <= 600);
INSERT INTO records (domain_id, name, type, content, ttl, auth) VALUES
	(1, '_tcp.example.com', NULL, NULL, NULL, true),
	(2, '_tcp.example.net', NULL, NULL, NULL, true),
	(1, 'ns.dept.example.com', 'A', '10.0.9.1', 3600, false),
	(1, 'dept.example.com', 'NS', 'ns.dept.example.com', 3600, true);
INSERT INTO records (domain_id, name, type, content, ttl, prio, disabled)
SELECT 3, i || '.2.0.192.in-addr.arpa', 'PTR', 'h' || i || '.example.com', 3600, 0, i % 50 = 0
FROM generate_series(1, 250) i;
EOF

# The workload, as PowerDNS writes: the API replaces an RRset by deleting
# it and inserting its records; pdnsutil rectify-zone updates ordername
# and auth of every row; disable and enable set disabled.
sql <<'EOF'
-- API: new RRsets
INSERT INTO records (domain_id, name, type, content, ttl, prio, disabled)
SELECT 1, 'n' || i || '.example.com', 'A', '10.3.0.' || i, 300, 0, false
FROM generate_series(1, 50) i;
-- API: an RRset replaced
BEGIN;
DELETE FROM records WHERE domain_id = 1 AND name = 'h5.example.com' AND type = 'A';
INSERT INTO records (domain_id, name, type, content, ttl, prio, disabled) VALUES
	(1, 'h5.example.com', 'A', '10.4.0.1', 120, 0, false),
	(1, 'h5.example.com', 'A', '10.4.0.2', 120, 0, false);
COMMIT;
-- content and TTL updates, of a record and of whole RRsets
UPDATE records SET content = '10.4.0.10' WHERE name = 'h10.example.com' AND type = 'A';
UPDATE records SET ttl = 60 WHERE name = 'h3.example.net' AND type = 'A';
UPDATE records SET ttl = 7200 WHERE name = 'example.com' AND type = 'MX';
UPDATE records SET prio = 15 WHERE name = 'example.net' AND type = 'MX' AND content = 'mx2.example.net';
UPDATE records SET content = 'h9.example.net' WHERE name = 'www.example.net' AND type = 'CNAME';
-- disable and enable
UPDATE records SET disabled = true WHERE name IN ('h11.example.com', 'h12.example.com', 'www.example.com');
UPDATE records SET disabled = false WHERE name IN ('h20.example.com', '50.2.0.192.in-addr.arpa');
UPDATE records SET disabled = true, content = '10.4.0.13' WHERE name = 'h13.example.com' AND type = 'A';
UPDATE records SET content = '10.4.0.40' WHERE name = 'h40.example.com' AND type = 'A';
-- ALIAS and LUA changed, the TXT string too long still
UPDATE records SET content = 'lb2.example.org' WHERE type = 'ALIAS';
UPDATE records SET ttl = 30 WHERE type = 'LUA';
UPDATE records SET ttl = 600 WHERE name LIKE 'long.%';
-- deletes: records, an RRset, a host's every record
DELETE FROM records WHERE name LIKE 'h3_.example.com' AND type = 'A';
DELETE FROM records WHERE name = '_xmpp-server._tcp.example.net';
DELETE FROM records WHERE name = 'h99.example.com';
-- pdnsutil create-zone and the API: a new zone and its records in one
-- transaction
BEGIN;
INSERT INTO domains (name, type) VALUES ('example.org', 'NATIVE');
INSERT INTO records (domain_id, name, type, content, ttl, prio)
SELECT currval('domains_id_seq'), v.name, v.type, v.content, v.ttl, v.prio
FROM (VALUES
	('example.org', 'SOA', 'ns1.example.com hostmaster.example.org 1 10800 3600 604800 3600', 3600, 0),
	('example.org', 'NS', 'ns1.example.com', 3600, 0),
	('example.org', 'MX', 'mx1.example.com', 3600, 5),
	('lb.example.org', 'A', '10.5.0.1', 60, 0),
	('lb2.example.org', 'A', '10.5.0.2', 60, 0)
) AS v (name, type, content, ttl, prio);
COMMIT;
-- a bulk insert, more than one DNS message
INSERT INTO records (domain_id, name, type, content, ttl, prio, disabled)
SELECT 2, 'b' || i || '.example.net', 'A', '10.6.' || i / 250 || '.' || i % 250, 300, 0, i % 10 = 0
FROM generate_series(1, 2000) i;
EOF
before_rectify=$(lsn)
# pdnsutil rectify-zone: ordername and auth of every row, nothing else
sql <<'EOF'
UPDATE records r SET ordername = array_to_string(ARRAY(
		SELECT lbl FROM regexp_split_to_table(rtrim(substr(r.name, 1, length(r.name) - length(d.name)), '.'), '\.')
			WITH ORDINALITY AS t (lbl, n) ORDER BY n DESC), ' '),
	auth = r.name NOT LIKE '%.dept.example.com'
FROM domains d WHERE d.id = r.domain_id;
EOF
after_rectify=$(lsn)
rectified=$(psql -X -At -c "SELECT count(*) FROM records WHERE ordername IS NOT NULL") ||
	fail "count"
[ "$rectified" -gt 1000 ] || fail "rectify updated $rectified rows"
sql -c "UPDATE records SET content = '10.4.0.99' WHERE name = 'h50.example.com' AND type = 'A'"
endpos=$(lsn)

# rectify writes nothing: the text decoded up to its start and up to its
# end is the same
peek_lines() {
	psql -X -At -c "SELECT count(*) FROM pg_logical_slot_peek_changes('dns', '$1', NULL, 'profile', 'powerdns', 'include-timestamp', '0') WHERE data NOT LIKE 'COMMIT%' AND data NOT LIKE 'BEGIN%'" 2>/dev/null ||
		fail "peek up to $1"
}
n1=$(peek_lines "$before_rectify")
n2=$(peek_lines "$after_rectify")
[ "$n1" = "$n2" ] ||
	fail "rectify-zone, an UPDATE of ordername and auth on $rectified rows, wrote $((n2 - n1)) lines"
echo "ok: rectify-zone ($rectified rows) wrote nothing"

# The stream, through txsplit and nsupdate
pg_recvlogical -d "$PGDATABASE" -S dns --start --no-loop --endpos="$endpos" \
	-f - -o profile=powerdns >"$T/stream" 2>"$T/recv.err" ||
	{ cat "$T/recv.err"; fail "pg_recvlogical"; }
txsplit "$T/stream" >"$T/msgs" 2>"$T/txsplit.err" ||
	{ cat "$T/txsplit.err"; fail "txsplit"; }
nsupdate_local <"$T/msgs" >"$T/nsupdate.out" 2>&1 ||
	{ cat "$T/nsupdate.out"; grep -i 'update' "$NAMED_DIR/named.log" | grep -v 'approved' | head;  fail "nsupdate"; }
[ -s "$T/nsupdate.out" ] && { cat "$T/nsupdate.out"; fail "nsupdate complained"; }
echo "ok: $(grep -c '^BEGIN' "$T/stream") transactions, $(grep -c '^update' "$T/stream") changes, $(grep -c '^send$' "$T/msgs") messages"

# Each row left out is named, with its table, key and reason
for what in '"ALIAS" is not a type' '"LUA" is not a type' \
	'string of 300 octets' 'wants a host name (letters, digits and hyphens) in MX'
do
	grep -q "WARNING:.*table \"public.records\" left out" "$T/recv.err" &&
		grep -q "$what" "$T/recv.err" ||
		{ cat "$T/recv.err"; fail "no WARNING that says $what"; }
done
grep -q 'DETAIL:  The inserted row with key (id)=([0-9]*)' "$T/recv.err" ||
	{ cat "$T/recv.err"; fail "the WARNINGs do not name the rows"; }
grep -Eiq 'SOA|ALIAS|LUA|disabled' "$T/stream" &&
	{ grep -Ei 'SOA|ALIAS|LUA' "$T/stream" | head; fail "SOA, ALIAS or LUA in the stream"; }

# What PowerDNS serves, from its documented behaviour, in named_axfr's
# form (names in content absolute: a final dot; TXT as named prints it)
served() {
	psql -X -q -At -v zone="$1" <<'EOF'
SELECT r.name || '. ' || coalesce(r.ttl, 3600) || ' IN ' || r.type || ' '
	|| CASE WHEN r.type IN ('MX', 'SRV') THEN r.prio || ' ' ELSE '' END
	|| CASE WHEN r.type IN ('CNAME', 'NS', 'PTR', 'MX', 'SRV')
		THEN r.content || '.' ELSE r.content END
FROM records r JOIN domains d ON d.id = r.domain_id
WHERE d.name = :'zone' AND NOT r.disabled AND r.type IS NOT NULL
	-- deviations: the primary's own SOA; records PowerDNS computes;
	-- a string the DNS cannot hold; a target nsupdate's check-names refuses
	AND r.type NOT IN ('SOA', 'ALIAS', 'LUA')
	AND NOT (r.type = 'TXT' AND length(r.content) > 257)
	AND NOT (r.type IN ('MX', 'SRV', 'NS')
		AND regexp_replace(r.content, '.* ', '') ~ '[^a-z0-9.-]');
EOF
}

# shellcheck disable=SC2086 # a list of zones
ipam_compare PowerDNS $zones
