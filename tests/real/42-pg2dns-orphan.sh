#!/bin/sh
# pg2dns: no child outlives the driver.  The driver's nsupdate is
# stopped (SIGSTOP) and an insert committed, so that its messages wait on
# that nsupdate's input; the driver is killed (SIGKILL) and another
# started, which applies the insert and then the row's delete; then the
# old nsupdate is let go on (SIGCONT).  It died with its driver: the
# record does not come back, and the DNS equals the tables.

. tests/lib/common.sh
. tests/lib/named.sh
. tests/lib/pg.sh
. tests/lib/pg2dns.sh

pg2dns_setup

pg2dns_start
insert a.example.com. A 192.0.2.1
wait_dns a.example.com A 192.0.2.1
# the session that applied it lasts 5 s idle: well after this
ns=$(pgrep -P "$PG2DNS_PID" -x nsupdate) || fail "the driver has no nsupdate"
kill -STOP "$ns"
at_exit "kill -KILL $ns 2>/dev/null"
insert x.example.com. A 192.0.2.9
sleep 1
[ "$(ps -o ppid= -p "$ns" | tr -d ' ')" = "$PG2DNS_PID" ] ||
	fail "the stopped nsupdate is no longer the driver's"
[ -z "$(dns x.example.com A)" ] || fail "the stopped nsupdate sent"
kill -KILL "$PG2DNS_PID"
wait "$PG2DNS_PID" 2>/dev/null
PG2DNS_PID=
sleep 0.5
case $(ps -o stat= -p "$ns") in
''|Z*) ;;
*) echo "the old nsupdate outlived its driver" ;;
esac

pg2dns_start
wait_dns x.example.com A 192.0.2.9
psql -Xq -v ON_ERROR_STOP=1 -c "DELETE FROM dns.rr WHERE owner = 'x.example.com.'" ||
	fail "delete"
wait_dns x.example.com A ''
kill -CONT "$ns" 2>/dev/null
sleep 3
[ -z "$(dns x.example.com A)" ] ||
	fail "the old driver's nsupdate brought the deleted record back"
pg2dns verify >"$T/repair" 2>"$T/verify.err" ||
	{ cat "$T/verify.err" "$T/repair"; fail "DNS differs from the tables"; }
echo "ok: the driver's nsupdate died with it; the delete holds"
