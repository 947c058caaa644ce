#!/bin/sh
# pg2dns against a real PostgreSQL (with wal2nsupdate) and a private
# named: init (which names a zone of dns.zone that named does not
# serve), run, changes reach the DNS; pause holds them in the slot
# (and lasts across a restart of the driver); status says so; verify
# drains exactly what its snapshot of the tables sees, finds nothing to
# repair, then finds and repairs changes made behind its back; with the
# DNS server out of reach it gives up after PG2DNS_VERIFY_DRAIN_TIMEOUT;
# resume carries on; SIGTERM stops the driver cleanly.

. tests/lib/common.sh
. tests/lib/named.sh
. tests/lib/pg.sh
. tests/lib/pg2dns.sh

pg2dns_setup
register_zones examp1e.com
pg2dns init >"$T/out" 2>&1 && fail "init took a zone named does not serve"
grep -q 'does not serve these zones of dns.zone: examp1e.com class IN (REFUSED);' \
	"$T/out" || fail "init said: $(cat "$T/out")"
psql -Xq -c "DELETE FROM dns.zone WHERE name = 'examp1e.com'" || fail psql
pg2dns init 2>>"$T/log" || { cat "$T/log"; fail "pg2dns init"; }
insert 'www.example.com.' A 192.0.2.10
insert 'example.net.' MX '10 mail.example.net.'
insert 'mail.example.net.' AAAA '2001:db8::25'
insert '10.2.0.192.in-addr.arpa.' PTR 'www.example.com.'
pg2dns_start
wait_dns www.example.com A 192.0.2.10
wait_dns 10.2.0.192.in-addr.arpa PTR www.example.com.
pg2dns status >"$T/status" || { cat "$T/status"; fail "status: not running"; }
grep -q '^state: running' "$T/status" || fail "status: $(cat "$T/status")"

# pause: changes wait in the slot
pg2dns pause >"$T/out" || fail "pause failed"
grep -q '^paused' "$T/out" || fail "pause said: $(cat "$T/out")"
insert 'paused.example.com.' A 192.0.2.11
sleep 1
[ -z "$(dns paused.example.com A)" ] || fail "applied while paused"
pg2dns status >"$T/status"
grep -q '^state: paused' "$T/status" || fail "status: $(cat "$T/status")"
awk '/^lag:/ { exit !($2 > 0 && $6 > 0) }' "$T/status" ||
	fail "status shows no lag while paused: $(cat "$T/status")"

# the pause outlives the driver
pg2dns_stop
pg2dns_start
sleep 1
[ -z "$(dns paused.example.com A)" ] || fail "restarted driver ignored the pause"

# the DNS server out of reach: verify's drain gives up after
# PG2DNS_VERIFY_DRAIN_TIMEOUT, says so, compares nothing, exit 2
{ cat "$PG2DNS_CONFIG"; echo "PG2DNS_PORT=$(free_port)"
  echo "PG2DNS_VERIFY_DRAIN_TIMEOUT=2"; } >"$T/unreachable.conf"
timeout 120 pg2dns -c "$T/unreachable.conf" verify >"$T/repair" 2>"$T/verify.err"
rc=$?
[ $rc -eq 2 ] || { cat "$T/verify.err"; fail "verify with the server out of reach: exit $rc, want 2"; }
grep -q 'were not applied within 2 s (PG2DNS_VERIFY_DRAIN_TIMEOUT)' "$T/verify.err" &&
	grep -q '^.*: the DNS did not reach the snapshot within PG2DNS_VERIFY_DRAIN_TIMEOUT (2 s): nothing compared$' \
	"$T/verify.err" || fail "verify said: $(cat "$T/verify.err")"
[ ! -s "$T/repair" ] || fail "verify compared: $(cat "$T/repair")"

# verify drains to its snapshot: the same, exit 0
pg2dns verify >"$T/repair" 2>"$T/verify.err" ||
	{ cat "$T/verify.err" "$T/repair"; fail "verify found differences"; }
[ "$(dns paused.example.com A)" = 192.0.2.11 ] ||
	fail "verify did not drain the transaction its snapshot sees"
pg2dns status >"$T/status"
grep -q '^state: paused' "$T/status" || fail "verify resumed a pause"

# changes behind replication's back: a stray record, a missing one, a
# changed TTL; verify prints the nsupdate script that repairs them
nsupdate_local <<NSU || fail "nsupdate"
update add stray.example.com. 300 IN A 192.0.2.99
send
update delete mail.example.net. IN AAAA 2001:db8::25
send
update add www.example.com. 60 IN A 192.0.2.10
send
NSU
pg2dns verify >"$T/repair" 2>"$T/verify.err"
rc=$?
[ $rc -eq 1 ] || { cat "$T/verify.err" "$T/repair"; fail "verify exit $rc, want 1"; }
cat >"$T/want" <<'W'
zone example.com
update delete stray.example.com. IN A 192.0.2.99
update add www.example.com. 3600 IN A 192.0.2.10
send
zone example.net
update add mail.example.net. 3600 IN AAAA 2001:db8::25
send
W
diff -u "$T/want" "$T/repair" || fail "verify's repair script differs"
nsupdate_local <"$T/repair" || fail "the repair script failed"
pg2dns verify >"$T/repair" 2>"$T/verify.err" ||
	{ cat "$T/verify.err" "$T/repair"; fail "differences after the repair"; }

# resume: the waiting change goes through, the driver catches up
insert 'resumed.example.com.' A 192.0.2.12
sleep 0.5
[ -z "$(dns resumed.example.com A)" ] || fail "applied while paused"
pg2dns resume >/dev/null || fail "resume failed"
wait_dns resumed.example.com A 192.0.2.12
pg2dns status >"$T/status" || fail "status after resume: $(cat "$T/status")"
grep -q '^state: running' "$T/status" || fail "status: $(cat "$T/status")"

