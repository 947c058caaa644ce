# pg2dns-run replay of a transaction larger than SPOOL_AT (1 MiB), 25
# messages.  The engine keeps it in a spool file of its own, unlinked,
# which it holds open while the transaction is in flight, and feeds from
# there; nsupdate is killed during it, and the retry reads it again from
# the spool file; nothing is left in the state directory.  (What became
# of big2 to big24, as of the first record, is left out of the log.)
. ./lib/engine.sh
big_tx 1 0/10 wait die1
engine_replay
wait_for . "$STANDIN_DIR/waiting"
echo "spool files open: $(find /proc/"$(pgrep -P "$engine")"/fd -lname "$T/state/spool.*" | wc -l)"
: >"$STANDIN_DIR/go"
engine_wait
dns_log | grep -v ' applied: big'
ls "$T/state"
engine_log
