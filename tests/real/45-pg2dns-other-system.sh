#!/bin/sh
# pg2dns pointed at another database system: after it applied on one
# server, the same address reaches a cluster made afresh (another
# system identifier) with the tables and a slot of the same name, its
# transactions at positions below what was applied on the first.  Gone
# on from the applied position, PostgreSQL would skip them, and the
# DNS would keep the first server's rows.  pg2dns holds, naming the
# other system and pg2dns resync, and still does with
# PG2DNS_AUTO_RESYNC=yes, also once its slot is dropped (a server
# swapped under pg2dns is for its operator to judge: a resync would
# replace the zones with another database's); after pg2dns resync the
# DNS equals the new tables.

. tests/lib/common.sh
. tests/lib/named.sh
. tests/lib/pg.sh
. tests/lib/pg2dns.sh

pg2dns_setup
echo PG2DNS_AUTO_RESYNC=yes >>"$PG2DNS_CONFIG"
pg2dns_start
psql -Xq -v ON_ERROR_STOP=1 -c "CREATE TABLE filler AS SELECT g, repeat('x', 200) AS pad FROM generate_series(1, 40000) g" ||
	fail "filler"
workload old 20
insert old-last.example.com. A 192.0.2.200
wait_dns old-last.example.com A 192.0.2.200
pg2dns_stop
first=$(psql -XAtq -c "SELECT system_identifier FROM pg_control_system()")
applied=$(applied)
pg_stop

# the other cluster, on another port (the environment's)
pg_start
pg2dns_schema
psql -Xq -v ON_ERROR_STOP=1 -c "SELECT pg_create_logical_replication_slot('pg2dns', 'wal2nsupdate')" >/dev/null ||
	fail "the slot on the other cluster"
workload new 20
insert new-last.example.com. A 192.0.2.201
second=$(psql -XAtq -c "SELECT system_identifier FROM pg_control_system()")
[ "$first" != "$second" ] || fail "the clusters have one system identifier, $first"
[ "$(psql -XAtq -c "SELECT pg_current_wal_lsn() < '$applied'")" = t ] ||
	fail "the other cluster's transactions are not below $applied: the test would see nothing"

# held: the log says so once more than COUNT times
held_after() {
	_end=$(($(date +%s) + 20))
	until [ "$(grep -c 'another database system' "$T/log")" -gt "$1" ]
	do
		[ "$(date +%s)" -lt $_end ] ||
			fail "$2: not held at another database system: $(pg2dns status 2>&1; tail -5 "$T/log")"
		sleep 0.1
	done
	pg2dns status >"$T/status" 2>&1
	grep -q '^state: held' "$T/status" &&
		grep -q "another database system (system identifier $second, not $first" "$T/status" &&
		grep -q 'pg2dns resync' "$T/status" ||
		fail "$2: status does not say held at the other system, naming pg2dns resync: $(cat "$T/status")"
}
pg2dns_start
held_after 0 "started"
[ -n "$(dns old-last.example.com A)" ] && [ -z "$(dns new-last.example.com A)" ] ||
	fail "the DNS changed while held"
# restarted, with PG2DNS_AUTO_RESYNC=yes: held again, no resync
pg2dns_stop
n=$(grep -c 'another database system' "$T/log")
pg2dns_start
held_after "$n" "restarted with PG2DNS_AUTO_RESYNC=yes"
! grep -q resynchronising "$T/log" || fail "a resync at another database system"
# and where that system has no slot of pg2dns's name
pg2dns_stop
psql -Xq -c "SELECT pg_drop_replication_slot('pg2dns')" >/dev/null ||
	fail "drop the other cluster's slot"
n=$(grep -c 'another database system' "$T/log")
pg2dns_start
held_after "$n" "restarted, no slot there"
! grep -q resynchronising "$T/log" ||
	fail "a resync at another database system without the slot"
pg2dns_stop

pg2dns resync >"$T/resync.out" 2>"$T/resync.err" ||
	{ cat "$T/resync.err"; fail "pg2dns resync"; }
pg2dns_start
wait_dns new-last.example.com A 192.0.2.201
[ -z "$(dns old-last.example.com A)" ] || fail "the first system's rows are still in the DNS"
verify_exits 0
echo "ok: another database system ($second, not $first) held, with PG2DNS_AUTO_RESYNC=yes too; resynced"
