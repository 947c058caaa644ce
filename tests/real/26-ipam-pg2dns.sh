#!/bin/sh
# pg2dns run with an application's own tables: PG2DNS_OPTIONS=
# profile=powerdns passes through to the plugin.  init first prints the
# SQL that gives the database what decoding needs (the plugin's
# extension, a user catalog table, REPLICA IDENTITY FULL) and refuses
# until it has run.  PowerDNS's records reach named live (MX with its prio, a rectify, a disable, a
# prio changed), a record of a type a standard primary cannot hold
# (ALIAS) and a row the DNS cannot hold (a TXT string of 300 octets) are
# left out with a WARNING in the driver's log, and the driver keeps
# running past them.  pg2dns verify reads the tables through the same
# mapping (the plugin's wal2nsupdate_records() with the same options):
# equal after the workload, each row left out listed, and an MX changed
# in named behind pg2dns's back reported with its prio and repaired;
# two rows that are one record (a duplicate, an IPv6 address written two
# ways) listed, and the record lost when one of them is deleted found
# and added back by verify -r.
. tests/lib/common.sh
. tests/lib/named.sh
. tests/lib/pg.sh
. tests/lib/pg2dns.sh

pg2dns_setup
psql -Xq -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || fail "PowerDNS tables"
CREATE TABLE domains (id serial PRIMARY KEY, name varchar(255) NOT NULL,
	type text NOT NULL DEFAULT 'NATIVE');
CREATE TABLE records (id bigserial PRIMARY KEY,
	domain_id integer REFERENCES domains (id) ON DELETE CASCADE,
	name varchar(255), type varchar(10), content varchar(65535),
	ttl integer, prio integer, disabled boolean DEFAULT false,
	ordername varchar(255), auth boolean DEFAULT true);
SQL
sed 's/^PG2DNS_OPTIONS=.*/PG2DNS_OPTIONS="profile=powerdns"/' \
	"$PG2DNS_CONFIG" >"$T/conf" && echo "PG2DNS_METRICS=$T/pg2dns.prom" >>"$T/conf" &&
	mv "$T/conf" "$PG2DNS_CONFIG" || fail "config"

# init asks the plugin what the tables lack, and prints the SQL
psql -Xq -c "DROP EXTENSION wal2nsupdate" || fail "drop extension"
pg2dns init >"$T/fix" 2>"$T/init.err"
rc=$?
[ $rc -eq 2 ] && [ "$(cat "$T/fix")" = "CREATE EXTENSION wal2nsupdate;" ] ||
	{ cat "$T/init.err" "$T/fix"; fail "init exit $rc without the extension"; }
psql -Xq -v ON_ERROR_STOP=1 -f "$T/fix" || fail "init's SQL"
pg2dns init >"$T/fix" 2>"$T/init.err"
rc=$?
[ $rc -eq 2 ] || { cat "$T/init.err"; fail "init exit $rc without the prerequisites, want 2"; }
cat >"$T/want" <<'W'
ALTER TABLE public.domains SET (user_catalog_table = true);
ALTER TABLE public.records SET (user_catalog_table = true);
ALTER TABLE public.records REPLICA IDENTITY FULL;
W
diff -u "$T/want" "$T/fix" || { cat "$T/init.err"; fail "init's SQL differs"; }
grep -q 'missing: table domains: user_catalog_table' "$T/init.err" ||
	{ cat "$T/init.err"; fail "init does not say what is missing"; }
psql -Xq -v ON_ERROR_STOP=1 -f "$T/fix" || fail "init's SQL"
pg2dns init >"$T/fix" 2>"$T/init.err" ||
	{ cat "$T/init.err"; fail "init with the prerequisites"; }
[ ! -s "$T/fix" ] || fail "init printed SQL: $(cat "$T/fix")"
sed 's/^PG2DNS_OPTIONS=.*/PG2DNS_OPTIONS="profile=powerdns prio-column=priority"/' \
	"$PG2DNS_CONFIG" >"$T/bad.conf" || fail "config"
pg2dns -c "$T/bad.conf" init >"$T/fix" 2>"$T/init.err"
rc=$?
[ $rc -eq 2 ] && grep -q 'refuses PG2DNS_OPTIONS.*has no column "priority"' "$T/init.err" ||
	{ cat "$T/init.err"; fail "init exit $rc with a column the table lacks"; }
