#!/bin/sh
# pg2dns under Patroni: etcd and two Patroni nodes on 127.0.0.1, a
# permanent logical slot for pg2dns (Patroni copies it to the replica),
# output_plugin_libraries in custom_conf (Patroni drops it from its
# parameters: checked), pg2dns with a multi-host PGHOST and
# target_session_attrs=read-write, and a steady writer.
#
# A switchover: pg2dns carries on by itself, no resync, nothing lost;
# how soon the DNS holds the new primary's first commit is printed.
#
# Then the hazard of asynchronous replication: the link between the
# nodes cut (the standby receives no more WAL), transactions that pg2dns
# applies and the standby never gets, the leader killed (kill -9 of
# Patroni and of the postmaster), the standby promoted, and new
# transactions on its new timeline at positions below what pg2dns
# applied on the old one.  pg2dns must not go on from its old position
# (it would skip them, and keep the lost ones in the DNS): it holds,
# naming pg2dns resync, and after the resync the DNS equals the table.

. tests/lib/common.sh
. tests/lib/named.sh
. tests/lib/pg.sh
. tests/lib/pg2dns.sh
. tests/lib/patroni.sh
. tests/lib/fork.sh

patroni_skip_unless_available
pg2dns_skip_unless_built
PATH=$(pg_config --bindir):$PATH
new_tmpdir T
named_start
etcd_start
patroni_configure postgres
patroni_node node1
patroni_node node2
patroni_link_start
patroni_start node1
patroni_wait_leader node1 "the bootstrap"
grep -q 'Removing unexpected parameter=output_plugin_libraries' \
	"$PATRONI_DIR/node1.log" &&
	echo "note: Patroni drops output_plugin_libraries from its parameters; custom_conf has it"

port1=$(patroni_port node1)
port2=$(patroni_port node2)
PGHOST=127.0.0.1,127.0.0.1
PGPORT=$port1,$port2
PGUSER=postgres
PGDATABASE=postgres
PGTARGETSESSIONATTRS=read-write
PGCONNECT_TIMEOUT=2
export PGHOST PGPORT PGUSER PGDATABASE PGTARGETSESSIONATTRS PGCONNECT_TIMEOUT

# the slot Patroni made, on both nodes
has_slot() {
	[ "$(psql_node "$1" -c "SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'pg2dns' AND plugin = 'wal2nsupdate'" 2>/dev/null)" = 1 ]
}
wait_slot() {
	_end=$(($(date +%s) + 30))
	until has_slot "$1"
	do
		[ "$(date +%s)" -lt $_end ] || { tail -20 "$PATRONI_DIR/$1.log" "$PATRONI_DIR/$1/server.log"; fail "Patroni made no slot pg2dns on $1"; }
		sleep 0.1
	done
}
wait_slot node1
pg2dns_configure
# Patroni copies the slot as it is when the replica starts: so new a
# slot still needs WAL from before the replica's first segment, and the
# copy cannot be decoded there.  Moved on (as pg2dns running moves it)
# and copied again.
patroni_start node2
patroni_wait_streaming node2 "node2's start"
wait_slot node2
first=$(psql_node node2 -c "SELECT min(substr(name, 9)) FROM pg_ls_waldir() WHERE name ~ '^[0-9A-F]{24}\$'")
n=0
until [ "$(psql -XAtq -c "SELECT substr(pg_walfile_name(restart_lsn), 9) >= '$first' FROM pg_replication_slots WHERE slot_name = 'pg2dns'")" = t ]
do
	n=$((n + 1))
	[ $n -lt 10 ] || fail "the slot's restart_lsn does not reach node2's WAL ($first)"
	psql -Xq -c CHECKPOINT -c "SELECT pg_replication_slot_advance('pg2dns', pg_current_wal_lsn())" >/dev/null ||
		fail "advancing the slot"
done
psql -Xq -c CHECKPOINT || fail "checkpoint"
psql_node node2 -c "SELECT pg_drop_replication_slot('pg2dns')" >/dev/null ||
	fail "dropping node2's copy of the slot"
patroni_wait_streaming node2 "node2's copy of the slot dropped"
wait_slot node2
patroni_wait_streaming node2 "node2's copy of the slot made again"