# deletes and updates too, then verify with the driver running
psql -Xq -c "DELETE FROM dns.rr WHERE owner = 'www.example.com.'" || fail psql
psql -Xq -c "UPDATE dns.rr SET rdata = '192.0.2.13' WHERE owner = 'resumed.example.com.'" || fail psql
wait_dns resumed.example.com A 192.0.2.13
wait_dns www.example.com A ''
pg2dns verify >"$T/repair" 2>"$T/verify.err" ||
	{ cat "$T/verify.err" "$T/repair"; fail "verify after deletes"; }
pg2dns status >"$T/status" || fail "status after verify: $(cat "$T/status")"
grep -q '^state: running' "$T/status" || fail "verify left it paused"

# verify while transactions keep committing: it compares the DNS with
# its snapshot of the tables, having applied exactly the transactions
# that snapshot sees, no more, no fewer
awk 'BEGIN { for (i = 1; i <= 3000; i++) printf "INSERT INTO dns.rr " \
	"(zone, owner, type, rdata) VALUES (\x27example.net\x27, " \
	"\x27c%d.example.net.\x27, \x27A\x27, \x27192.0.2.%d\x27);\n" \
	"SELECT pg_sleep(0.005);\n", i, i % 250 + 1 }' >"$T/busy.sql"
psql -Xq -v ON_ERROR_STOP=1 -f "$T/busy.sql" >/dev/null &
busy=$!
sleep 0.3
for _ in 1 2 3
do
	pg2dns verify >"$T/repair" 2>"$T/verify.err" || {
		cat "$T/verify.err" "$T/repair"
		fail "verify while transactions commit found differences"
	}
	grep -q ' 0 differences:' "$T/verify.err" || fail "verify said: $(cat "$T/verify.err")"
done
kill -0 $busy 2>/dev/null || fail "the workload ended before the verifies did"
kill $busy
# without the shell's "Terminated" for the job killed above (psql's own
# standard error is not redirected)
wait $busy 2>/dev/null
n=$(psql -XAtq -c "SELECT count(*) FROM dns.rr WHERE owner LIKE 'c%.example.net.'")
[ "$n" -gt 0 ] || fail "the workload committed nothing"
pg2dns verify >"$T/repair" 2>"$T/verify.err" ||
	{ cat "$T/verify.err" "$T/repair"; fail "verify after the workload"; }

# SIGTERM: a clean stop; the slot is confirmed at the applied position
pg2dns_stop
pg2dns status >"$T/status"
[ $? -eq 3 ] || fail "status after stop: $(cat "$T/status")"
read -r applied _ <"$T/state/applied"
confirmed=$(psql -XAtq -c "SELECT confirmed_flush_lsn FROM pg_replication_slots")
[ "$applied" = "$confirmed" ] ||
	fail "slot confirmed at $confirmed, applied $applied"
grep -q 'stopped; applied through' "$T/log" || fail "no clean stop in the log"

# verify while the slot is still active for another walsender (as the
# paused driver's is until it sees its client gone, slower on a busy
# server): it waits for the slot, within its drain's time
pg_recvlogical -d "$PGDATABASE" -S pg2dns --start -o tables=dns.rr \
	-f "$T/other" 2>/dev/null &
other=$!
at_exit "kill $other 2>/dev/null"
n=0
until [ "$(psql -XAtq -c "SELECT active FROM pg_replication_slots WHERE slot_name = 'pg2dns'")" = t ]
do
	n=$((n + 1))
	[ $n -lt 100 ] || fail "pg_recvlogical does not hold the slot"
	sleep 0.1
done
(sleep 2; kill "$other") &
verify_exits 0
wait "$other"
[ ! -s "$T/other" ] || fail "pg_recvlogical got changes: $(cat "$T/other")"

# replay: a stream saved by pg_recvlogical, applied with checkpointing
psql -XAtq -c "SELECT 1 FROM pg_create_logical_replication_slot('rec', 'wal2nsupdate')" \
	>/dev/null || fail "slot rec"
insert r1.example.net. A 192.0.2.21
insert r2.example.net. A 192.0.2.22
insert r3.example.net. TXT '"replayed"'
end=$(psql -XAtq -c "SELECT pg_current_wal_lsn()")
pg_recvlogical -d "$PGDATABASE" -S rec --start -E "$end" -o tables=dns.rr \
	-f "$T/saved" || fail "pg_recvlogical"
[ "$(grep -c '^COMMIT' "$T/saved")" -eq 3 ] || fail "saved stream: $(cat "$T/saved")"
pg2dns replay "$T/saved" 2>>"$T/log" || fail "replay failed"
[ "$(dns r1.example.net A)" = 192.0.2.21 ] || fail "replay did not apply"
[ "$(dns r3.example.net TXT)" = '"replayed"' ] || fail "replay did not apply"
# again: resumes after the last one, sends nothing
nsupdate_local <<NSU || fail "nsupdate"
update delete r1.example.net. IN A
send
NSU
pg2dns replay "$T/saved" 2>>"$T/log" || fail "second replay failed"
[ -z "$(dns r1.example.net A)" ] || fail "replay sent again what it had applied"
grep -q 'replay of .*saved resumes after' "$T/log" || fail "replay did not resume"
# a stream cut inside a transaction: the complete ones, then exit 1
sed '$d' "$T/saved" >"$T/cut"
pg2dns replay "$T/cut" 2>>"$T/log"
[ $? -eq 1 ] || fail "replay of a cut stream did not exit 1"
[ "$(dns r2.example.net A)" = 192.0.2.22 ] || fail "cut replay"
echo "ok: pause, resume, verify, replay"
