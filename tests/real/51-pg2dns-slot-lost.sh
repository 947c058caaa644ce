#!/bin/sh
# pg2dns and a slot it cannot trust: PostgreSQL invalidates it (a tiny
# max_slot_wal_keep_size, pg2dns stopped, WAL written until wal_status
# is lost), someone drops it, someone makes it again.  pg2dns run holds:
# nothing applied, state held, and the log, status (exit 1), status -j
# and the metrics say why and name the recovery command; it never
# guesses where to go on from.  Last a resync while the slot is made
# again as soon as it is dropped, as Patroni does.

. tests/lib/common.sh
. tests/lib/named.sh
. tests/lib/pg.sh
. tests/lib/pg2dns.sh

PG_EXTRA_CONF="max_slot_wal_keep_size = 1MB
wal_keep_size = 0"
pg2dns_setup
echo "PG2DNS_METRICS=$T/pg2dns.prom" >>"$PG2DNS_CONFIG"
psql -Xq -v ON_ERROR_STOP=1 -c "CREATE TABLE pad (n int)" || fail "create table pad"

pg2dns_start
insert a.example.com. A 192.0.2.1
wait_dns a.example.com A 192.0.2.1
pg2dns_stop
read -r applied _ <"$T/state/applied"

# committed while pg2dns is stopped, then the WAL that holds it goes
insert b.example.com. A 192.0.2.2
wal_status() {
	psql -XAtq -c "SELECT coalesce((SELECT wal_status FROM pg_replication_slots WHERE slot_name = 'pg2dns'), 'missing')"
}
n=0
until [ "$(wal_status)" = lost ]
do
	n=$((n + 1))
	[ $n -le 10 ] || fail "the slot is still $(wal_status) after $n checkpoints"
	for i in 1 2 3
	do
		psql -Xq -c "INSERT INTO pad VALUES ($i)" -c "SELECT pg_switch_wal()" >/dev/null ||
			fail "psql"
	done
	psql -Xq -c CHECKPOINT || fail "checkpoint"
done

# stopped: status says what happened and what to do
pg2dns status >"$T/status" 2>&1
rc=$?
[ $rc -eq 3 ] || fail "status exit $rc with the driver stopped: $(cat "$T/status")"
grep -q '^slot problem: slot pg2dns was invalidated by PostgreSQL .*run pg2dns resync' "$T/status" ||
	fail "status: $(cat "$T/status")"

# init says the slot is invalidated and names the recovery (PostgreSQL
# refuses to decode from it, which is no fault of the options), and with
# PG2DNS_AUTO_RESYNC=yes leaves it to run's resync
pg2dns init >"$T/out" 2>&1
rc=$?
[ $rc -eq 2 ] || fail "init exit $rc with the slot invalidated: $(cat "$T/out")"
grep -q 'slot pg2dns was invalidated by PostgreSQL (wal_status lost.*: run pg2dns resync' "$T/out" &&
	! grep -q PG2DNS_OPTIONS "$T/out" || fail "init said: $(cat "$T/out")"
PG2DNS_AUTO_RESYNC=yes pg2dns init >"$T/out" 2>&1 ||
	fail "init, automatic mode, exit $?: $(cat "$T/out")"
grep -q 'invalidated (wal_status lost); pg2dns run will resynchronise' "$T/out" ||
	fail "init, automatic mode, said: $(cat "$T/out")"
[ "$(wal_status)" = lost ] || fail "init changed the slot: $(wal_status)"

