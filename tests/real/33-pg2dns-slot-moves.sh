#!/bin/sh
# pg2dns: configuration is checked before anything starts (plugin
# options that take away the COMMIT lsn or the xids, or set the skip
# hint that pg2dns sets, a bad number), and
# with another table taking a steady stream of writes and no DNS changes
# at all, the slot's confirmed_flush_lsn moves with the WAL, also while
# an unrelated transaction stays open; the DNS still gets what comes
# after.

. tests/lib/common.sh
. tests/lib/named.sh
. tests/lib/pg.sh
. tests/lib/pg2dns.sh

pg2dns_setup

# refused: a config file whose values would break the driver
bad_config() {
	sed '/^PG2DNS_OPTIONS=/d' "$PG2DNS_CONFIG" >"$T/bad.conf"
	printf '%s\n' "$@" >>"$T/bad.conf"
}
for opt in include-lsn=off include-xids=false skip-hint=advance
do
	bad_config "PG2DNS_OPTIONS=\"tables=dns.rr $opt\""
	case $opt in
	skip-hint=*) want="pg2dns sets skip-hint itself" ;;
	*) want="pg2dns needs ${opt%=*}" ;;
	esac
	for cmd in init run
	do
		pg2dns -c "$T/bad.conf" $cmd >"$T/out" 2>&1
		rc=$?
		[ $rc -eq 2 ] || fail "pg2dns $cmd with $opt: exit $rc, want 2"
		grep -q "$want" "$T/out" ||
			fail "pg2dns $cmd with $opt said: $(cat "$T/out")"
	done
done
bad_config 'PG2DNS_OPTIONS="tables=dns.rr"' PG2DNS_BACKOFF_MAX=abc
pg2dns -c "$T/bad.conf" run >"$T/out" 2>&1
rc=$?
[ $rc -eq 2 ] || fail "PG2DNS_BACKOFF_MAX=abc: exit $rc, want 2"
grep -q 'PG2DNS_BACKOFF_MAX=abc is not a number of seconds' "$T/out" ||
	fail "PG2DNS_BACKOFF_MAX=abc said: $(cat "$T/out")"
[ ! -e "$T/state/pid" ] || fail "a refused run left a pid file"

psql -Xq -v ON_ERROR_STOP=1 -c "CREATE TABLE leases (id serial PRIMARY KEY, mac text, t timestamptz DEFAULT now())" ||
	fail "create table leases"
pg2dns_start
insert before.example.com. A 192.0.2.1
wait_dns before.example.com A 192.0.2.1

lsn_ge() {
	[ "$(psql -XAtq -c "SELECT '$1'::pg_lsn >= '$2'::pg_lsn")" = t ]
}
confirmed() {
	psql -XAtq -c "SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = 'pg2dns'"
}
# writes to leases, one row a transaction, for up to 100 s
awk 'BEGIN { for (i = 0; i < 20000; i++) {
	print "INSERT INTO leases (mac) VALUES (\x2700:00:5e:00:53:01\x27);"
	print "SELECT pg_sleep(0.005);" } }' >"$T/leases.sql"
# wait_confirmed LSN: the slot is confirmed at or past LSN (give up
# after 30 s, which is only a bound: the figure is in make bench)
wait_confirmed() {
	_n=0
	until lsn_ge "$(confirmed)" "$1"
	do
		_n=$((_n + 1))
		[ $_n -lt 300 ] || {
			tail -20 "$T/log"
			fail "confirmed_flush_lsn $(confirmed) never reached $1 ($2)"
		}
		sleep 0.1
	done
}

c0=$(confirmed)
psql -Xq -f "$T/leases.sql" >/dev/null 2>&1 &
busy=$!
at_exit "kill $busy 2>/dev/null"
sleep 1
w1=$(psql -XAtq -c "SELECT pg_current_wal_lsn()")
lsn_ge "$w1" "$c0" && [ "$w1" != "$c0" ] || fail "no WAL written"
wait_confirmed "$w1" "another table busy"

# an unrelated transaction left open: the slot still moves
psql -Xq -c "BEGIN; INSERT INTO leases (mac) VALUES ('open'); SELECT pg_sleep(600)" \
	>/dev/null 2>&1 &
open=$!
at_exit "kill $open 2>/dev/null"
sleep 1
w2=$(psql -XAtq -c "SELECT pg_current_wal_lsn()")
wait_confirmed "$w2" "with a transaction open"
# and DNS changes still go through, in between
insert during.example.com. A 192.0.2.2
wait_dns during.example.com A 192.0.2.2
w3=$(psql -XAtq -c "SELECT pg_current_wal_lsn()")
wait_confirmed "$w3" "after a DNS change"
read -r applied _ <"$T/state/applied"
lsn_ge "$applied" "$w2" || fail "applied position $applied behind the WAL $w2"
kill $busy $open 2>/dev/null
wait $busy $open 2>/dev/null
pg2dns status >"$T/status" || fail "status: $(cat "$T/status")"
pg2dns verify >"$T/repair" 2>"$T/verify.err" ||
	{ cat "$T/verify.err" "$T/repair"; fail "verify"; }
echo "ok: bad options refused; the slot moved from $c0 to $(confirmed) with no DNS changes"
