#!/bin/sh
# A failover past the applied position that loses no transaction pg2dns
# applied: after its last transaction, pg2dns only followed the WAL's end
# (keepalives over other tables' changes, as over a switchover's
# shutdown checkpoint) into WAL the standby never got.  It must neither
# hold (nothing it applied is lost) nor skip the new timeline's
# transactions below the position it followed to: it streams from the
# fork point.  A plain physical standby with a copy of the slot, as in
# tests/real/55.

. tests/lib/common.sh
. tests/lib/named.sh
. tests/lib/pg.sh
. tests/lib/pg2dns.sh
. tests/lib/standby.sh
. tests/lib/fork.sh

fork_setup
pg2dns_start
workload w1 20
wait_dns w1-20.example.com A 192.0.2.21
sb_caught_up
fork_copy_slot

# other tables only, which the standby never gets; pg2dns's position
# follows past them
psql -Xq -v ON_ERROR_STOP=1 -c "CREATE TABLE other AS SELECT g, repeat('x', 200) AS pad FROM generate_series(1, 40000) g" ||
	fail "other table"
end=$(psql -XAtq -c "SELECT pg_current_wal_lsn()")
deadline=$(($(date +%s) + 30))
until FORK_APPLIED=$(applied) && ! lsn_lt "$FORK_APPLIED" "$end"
do
	[ "$(date +%s)" -lt $deadline ] ||
		fail "the applied position $FORK_APPLIED does not follow the WAL to $end"
	sleep 0.2
done
pg_stop
single "$SB_PORT" sb_ctl start
sb_running=1
sb_ctl promote
fork_new_timeline
wait_dns new-last.example.com A 192.0.2.201 30
pg2dns verify >"$T/repair" 2>"$T/verify.err" ||
	{ tail -3 "$T/verify.err"; fail "the DNS differs from the table after a failover that lost no transaction"; }
wait_status 0
grep -q 'after the last transaction applied' "$T/log" ||
	fail "pg2dns did not stream from the fork point: $(tail -5 "$T/log")"
echo "ok: the position followed to $FORK_APPLIED past the fork at $FORK_LSN (timeline $FORK_TL), no transaction lost: streamed from the fork, nothing skipped"
