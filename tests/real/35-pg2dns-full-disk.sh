#!/bin/sh
# pg2dns with its state directory on a full file system (a tiny tmpfs):
# the DNS may go on taking changes, but the slot is not confirmed past
# the last recorded position, and status says failing with the reason,
# never running; once there is room again the position is recorded,
# replication carries on, and nothing is lost.

. tests/lib/common.sh
. tests/lib/named.sh
. tests/lib/pg.sh
. tests/lib/pg2dns.sh

[ "$(id -u)" = 0 ] || skip "needs root to mount a tmpfs"
pg2dns_setup
mkdir "$T/small"
mount -t tmpfs -o size=1m,mode=700 pg2dns-test "$T/small" 2>"$T/mount.err" ||
	skip "cannot mount a tmpfs: $(cat "$T/mount.err")"
# (the driver stops first: it has files open there)
at_exit "pg2dns_stop; umount -l '$T/small'"
sed 's|^PG2DNS_STATE=.*|PG2DNS_STATE='"$T"'/small/state|' "$PG2DNS_CONFIG" \
	>"$T/small.conf"
PG2DNS_CONFIG=$T/small.conf
pg2dns init 2>>"$T/log" || { cat "$T/log"; fail "pg2dns init"; }
pg2dns_start
insert a.example.com. A 192.0.2.1
wait_dns a.example.com A 192.0.2.1
sleep 0.5
read -r before _ <"$T/small/state/applied"

# fill it up
dd if=/dev/zero of="$T/small/fill" bs=4k 2>/dev/null
[ "$(df -P "$T/small" | awk 'NR == 2 { print $4 }')" -eq 0 ] ||
	fail "the tmpfs is not full: $(df -P "$T/small")"
insert b.example.com. A 192.0.2.2
insert c.example.net. A 192.0.2.3
wait_status 1
grep -q '^state: failing' "$T/status" || fail "status: $(cat "$T/status")"
grep -q '^error: cannot record the applied position .*No space left on device' \
	"$T/status" || fail "status does not say why: $(cat "$T/status")"
grep -q 'cannot record the applied position' "$T/log" || fail "not in the log"
read -r now _ <"$T/small/state/applied"
[ "$now" = "$before" ] || fail "applied moved from $before to $now on a full disk?"
confirmed=$(psql -XAtq -c "SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = 'pg2dns'")
[ "$(psql -XAtq -c "SELECT '$confirmed'::pg_lsn <= '$before'::pg_lsn")" = t ] ||
	fail "slot confirmed at $confirmed, past the recorded $before"
# still failing a little later: it does not drift back to running
sleep 1.5
pg2dns status >"$T/status" 2>&1
[ $? -eq 1 ] || fail "status no longer failing while the disk is full: $(cat "$T/status")"

# room again
rm -f "$T/small/fill"
insert d.example.com. A 192.0.2.4
wait_dns d.example.com A 192.0.2.4
wait_status 0
grep -q '^state: running' "$T/status" || fail "status: $(cat "$T/status")"
[ "$(dns b.example.com A)" = 192.0.2.2 ] && [ "$(dns c.example.net A)" = 192.0.2.3 ] ||
	fail "lost a change made while the disk was full"
read -r after _ <"$T/small/state/applied"
[ "$after" != "$before" ] || fail "the position was never recorded again"
pg2dns verify >"$T/repair" 2>"$T/verify.err" ||
	{ cat "$T/verify.err" "$T/repair"; fail "verify"; }
pg2dns_stop
echo "ok: full state directory: failing, nothing confirmed past $before; then recorded $after"
