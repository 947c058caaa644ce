#!/bin/sh
# pg2dns: a zone whose updates the DNS server refuses is held at the
# transaction refused (what came before it is applied), and its later
# transactions wait, while the other zones' are applied, those of the
# refused transaction too; status and the log show the server's answer;
# the slot stays before it; once the server takes it again, the zone
# carries on by itself and the DNS equals the tables.  Paused while
# held, status says held; verify -r then does not wait for it: it
# compares and repairs the zones not held, names the held zone and its
# transaction, and exits 2.

. tests/lib/common.sh
. tests/lib/named.sh
. tests/lib/pg.sh
. tests/lib/pg2dns.sh

pg2dns_setup

pg2dns_start
insert a.example.com. A 192.0.2.1
insert 1.2.0.192.in-addr.arpa. PTR a.example.com.
wait_dns a.example.com A 192.0.2.1
wait_dns 1.2.0.192.in-addr.arpa PTR a.example.com.

# named refuses updates of example.net from now on
allow_updates example.net no

# five transactions in one batch: the third is refused
pg2dns pause >/dev/null || fail "pause"
insert b.example.com. A 192.0.2.2
after_b=$(psql -XAtq -c "SELECT pg_current_wal_lsn()")
insert c.example.com. A 192.0.2.3
insert d.example.net. A 192.0.2.4
held_lsn=$(psql -XAtq -c "SELECT pg_current_wal_lsn()")
insert e.example.com. A 192.0.2.5
insert f.example.com. A 192.0.2.6
pg2dns resume >/dev/null || fail "resume"
wait_dns c.example.com A 192.0.2.3
wait_dns b.example.com A 192.0.2.2

# example.net held: its later transactions wait; example.com's go on
wait_status 1
wait_dns f.example.com A 192.0.2.6
insert g.example.com. A 192.0.2.7
insert h.example.net. A 192.0.2.8
wait_dns g.example.com A 192.0.2.7
sleep 2
[ -z "$(dns h.example.net A)" ] || fail "a transaction after the refused one was applied in its zone"
[ -z "$(dns d.example.net A)" ] || fail "the refused transaction is in the DNS?"
pg2dns status >"$T/status"
grep -q '^state: held' "$T/status" || fail "status: $(cat "$T/status")"
grep -q '^held zone: example.net at transaction .*update failed: REFUSED' "$T/status" ||
	fail "status does not show the server's answer: $(cat "$T/status")"
grep -q 'zone example.net held at transaction .*update failed: REFUSED' "$T/log" ||
	fail "the log does not show the server's answer"
confirmed=$(psql -XAtq -c "SELECT confirmed_flush_lsn > '$held_lsn' FROM pg_replication_slots")
[ "$confirmed" = f ] || fail "the slot was confirmed past the refused transaction"
read -r applied _ <"$T/state/applied"
before=$(psql -XAtq -c "SELECT '$applied'::pg_lsn < '$held_lsn'")
[ "$before" = t ] || fail "applied position $applied is past the refused transaction"
# the transactions before it in the batch were recorded as applied
before=$(psql -XAtq -c "SELECT '$applied'::pg_lsn > '$after_b'")
[ "$before" = t ] || fail "applied position $applied is before transaction c"
# retried with backoff meanwhile, not given up
retries=$(grep -c 'held at transaction' "$T/log")
[ "$retries" -ge 2 ] || fail "not retried ($retries)"

# paused while held: still held
pg2dns pause >/dev/null || fail "pause while held"
pg2dns status >"$T/status"
grep -q '^state: held since .* (paused)$' "$T/status" || fail "paused while held: $(cat "$T/status")"
# verify does not wait for the held transaction
nsupdate_local <<'NSU' || fail "nsupdate"
update add stray.2.0.192.in-addr.arpa. 300 IN PTR stray.example.com.
send
NSU
timeout 120 pg2dns verify -r >"$T/repair" 2>"$T/verify.err"
rc=$?
[ $rc -eq 2 ] || { cat "$T/verify.err" "$T/repair"; fail "verify -r while held: exit $rc, want 2"; }
read -r _ _ held_xid _ <"$T/state/held.example.net"
grep -q "^verify: not compared: example.net (changes held at transaction $held_xid, commit [0-9A-F]*/[0-9A-F]*, refused; pg2dns skip passes it)$" \
	"$T/verify.err" || fail "verify does not name the held zone: $(cat "$T/verify.err")"
grep -q '^verify: 2 zones, 7 records in the tables, 8 in the DNS; 1 difference: 0 missing, 1 extra' \
	"$T/verify.err" || fail "verify did not compare the other zones: $(cat "$T/verify.err")"
printf '%s\n' 'zone 2.0.192.in-addr.arpa' \
	'update delete stray.2.0.192.in-addr.arpa. IN PTR stray.example.com.' send |
	diff -u - "$T/repair" || fail "verify's repair script differs"
[ -z "$(dns stray.2.0.192.in-addr.arpa PTR)" ] || fail "verify -r did not repair the other zone"
# resumed, it tries the held one again, and holds
n0=$(grep -c 'held at transaction' "$T/log")
pg2dns resume >/dev/null || fail "resume"
n=0
until [ "$(grep -c 'held at transaction' "$T/log")" -gt "$n0" ]
do
	n=$((n + 1))
	[ $n -lt 150 ] || { tail "$T/log"; fail "not held again after resume"; }
	sleep 0.1
done

# the operator fixes named; replication carries on by itself
allow_updates example.net yes
wait_dns d.example.net A 192.0.2.4
wait_dns h.example.net A 192.0.2.8
wait_status 0
grep -q '^state: running' "$T/status" || fail "status: $(cat "$T/status")"
# (REFUSED, or what a retry met while named restarted: SERVFAIL, held;
# connection refused, retried)
grep -q '^last error: .*transaction [0-9]* (commit ' "$T/status" ||
	fail "status forgot the last error: $(cat "$T/status")"
grep -q 'recovered' "$T/log" || fail "no recovery in the log"
pg2dns verify >"$T/repair" 2>"$T/verify.err" ||
	{ cat "$T/verify.err" "$T/repair"; fail "DNS differs from the tables"; }
echo "ok: refused zone held ($retries tries), the other zones carried on, then it did"
