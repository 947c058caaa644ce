#!/bin/sh
# pg2dns across a PostgreSQL failover: a primary and a physical standby
# (pg_basebackup -R, streaming replication), pg2dns applying a workload
# from the primary.  The standby stops, the primary takes transactions
# that pg2dns applies but the standby never gets (and several MB of WAL,
# so that the new primary's positions are behind the old applied one),
# then goes down.  The standby is promoted, without the slot; pg2dns is
# pointed at it (PGPORT), where init refuses to make a slot that would
# lose what was committed meanwhile, a resync that fails half-way keeps
# run and verify from starting, and it takes transactions before and
# during pg2dns resync.  After the resync the DNS holds none of the lost
# transactions, and run carries on from the slot's consistent point: at
# the end the DNS equals the new primary's tables (verify, and an AXFR
# count of the rows written during the resync).  Then the automatic
# mode: the slot dropped, PG2DNS_AUTO_RESYNC=yes, run resynchronises by
# itself; and the slot dropped while it runs: it begins again with a
# resync, and a row committed while there was no slot reaches the DNS.

. tests/lib/common.sh
. tests/lib/named.sh
. tests/lib/pg.sh
. tests/lib/pg2dns.sh
. tests/lib/standby.sh

pg2dns_setup

lsn_ge() {
	[ "$(psql -XAtq -c "SELECT '$1'::pg_lsn >= '$2'::pg_lsn")" = t ]
}

sb_create
# the driver streams from the standby once promoted: it stops first
at_exit pg2dns_stop

# pg2dns applies a workload from the primary, which the standby follows
pg2dns_start
workload w1 60
wait_dns w1-60.example.com A 192.0.2.61
sb_caught_up
[ "$(sb_psql -c "SELECT count(*) FROM dns.rr WHERE owner LIKE 'w1-%'")" -gt 50 ] ||
	fail "the standby does not have the workload"

# lost: applied from the primary, never on the standby
sb_stop
workload lost 20
psql -Xq -v ON_ERROR_STOP=1 -c "DELETE FROM dns.rr WHERE owner = 'w1-2.example.com.'" ||
	fail "delete"
psql -Xq -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || fail "filler"
CREATE TABLE filler AS SELECT g, repeat('x', 200) AS pad FROM generate_series(1, 40000) g;
SQL
insert lost-last.example.com. A 192.0.2.200
wait_dns lost-last.example.com A 192.0.2.200
[ -z "$(dns w1-2.example.com A)" ] || fail "the delete on the primary was not applied"
pg2dns_stop
old_applied=$(applied)
pg_stop

# the standby becomes the primary; pg2dns follows it
sb_ctl start
sb_ctl promote
PGPORT=$SB_PORT
export PGPORT
[ "$(psql -XAtq -c "SELECT pg_is_in_recovery()")" = f ] || fail "not promoted"
[ -z "$(psql -XAtq -c "SELECT slot_name FROM pg_replication_slots")" ] ||
	fail "a slot came with the promoted standby"
[ "$(psql -XAtq -c "SELECT count(*) FROM dns.rr WHERE owner LIKE 'lost-%'")" = 0 ] ||
	fail "the standby has the lost transactions"
pg2dns init >"$T/out" 2>&1
rc=$?
[ $rc -eq 2 ] || fail "init with the slot gone: exit $rc: $(cat "$T/out")"
grep -q "slot pg2dns is missing, and .*applied says $old_applied was applied.*pg2dns resync" "$T/out" ||
	fail "init said: $(cat "$T/out")"
[ -z "$(psql -XAtq -c "SELECT slot_name FROM pg_replication_slots")" ] ||
	fail "init made a slot"

# a resync that fails half-way (the DNS server unreachable once the
# slot is made): run and verify refuse to start until one has finished
sed "s/^PG2DNS_PORT=.*/PG2DNS_PORT=$(named_free_port)/" "$PG2DNS_CONFIG" >"$T/noserver.conf"
pg2dns -c "$T/noserver.conf" resync >"$T/out" 2>&1
rc=$?
[ $rc -eq 2 ] && grep -q 'AXFR of .* failed' "$T/out" ||
	fail "resync with no DNS server: exit $rc: $(cat "$T/out")"
[ -e "$T/state/resync" ] || fail "no STATE/resync after a failed resync"
for cmd in run verify
do
	pg2dns $cmd >"$T/out" 2>&1
	rc=$?
	[ $rc -eq 2 ] && grep -q 'a resync did not finish' "$T/out" ||
		fail "$cmd after a failed resync: exit $rc: $(cat "$T/out")"
done
[ ! -e "$T/state/pid" ] || fail "a refused run left a pid file"

# committed on the new primary before the resync, and during it
workload before 10
psql -Xq -v ON_ERROR_STOP=1 -c "DELETE FROM dns.rr WHERE owner = 'w1-1.example.com.'" ||
	fail "delete"
