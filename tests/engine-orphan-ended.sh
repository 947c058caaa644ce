# A child of an earlier pg2dns-run that outlived it: an nsupdate without
# its parent-death signal (as on a system without one), slow to act on
# an insert on its input when the replay is killed (SIGKILL).  The next
# replay ends it (its process group, recorded in STATE/children) before
# it starts its own, applies the insert and the row's delete; the old
# nsupdate, let go on, is gone: the zone has no record, as the table has
# no row.
. ./lib/engine.sh
: >"$STANDIN_DIR/outlive"
killed_while_slow
engine_replay
engine_wait
echo "the first nsupdate, once the second replay is done: $(process "$old")"
: >"$STANDIN_DIR/cont"
process_gone "$old"
dns_log
dns_zone
engine_log