# the line of named's log for NAME's first update, as seconds
named_update_time() {
	perl -MTime::Local -ne '
		next unless /^(\d\d)-(\w\w\w)-(\d{4}) (\d\d):(\d\d):(\d\d)(\.\d+) .*adding an RR at \x27\Q'"$1"'\E\x27/;
		my %m; @m{qw(Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec)} = 0..11;
		printf "%.3f\n", timelocal($6, $5, $4, $1, $m{$2}, $3) + $7;
		exit;' "$NAMED_DIR/named.log"
}

steady_start
pg2dns_start
wait_writes_on "$port1" 10
last=$(writes_on "$port1" | tail -1 | cut -d' ' -f1)
wait_dns "steady-$last.example.com" A 192.0.2.9

# (a) a switchover (refused while node2's state in etcd is not yet
# running: it restarts once to take the copy of the slot)
end=$(($(date +%s) + 30))
until patronictl_local switchover --leader node1 --candidate node2 --force \
	>"$T/switchover" 2>&1 && grep -q 'Successfully switched over' "$T/switchover"
do
	[ "$(date +%s)" -lt $end ] || { cat "$T/switchover"; fail "patronictl switchover"; }
	sleep 1
done
patroni_wait_leader node2 "the switchover"
wait_writes_on "$port2" 20
first=$(writes_on "$port2" | head -1 | cut -d' ' -f1)
wait_dns "steady-$first.example.com" A 192.0.2.9 30
committed=$(psql_node node2 -c "SELECT extract(epoch FROM pg_xact_commit_timestamp(xmin)) FROM dns.rr WHERE owner = 'steady-$first.example.com.'")
before=$(writes_on "$port1" | tail -1 | cut -d' ' -f1)
stopped=$(psql_node node2 -c "SELECT extract(epoch FROM pg_xact_commit_timestamp(xmin)) FROM dns.rr WHERE owner = 'steady-$before.example.com.'")
in_dns=$(named_update_time "steady-$first.example.com")
[ -n "$committed" ] && [ -n "$stopped" ] && [ -n "$in_dns" ] ||
	fail "no times for steady-$before and steady-$first"
awk "BEGIN { printf \"switchover: no commit for %.2f s; the new primary's first commit in the DNS %.2f s after it\\n\", $committed - $stopped, $in_dns - $committed }"
steady_stop
wait_dns "steady-$STEADY_LAST.example.com" A 192.0.2.9
wait_status 0
! grep -q resynchronising "$T/log" || fail "a resync after a switchover"
pg2dns verify >"$T/repair" 2>"$T/verify.err" ||
	{ cat "$T/verify.err"; fail "the DNS differs from the table after the switchover"; }

# (b) the standby falls behind, and the leader is lost
patroni_wait_streaming node1 "node1 a replica after the switchover"
has_slot node1 || fail "node1 has no slot pg2dns as a replica"
patroni_link_cut
n=0
while [ "$(psql_node node1 -c "SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'")" != 0 ]
do
	n=$((n + 1))
	[ $n -lt 100 ] || fail "node1 still streams with the link cut"
	sleep 0.1
done
fork_lost
patroni_kill node2
patroni_wait_leader node1 "the failover (the link cut, node2 killed)"
fork_new_timeline
fork_outcome
[ "$FORK_OUTCOME" = held ] || fail "pg2dns resynchronised without PG2DNS_AUTO_RESYNC"
pg2dns_stop
pg2dns resync >"$T/resync.out" 2>"$T/resync.err" ||
	{ cat "$T/resync.err"; fail "pg2dns resync"; }
pg2dns_start
wait_dns new-last.example.com A 192.0.2.201
[ -z "$(dns lost-last.example.com A)" ] || fail "a lost transaction is still in the DNS"
pg2dns verify >"$T/repair" 2>"$T/verify.err" ||
	{ cat "$T/verify.err"; fail "the DNS differs from the table after the resync"; }
echo "ok: switchover without resync; failover past the standby ($FORK_APPLIED applied, timeline $FORK_TL forked at $FORK_LSN) held and resynced"