echo "ok: pg2dns init prints the SQL that gives the tables what profile=powerdns needs"

pg2dns_start

pdns() {
	psql -Xq -v ON_ERROR_STOP=1 -c "$1" >>"$T/psql.log" 2>&1 ||
		{ cat "$T/psql.log"; fail "psql: $1"; }
}
pdns "INSERT INTO domains (id, name) VALUES (1, 'example.com')"
pdns "INSERT INTO records (domain_id, name, type, content, ttl, prio) VALUES
	(1, 'example.com', 'MX', 'mx9.example.com', 300, 5),
	(1, 'lb.example.com', 'ALIAS', 'lb.example.net', 300, 0),
	(1, 'long.example.com', 'TXT', '\"' || repeat('x', 300) || '\"', 300, 0),
	(1, 'w.example.com', 'A', '192.0.2.77', 300, 0)"
wait_dns w.example.com A 192.0.2.77
wait_dns example.com MX "5 mx9.example.com."
pdns "UPDATE records SET ordername = name, auth = true"
pdns "UPDATE records SET disabled = true WHERE name = 'w.example.com'"
wait_dns w.example.com A ""
pdns "UPDATE records SET prio = 7 WHERE type = 'MX'"
wait_dns example.com MX "7 mx9.example.com."
wait_status 0
grep -q '^state: running' "$T/status" ||
	{ cat "$T/status"; fail "pg2dns is not running"; }
for what in 'type "ALIAS" is not a type' 'string of 300 octets'
do
	grep -q "$what" "$T/log" ||
		{ cat "$T/log"; fail "no WARNING in the driver's log that says $what"; }
done
# counted: each is left out at its insert and again at the rectify's
# UPDATE of it
i=0
until n=$(awk '$1 == "pg2dns_rows_left_out_total" { print $2 }' "$T/pg2dns.prom")
	[ "$n" = 4 ] || [ $i -ge 100 ]
do
	sleep 0.1
	i=$((i + 1))
done
[ "$n" = 4 ] || { cat "$T/pg2dns.prom"; fail "pg2dns_rows_left_out_total is '$n', want 4"; }
echo "ok: pg2dns with profile=powerdns: live, past the rows left out, each named in its log and counted"

# status lists them: the count since the driver started, and each row
# with its table, key, reason and transaction (the xid and commit
# position of the insert that wrote it; the rectify's UPDATE is another)
i=0
until wait_status 0; [ "$(grep -c '^left out: ' "$T/status")" = 4 ] || [ $i -ge 20 ]
do
	sleep 0.1
	i=$((i + 1))
done
grep -q '^rows left out: 4 since the driver started$' "$T/status" ||
	{ cat "$T/status"; fail "status does not count the rows left out"; }
[ "$(grep -c '^left out: ' "$T/status")" = 4 ] ||
	{ cat "$T/status"; fail "status does not list the 4 rows left out"; }
for what in 'table public.records: type "ALIAS" is not a type wal2nsupdate knows; The [a-z]* row with key (id)=(2) ' \
	'table public.records: invalid rdata in column "content"; The [a-z]* row with key (id)=(3) has content'
do
	grep -c "^left out: .*, transaction [0-9]* (commit [0-9A-F]*/[0-9A-F]*, committed 20[0-9-]*T[0-9:.]*Z): $what" \
		"$T/status" | grep -qx 2 ||
		{ cat "$T/status"; fail "status does not list, with its transaction: $what"; }
done
pg2dns status -j >"$T/status.json" || { cat "$T/status.json"; fail "status -j"; }
perl -MJSON::PP -e '
	local $/; my $s = decode_json(<>)->{rows_left_out}; my $r = $s->{last};
	exit !($s->{since_start} == 4 && @$r == 4 &&
		!grep({ $_->{table} ne "public.records" ||
			!$_->{xid} || !$_->{commit_lsn} || !$_->{commit_time} || !$_->{seen} } @$r) &&
		$r->[0]{reason} =~ /type "ALIAS" is not a type/ && $r->[0]{row} =~ /\(id\)=\(2\)/ &&
		$r->[0]{xid} eq $r->[1]{xid} && $r->[0]{xid} ne $r->[2]{xid})' "$T/status.json" ||
	{ cat "$T/status.json"; fail "status -j does not list the rows left out"; }