# running: it holds, applies nothing, says so everywhere
held_says() {
	_n=0
	until pg2dns status >"$T/status" 2>&1; [ $? -eq 1 ] &&
		grep -q "^error: $1" "$T/status"
	do
		_n=$((_n + 1))
		[ $_n -lt 100 ] || { cat "$T/status"; tail "$T/log"; fail "status never said: $1"; }
		sleep 0.1
	done
	grep -q '^state: held' "$T/status" || fail "status: $(cat "$T/status")"
	grep -q "$1.*: run pg2dns resync" "$T/status" ||
		fail "status does not name the recovery command: $(cat "$T/status")"
	grep -q "$1" "$T/log" || fail "the log does not say: $1"
	pg2dns status -j >"$T/status.json"
	[ $? -eq 1 ] || fail "status -j exit, want 1"
	grep -q '^  "state": "held",' "$T/status.json" &&
		grep -q "^  \"error\": \"$1" "$T/status.json" ||
		fail "status -j: $(cat "$T/status.json")"
	_n=0
	until grep -qx 'pg2dns_state{state="held"} 1' "$T/pg2dns.prom" 2>/dev/null &&
		grep -qx "pg2dns_slot_wal_status{wal_status=\"$2\"} 1" "$T/pg2dns.prom"
	do
		_n=$((_n + 1))
		[ $_n -lt 50 ] || { cat "$T/pg2dns.prom"; fail "metrics: not held, or wal_status not $2"; }
		sleep 0.1
	done
	kill -0 "$PG2DNS_PID" || fail "pg2dns run exited"
	[ -z "$(dns b.example.com A)" ] || fail "applied from a slot it cannot trust"
	read -r _now _ <"$T/state/applied"
	[ "$_now" = "$applied" ] || fail "the applied position moved from $applied to $_now"
}
pg2dns_start
held_says "slot pg2dns was invalidated by PostgreSQL (wal_status lost" lost

# dropped (as after a failover): missing
psql -XAtq -c "SELECT pg_drop_replication_slot('pg2dns')" >/dev/null || fail "drop slot"
held_says "slot pg2dns is missing" missing

# made again by hand: it starts past what was applied
psql -XAtq -c "SELECT 1 FROM pg_create_logical_replication_slot('pg2dns', 'wal2nsupdate')" \
	>/dev/null || fail "create slot"
insert c.example.com. A 192.0.2.3
held_says "slot pg2dns is confirmed at [0-9A-F/]*, past the applied position $applied" reserved
[ -z "$(dns c.example.com A)" ] || fail "applied from a slot made again"
pg2dns_stop

# resync while the slot is being made again (Patroni makes a permanent
# slot again within its loop_wait): pg2dns beside an engine that, asked
# for the snapshot, first has the stale slot dropped and made again,
# slowly (a transaction open for 2 s, which the making waits for: the
# slot is active meanwhile and cannot be dropped)
mkdir "$T/remade" || fail "mkdir"
cp pg2dns/pg2dns "$T/remade/" || fail "cp pg2dns"
cat >"$T/remade/pg2dns-run" <<EOF || fail "the remaking engine"
#!/bin/sh
if [ "\$1" = snapshot ]
then
	psql -XAtq -c "SELECT pg_drop_replication_slot('pg2dns')" >/dev/null
	psql -XAtq -c "SELECT txid_current(), pg_sleep(2)" >/dev/null &
	sleep 0.5
	psql -XAtq -c "SELECT 1 FROM pg_create_logical_replication_slot('pg2dns', 'wal2nsupdate')" >/dev/null &
	sleep 0.5
fi
exec "$(pwd)/pg2dns/pg2dns-run" "\$@"
EOF
chmod +x "$T/remade/pg2dns-run"
sh "$T/remade/pg2dns" resync >"$T/resync.out" 2>"$T/resync.err" ||
	{ cat "$T/resync.err"; fail "pg2dns resync, the slot made again meanwhile"; }
grep -q 'dropped slot pg2dns' "$T/resync.err" ||
	fail "the slot made again was not dropped: $(cat "$T/resync.err")"
pg2dns_start
wait_dns c.example.com A 192.0.2.3
verify_exits 0
pg2dns_stop
echo "ok: held at an invalidated, a missing and a remade slot; nothing applied; resync with the slot made again meanwhile"
