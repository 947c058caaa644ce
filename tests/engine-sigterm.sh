# pg2dns-run replay: SIGTERM while a transaction is in flight.  The
# engine waits for nsupdate's answer, records the position, sends
# nothing more and exits 2; a second replay resumes after it.  (A first
# failure, timed out, puts the replay to one transaction at a time, so
# that the third transaction is not yet sent.)
. ./lib/engine.sh
tx 1 0/10 unreachable1
tx 2 0/20 wait
tx 3 0/30 c
engine_replay
wait_for . "$STANDIN_DIR/waiting"
kill -TERM "$engine"
sleep 0.5
: >"$STANDIN_DIR/go"
engine_wait
engine_replay
engine_wait
dns_log
engine_log
