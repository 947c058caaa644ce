#!/bin/sh
# pg2dns across a failover with PostgreSQL 17's failover slots: a
# physical standby (a physical slot, hot_standby_feedback) that keeps a
# synced copy of pg2dns's slot (sync_replication_slots), the primary
# sending no logical change before the standby has it
# (synchronized_standby_slots), pg2dns reaching the servers through a
# multi-host PGHOST with target_session_attrs=read-write, and a steady
# writer.
#
# The standby stops: the primary goes on committing, and pg2dns gets
# none of it (the walsender waits for the standby's confirmation).  The
# primary is lost, the standby promoted: what the DNS has, the standby
# has.  pg2dns carries on from its synced slot with no resync and
# nothing lost, and the DNS equals the table.
#
# Before PostgreSQL 17 there are no failover slots: init makes a slot
# that is none, and pg2dns status says why (the line printed says which
# of the two ran).

. tests/lib/common.sh
. tests/lib/named.sh
. tests/lib/pg.sh
. tests/lib/pg2dns.sh
. tests/lib/standby.sh
. tests/lib/fork.sh

pg_skip_unless_available
major=$(pg_config --version | sed -n 's/^PostgreSQL \([0-9]*\).*/\1/p')
[ -n "$major" ] || fail "no major version in: $(pg_config --version)"
if [ "$major" -lt 17 ]
then
	pg2dns_setup
	failover_slot_made init
	echo "ok: PostgreSQL $major has no failover slots: init made none, and status says so (the failover itself needs 17)"
	exit 0
fi

# the standby's copy, synced every few seconds by its slot sync worker
SB_EXTRA_CONF='sync_replication_slots = on'
fork_setup
psql -Xq -c "ALTER SYSTEM SET synchronized_standby_slots = 'standby'" \
	-c "SELECT pg_reload_conf()" >/dev/null || fail "synchronized_standby_slots"
failover_slot_made init

steady_start
pg2dns_start
wait_writes_on "$PG_PORT" 20
last=$(writes_on "$PG_PORT" | tail -1 | cut -d' ' -f1)
wait_dns "steady-$last.example.com" A 192.0.2.9

# the standby's copy synced (made temporary, kept once the standby has
# what it needs) and as far as pg2dns has confirmed
end=$(($(date +%s) + 60))
until [ "$(sb_psql -c "SELECT synced AND failover AND NOT temporary AND confirmed_flush_lsn >= '$(applied)' FROM pg_replication_slots WHERE slot_name = 'pg2dns'")" = t ]
do
	[ "$(date +%s)" -lt $end ] ||
		fail "the standby's copy of the slot is not synced: $(sb_psql -c "SELECT * FROM pg_replication_slots")"
	sleep 0.2
done
PGHOST=127.0.0.1 PGPORT=$SB_PORT PGTARGETSESSIONATTRS=any pg2dns status \
	>"$T/status.standby" 2>&1
grep -qx 'failover slot: yes, synced on a standby: yes' "$T/status.standby" ||
	fail "status at the standby does not say its copy is synced: $(cat "$T/status.standby")"

# the standby stops: what the primary commits now, the DNS must not get
sb_stop
insert behind.example.com. A 192.0.2.200
end=$(($(date +%s) + 30))
until [ "$(psql -XAtq -c "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'walsender' AND wait_event = 'WaitForStandbyConfirmation'")" = 1 ] ||
	[ -n "$(dns behind.example.com A)" ]
do
	[ "$(date +%s)" -lt $end ] ||
		fail "pg2dns's walsender does not wait for the standby: $(psql -XAtq -c "SELECT application_name, state, wait_event FROM pg_stat_activity WHERE backend_type = 'walsender'")"
	sleep 0.1
done
wait_writes_on "$PG_PORT" "$(($(writes_on "$PG_PORT" | wc -l) + 20))"
[ -z "$(dns behind.example.com A)" ] ||
	fail "the DNS has a transaction the stopped standby lacks"
behind=$(writes_on "$PG_PORT" | tail -1 | cut -d' ' -f1)
[ -z "$(dns "steady-$behind.example.com" A)" ] ||
	fail "the DNS has steady-$behind, which the stopped standby lacks"

# the primary lost, the standby promoted: it lacks them, and pg2dns
# goes on from its synced slot
pg_crash
single "$SB_PORT" sb_ctl start
sb_running=1
sb_ctl promote
[ "$(psql -XAtq -c "SELECT count(*) FROM dns.rr WHERE owner IN ('behind.example.com.', 'steady-$behind.example.com.')")" = 0 ] ||
	fail "the promoted standby has what the primary committed after it stopped: no failover hazard"
wait_writes_on "$SB_PORT" 20
workload new 40
insert new-last.example.com. A 192.0.2.201
wait_dns new-last.example.com A 192.0.2.201 30
steady_stop
wait_dns "steady-$STEADY_LAST.example.com" A 192.0.2.9
wait_status 0
grep -q '^state: running' "$T/status" || fail "not running: $(cat "$T/status")"
! grep -q resynchronising "$T/log" || fail "a resync after a failover with a synced slot"
pg2dns verify >"$T/repair" 2>"$T/verify.err" ||
	{ cat "$T/verify.err"; fail "the DNS differs from the table after the failover"; }
echo "ok: PostgreSQL $major: the DNS did not pass the stopped standby; after its promotion pg2dns went on from its synced failover slot, no resync, nothing lost ($(writes_on "$PG_PORT" | wc -l) rows on the old primary, $(writes_on "$SB_PORT" | wc -l) on the new)"
