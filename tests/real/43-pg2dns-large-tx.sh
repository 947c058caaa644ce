#!/bin/sh
# pg2dns: one transaction of 30,000 rows, larger than the engine keeps
# in memory (SPOOL_AT, 1 MiB, in pg2dns/engine.h), comes from the slot
# into a spool file of its own (unlinked, in the state directory), which
# the driver holds while the transaction is in flight.  named is stopped
# (SIGSTOP) under it and its nsupdate killed; once named goes on, the
# retry, fed again from the spool file, applies it whole, the spool file
# is closed, and the DNS equals the tables.

. tests/lib/common.sh
. tests/lib/named.sh
. tests/lib/pg.sh
. tests/lib/pg2dns.sh

pg2dns_setup

# the driver's descriptors open on spool files
spooled() {
	find "/proc/$PG2DNS_PID/fd" -lname "$T/state/spool.*" 2>/dev/null |
		wc -l
}

pg2dns_start
insert a.example.com. A 192.0.2.1
wait_dns a.example.com A 192.0.2.1

kill -STOP "$NAMED_PID"
at_exit 'kill -CONT $NAMED_PID 2>/dev/null'
psql -Xq -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || fail "insert"
INSERT INTO dns.rr (zone, owner, type, rdata)
SELECT 'example.com.', 'h' || i || '.example.com.', 'A',
	'10.1.' || i / 256 || '.' || i % 256
FROM generate_series(0, 29999) AS i;
SQL
_n=0
until [ "$(spooled)" -eq 1 ]
do
	_n=$((_n + 1))
	[ $_n -lt 100 ] || fail "the transaction was not spooled"
	sleep 0.1
done
ns=$(pgrep -P "$PG2DNS_PID" -x nsupdate) || fail "the driver has no nsupdate"
kill -KILL "$ns"
sleep 1
[ "$(spooled)" -eq 1 ] || fail "the spool file was closed before it was applied"
kill -CONT "$NAMED_PID"

wait_dns h29999.example.com A 10.1.117.47 60
_n=0
while [ "$(spooled)" -ne 0 ]
do
	_n=$((_n + 1))
	[ $_n -lt 100 ] || fail "the spool file is still open once applied"
	sleep 0.1
done
for f in "$T"/state/spool.*
do
	[ ! -e "$f" ] || fail "a spool file is left: $f"
done
grep -q 'nsupdate \(ended\|killed\)' "$T/log" || fail "nsupdate was not killed under it"
pg2dns verify >"$T/repair" 2>"$T/verify.err" ||
	{ cat "$T/verify.err" "$T/repair"; fail "DNS differs from the tables"; }
echo "ok: 30,000 rows in one transaction, spooled, retried, applied whole"
