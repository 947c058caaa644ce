#!/bin/sh
# pg2dns: a transaction the plugin cannot decode (a DELETE under replica
# identity DEFAULT) after good ones: the good ones are applied, the
# driver holds at it (status, log and STATE/held say which and why) and
# nothing after it is applied; verify names it and compares no zone;
# pg2dns skip passes exactly that one,
# records it in STATE/skipped, and replication carries on.  The same for
# a transaction the DNS server refuses, which holds only its zone.

. tests/lib/common.sh
. tests/lib/named.sh
. tests/lib/pg.sh
. tests/lib/pg2dns.sh

pg2dns_setup
pg2dns_start
insert a.example.com. A 192.0.2.1
wait_dns a.example.com A 192.0.2.1

# all in the slot at once: two good transactions, the bad one, a good one
pg2dns pause >/dev/null || fail "pause"
insert g1.example.com. A 192.0.2.11
insert g2.example.net. A 192.0.2.12
xid=$(psql -XAtq -v ON_ERROR_STOP=1 <<'SQL'
ALTER TABLE dns.rr REPLICA IDENTITY DEFAULT;
BEGIN;
INSERT INTO dns.rr (zone, owner, type, rdata)
	VALUES ('example.com', 'bad.example.com.', 'A', '192.0.2.13');
DELETE FROM dns.rr WHERE owner = 'a.example.com.';
SELECT txid_current();
COMMIT;
ALTER TABLE dns.rr REPLICA IDENTITY FULL;
SQL
) || fail "the bad transaction"
bad_end=$(psql -XAtq -c "SELECT pg_current_wal_lsn()")
insert g3.example.com. A 192.0.2.14
pg2dns resume >/dev/null || fail "resume"

# the good ones before it are applied; it holds
wait_dns g1.example.com A 192.0.2.11
wait_dns g2.example.net A 192.0.2.12
wait_status 1
grep -q "^error: held at transaction $xid (commit [0-9A-F]*/[0-9A-F]*): PostgreSQL cannot decode it: .*without the old row.*pg2dns skip passes it" \
	"$T/status" || fail "status: $(cat "$T/status")"
grep -q "^held: transaction $xid (commit .*, undecodable); pg2dns skip" "$T/status" ||
	fail "status does not show what is held: $(cat "$T/status")"
grep -q "held at transaction $xid .*cannot decode" "$T/log" || fail "not in the log"
# the plugin's hint, under pg2dns, names pg2dns skip
grep -q "^error: .*skip this transaction with pg2dns skip" "$T/status" ||
	fail "the hint does not name pg2dns skip: $(cat "$T/status")"
! grep -q pg_replication_slot_advance "$T/status" "$T/log" ||
	fail "the hint names pg_replication_slot_advance under pg2dns"
sleep 1
[ -z "$(dns g3.example.com A)" ] || fail "a transaction after the held one was applied"
[ -z "$(dns bad.example.com A)" ] || fail "part of the held transaction was applied"
read -r applied _ <"$T/state/applied"
[ "$(psql -XAtq -c "SELECT '$applied'::pg_lsn < '$bad_end'")" = t ] ||
	fail "applied position $applied is past the held transaction"
held_lsn=$(awk 'NR == 1 { print $2 }' "$T/state/held")

# verify does not wait for it: what it and those after it change cannot
# be known, so no zone is compared; it names the transaction, exit 2
timeout 120 pg2dns verify >"$T/repair" 2>"$T/verify.err"
rc=$?
[ $rc -eq 2 ] || { cat "$T/verify.err" "$T/repair"; fail "verify while held: exit $rc, want 2"; }
grep -q "^verify: not compared: example.com example.net (changes held at transaction $xid, commit $held_lsn, undecodable; pg2dns skip passes it)$" \
	"$T/verify.err" || fail "verify said: $(cat "$T/verify.err")"

# skip it: exactly that one
pg2dns skip >"$T/out" 2>&1 || { cat "$T/out"; fail "pg2dns skip"; }
grep -q "^skipped transaction $xid (commit $held_lsn)" "$T/out" ||
	fail "skip said: $(cat "$T/out")"
wait_dns g3.example.com A 192.0.2.14
[ "$(dns a.example.com A)" = 192.0.2.1 ] || fail "the skipped DELETE was applied"
[ -z "$(dns bad.example.com A)" ] || fail "the skipped INSERT was applied"
grep -q "^skipped .* transaction $xid commit $held_lsn: .*cannot decode" "$T/state/skipped" ||
	fail "STATE/skipped: $(cat "$T/state/skipped")"
grep -q '^update add bad.example.com. ' "$T/state/skipped" ||
	fail "STATE/skipped lacks what was decoded: $(cat "$T/state/skipped")"
[ "$(grep -c '^skipped ' "$T/state/skipped")" -eq 1 ] || fail "skipped more than one"
wait_status 0
grep -q '^held:' "$T/status" && fail "status still shows it held: $(cat "$T/status")"

# what the skip left for the operator: verify shows it
pg2dns verify >"$T/repair" 2>"$T/verify.err"
[ $? -eq 1 ] || { cat "$T/verify.err" "$T/repair"; fail "verify should differ"; }
grep -q '^update delete a.example.com. IN A 192.0.2.1$' "$T/repair" &&
	grep -q '^update add bad.example.com. 3600 IN A 192.0.2.13$' "$T/repair" ||
	fail "repair script: $(cat "$T/repair")"

# refused by the server: its zone held, then its part skipped alone
allow_updates example.net no
insert r1.example.com. A 192.0.2.21
insert r2.example.net. A 192.0.2.22
insert r3.example.com. A 192.0.2.23
wait_dns r1.example.com A 192.0.2.21
wait_dns r3.example.com A 192.0.2.23
n=0
until [ -s "$T/state/held.example.net" ] &&
	grep -q '^refused ' "$T/state/held.example.net"
do
	n=$((n + 1))
	[ $n -lt 150 ] || { tail "$T/log"; fail "never held at the refused one"; }
	sleep 0.1
done
grep -q '^update add r2.example.net. ' "$T/state/held.example.net" ||
	fail "STATE/held.example.net: $(cat "$T/state/held.example.net")"
read -r _ r2_lsn r2_xid _ <"$T/state/held.example.net"
pg2dns skip >"$T/out" 2>&1 || { cat "$T/out"; fail "pg2dns skip (refused)"; }
grep -q "^zone example.net: skipped transaction $r2_xid (commit $r2_lsn)" "$T/out" ||
	fail "skip said: $(cat "$T/out")"
[ "$(grep -c '^skipped ' "$T/state/skipped")" -eq 2 ] || fail "skipped: $(cat "$T/state/skipped")"
grep -q "^skipped .* zone example.net transaction $r2_xid commit $r2_lsn: update failed: REFUSED" "$T/state/skipped" ||
	fail "STATE/skipped: $(cat "$T/state/skipped")"
allow_updates example.net yes
insert r4.example.net. A 192.0.2.24
wait_dns r4.example.net A 192.0.2.24
[ -z "$(dns r2.example.net A)" ] || fail "the skipped transaction was applied"
echo "ok: transaction $xid held, then skipped alone; the good ones around it applied; a refused zone's part skipped too"
