# pg2dns-run replay killed (SIGKILL) while its nsupdate, stopped
# (SIGSTOP), has an insert on its input; a second replay applies the
# insert and then the row's delete; then the first nsupdate is let go on
# (SIGCONT).  It died with the driver (its parent-death signal), so the
# zone has no record, as the table has no row.
. ./lib/engine.sh
killed_while_slow
engine_replay
engine_wait
kill -CONT "$old" 2>/dev/null
process_gone "$old"
dns_log
dns_zone
engine_log