(
	i=0
	while [ ! -e "$T/stop" ]
	do
		i=$((i + 1))
		psql -Xq -c "INSERT INTO dns.rr (zone, owner, type, rdata)
			VALUES ('example.com', 'during-$i.example.com.', 'A', '192.0.2.7')" ||
			exit 1
	done
) &
writer=$!
at_exit "touch '$T/stop'; wait $writer 2>/dev/null"
n=0
until [ "$(psql -XAtq -c "SELECT count(*) >= 10 FROM dns.rr WHERE owner LIKE 'during-%'")" = t ]
do
	n=$((n + 1))
	[ $n -lt 100 ] || fail "the writer writes nothing"
	sleep 0.1
done
pg2dns resync >"$T/resync.out" 2>"$T/resync.err" ||
	{ cat "$T/resync.err"; fail "pg2dns resync"; }
grep -q 'dropped slot pg2dns' "$T/resync.err" ||
	fail "the failed resync's slot was not dropped: $(cat "$T/resync.err")"
kill -0 $writer 2>/dev/null || fail "the writer stopped before the resync ended"
grep -q '^resync: .* differences*: [1-9][0-9]* missing, [1-9][0-9]* extra' "$T/resync.err" ||
	fail "the resync repaired nothing: $(cat "$T/resync.err")"
tail -2 "$T/resync.err" | grep -q '^resync: .*; 0 differences' ||
	fail "the resync did not check its repair: $(cat "$T/resync.err")"
grep -q '^update delete lost-1.example.com. ' "$T/resync.out" ||
	fail "resync's repair script: $(cat "$T/resync.out")"
[ -z "$(dns lost-last.example.com A)" ] || fail "a lost transaction is still in the DNS"
[ -z "$(dns w1-1.example.com A)" ] || fail "a delete before the resync is not in the DNS"
[ "$(dns w1-2.example.com A)" = 192.0.2.3 ] || fail "a row the standby has is missing"
wait_dns before-10.example.com A 192.0.2.11 1
point=$(applied)
slot_at=$(psql -XAtq -c "SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = 'pg2dns'")
[ "$point" = "$slot_at" ] ||
	fail "applied position $point, but the new slot starts at $slot_at"
lsn_ge "$old_applied" "$point" ||
	fail "the new primary is ahead of the old applied position: the test would not see a position kept from the old one"
[ ! -e "$T/state/resync" ] || fail "STATE/resync left behind"
failover_slot_made resync

# run carries on from exactly there, while the writer still writes
pg2dns_start
wait_status 0
pg2dns resync >"$T/out" 2>&1
rc=$?
[ $rc -eq 2 ] && grep -q 'running as process' "$T/out" ||
	fail "resync while running: exit $rc: $(cat "$T/out")"
sleep 1
touch "$T/stop"
wait $writer || fail "the writer failed"
workload after 30
wait_dns after-30.example.com A 192.0.2.31
pg2dns verify >"$T/repair" 2>"$T/verify.err" ||
	{ cat "$T/verify.err" "$T/repair"; fail "the DNS differs from the new primary's tables"; }
rows=$(psql -XAtq -c "SELECT count(*) FROM dns.rr WHERE owner LIKE 'during-%'")
axfr=$(named_axfr_nosoa example.com | grep -c '^during-')
[ "$rows" = "$axfr" ] ||
	fail "$rows rows written during the resync, $axfr names in the DNS"

# the automatic mode: the slot lost while pg2dns is stopped, then while
# it runs
pg2dns_stop
psql -Xq -c "SELECT pg_drop_replication_slot('pg2dns')" >/dev/null ||
	fail "drop slot"
insert auto-1.example.com. A 192.0.2.41
echo PG2DNS_AUTO_RESYNC=yes >>"$PG2DNS_CONFIG"
pg2dns init >"$T/out" 2>&1 || fail "init, automatic mode: $(cat "$T/out")"
grep -q 'pg2dns run will resynchronise' "$T/out" || fail "init said: $(cat "$T/out")"
pg2dns_start
wait_dns auto-1.example.com A 192.0.2.41
insert auto-2.example.com. A 192.0.2.42
wait_dns auto-2.example.com A 192.0.2.42
grep -q 'resynchronising (PG2DNS_AUTO_RESYNC=yes)' "$T/log" || fail "not in the log"

# the slot lost while pg2dns runs: a row committed while there is none
# reaches the DNS only by the resync the running driver begins again with
before=$(resyncs)
n=0
until psql -XAtq -c "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots
		WHERE slot_name = 'pg2dns' AND active" \
	-c "SELECT pg_drop_replication_slot('pg2dns')" >/dev/null 2>&1
do
	n=$((n + 1))
	[ $n -lt 100 ] || fail "cannot drop the running driver's slot"
	sleep 0.1
done
insert auto-3.example.com. A 192.0.2.43
wait_dns auto-3.example.com A 192.0.2.43
grep -q 'pg2dns run begins again, with a resync' "$T/log" ||
	fail "the running driver did not begin again with a resync: $(tail -5 "$T/log")"
wait_resynced "$before" "finished by the running driver"
pg2dns verify >"$T/repair" 2>"$T/verify.err" ||
	{ cat "$T/verify.err" "$T/repair"; fail "verify after the automatic resync"; }
echo "ok: failover from $old_applied to a new primary at $point; $rows rows written during the resync, all in the DNS; verify clean; automatic resync, at start and while running"