# the list keeps the last 20: 20 more, in one transaction, push out
# the first 4
pdns "INSERT INTO records (domain_id, name, type, content, ttl, prio)
	SELECT 1, 'lb' || i || '.example.com', 'ALIAS', 'lb.example.net', 300, 0
	FROM generate_series(1, 20) i"
# (the file written within a second)
last20() {
	pg2dns status >"$T/status" 2>&1
	grep -q '^rows left out: 24 since' "$T/status" &&
		[ "$(grep -c '^left out: ' "$T/status")" = 20 ] &&
		[ "$(grep '^left out: ' "$T/status" | grep -c 'key (id)=(\([5-9]\|1[0-9]\|2[0-4]\)) ')" = 20 ]
}
i=0
until last20 || [ $i -ge 100 ]
do
	sleep 0.1
	i=$((i + 1))
done
last20 || { cat "$T/status"; fail "status does not list the last 20 rows left out"; }
[ "$(wc -l <"$T/state/left_out")" = 20 ] ||
	fail "the state file left_out holds $(wc -l <"$T/state/left_out") rows, want 20"
pdns "DELETE FROM records WHERE name ~ '^lb[0-9]+\\.example\\.com$'"
echo "ok: pg2dns status lists each row left out with its table, key, reason and transaction, and counts them; the last 20 kept"

verify_exits 0
grep -q '^verify: 1 zone, 1 records in the tables, 1 in the DNS; 0 differences' \
	"$T/verify.err" || { cat "$T/verify.err"; fail "verify compared other records"; }
for what in 'type "ALIAS" is not a type' 'string of 300 octets' \
	'^verify: 2 rows left out of the DNS'
do
	grep -q "$what" "$T/verify.err" ||
		{ cat "$T/verify.err"; fail "verify does not list the rows left out: $what"; }
done
nsupdate_local <<NSU || fail "nsupdate"
update delete example.com. IN MX 7 mx9.example.com.
update add example.com. 300 IN MX 9 mx9.example.com.
send
NSU
verify_exits 1 -r
cat >"$T/want" <<'W'
zone example.com
update delete example.com. IN MX 9 mx9.example.com.
update add example.com. 300 IN MX 7 mx9.example.com.
send
W
diff -u "$T/want" "$T/repair" || fail "verify's repair script differs"
wait_dns example.com MX "7 mx9.example.com."
verify_exits 0
echo "ok: pg2dns verify with profile=powerdns: equal, the rows left out listed, a change behind its back repaired"

# two rows that are one record (a duplicate, an IPv6 address written in
# two ways): verify names them; the delete of one deletes the record
# while the other remains, which verify then finds missing and -r adds
pdns "INSERT INTO records (domain_id, name, type, content, ttl, prio) VALUES
	(1, 'dup.example.com', 'A', '192.0.2.7', 300, 0),
	(1, 'dup.example.com', 'A', '192.0.2.7', 300, 0),
	(1, 'dup.example.com', 'AAAA', '2001:DB8::7', 300, 0),
	(1, 'dup.example.com', 'AAAA', '2001:db8:0::7', 300, 0)"
wait_dns dup.example.com AAAA 2001:db8::7
verify_exits 0
for what in \
	'^verify: 2 rows of table records are one record, dup.example.com. IN A 192.0.2.7: the delete of one deletes it' \
	'^verify: 2 rows of table records are one record, dup.example.com. IN AAAA 2001:DB8::7: ' \
	'^verify: 2 records held by more than one row (above)'
do
	grep -q "$what" "$T/verify.err" ||
		{ cat "$T/verify.err"; fail "verify does not list the rows that are one record: $what"; }
done
pdns "DELETE FROM records WHERE id = (SELECT min(id) FROM records
	WHERE name = 'dup.example.com' AND type = 'A')"
wait_dns dup.example.com A ""
verify_exits 1 -r
grep -q '^verify: 1 record held by more than one row (above)' "$T/verify.err" &&
	grep -q '^update add dup.example.com. 300 IN A 192.0.2.7$' "$T/repair" ||
	{ cat "$T/verify.err" "$T/repair"; fail "verify after the delete of one of two rows"; }
wait_dns dup.example.com A 192.0.2.7
echo "ok: pg2dns verify lists the rows that are one record; the delete of one loses it, and verify -r adds it back"
