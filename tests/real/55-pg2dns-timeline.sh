#!/bin/sh
# pg2dns across a failover to a standby that lags, with the slot there:
# what tests/real/54 does with Patroni, with a plain physical standby
# (pg_basebackup -R, a physical slot, hot_standby_feedback) and a copy
# of pg2dns's slot in its pg_replslot, as Patroni makes one.  pg2dns
# reaches the servers through a multi-host PGHOST with
# target_session_attrs=read-write.
#
# First what must not raise an alarm: the primary restarted in place and
# crashed (kill -9), pg2dns carrying on.  Then the hazard: the standby
# stopped, transactions that pg2dns applies and the standby never gets,
# the primary lost, the standby promoted, and new transactions on its
# new timeline at positions below what pg2dns applied on the old one.
# pg2dns holds, naming pg2dns resync; restarted with
# PG2DNS_AUTO_RESYNC=yes it resynchronises, and the DNS equals the
# table.  Last the old primary comes back, read-write on its own
# timeline, as the new one goes: the running driver finds that the
# position it applied is not on that server's history and, with
# PG2DNS_AUTO_RESYNC=yes, stops and begins again with a resync, in the
# same process (without it, it holds there: tests/real/54 and above).

. tests/lib/common.sh
. tests/lib/named.sh
. tests/lib/pg.sh
. tests/lib/pg2dns.sh
. tests/lib/standby.sh
. tests/lib/fork.sh

fork_setup

# no alarm: a restart in place, and a crash
pg2dns_start
workload w1 40
wait_dns w1-40.example.com A 192.0.2.41
single "$PG_PORT" pg_restart
insert restarted.example.com. A 192.0.2.50
wait_dns restarted.example.com A 192.0.2.50
pg_crash
single "$PG_PORT" _pg_ctl_start
insert crashed.example.com. A 192.0.2.51
wait_dns crashed.example.com A 192.0.2.51
wait_status 0
sb_caught_up

# the hazard: the standby stops, and pg2dns's slot is copied to it (its
# state as of the primary's checkpoint), as Patroni keeps a copy there
fork_copy_slot
fork_lost
pg_stop
single "$SB_PORT" sb_ctl start
sb_running=1
[ "$(sb_psql -c "SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'pg2dns'")" = 1 ] ||
	fail "the standby has no slot pg2dns"
sb_ctl promote
fork_new_timeline
fork_outcome
[ "$FORK_OUTCOME" = held ] || fail "pg2dns resynchronised without PG2DNS_AUTO_RESYNC"
pg2dns_stop
echo PG2DNS_AUTO_RESYNC=yes >>"$PG2DNS_CONFIG"
pg2dns_start
wait_dns new-last.example.com A 192.0.2.201 30
fork_outcome
[ "$FORK_OUTCOME" = repaired ] || fail "PG2DNS_AUTO_RESYNC=yes: still held: $(cat "$T/status")"

# the old primary back on its own timeline (never rewound), the new one
# gone: the running driver resyncs there by itself
sb_stop
before=$(resyncs)
single "$PG_PORT" _pg_ctl_start
wait_dns lost-last.example.com A 192.0.2.200 30
wait_resynced "$before" "at the old primary"
grep -q 'does not descend from timeline' "$T/log" ||
	fail "resynchronised at the old primary, but the log does not say why: $(tail -5 "$T/log")"
kill -0 "$PG2DNS_PID" 2>/dev/null || fail "the driver stopped"
wait_status 0
grep -q "process $PG2DNS_PID\$" "$T/status" ||
	fail "the driver after the resync is not the process started ($PG2DNS_PID): $(cat "$T/status")"
[ -z "$(dns new-last.example.com A)" ] || fail "the lost timeline's new-last is still in the DNS"
verify_exits 0
echo "ok: restart and crash without alarm; failover past the standby ($FORK_APPLIED applied, timeline $FORK_TL forked at $FORK_LSN) held, then resynchronised by itself; at the old primary the running driver resynchronised by itself"
