# pg2dns-run replay: the applied position cannot be recorded (its
# temporary file is a directory, which even root cannot open for
# writing).  The engine says so, carries on applying, and tries again;
# once the file can be written it records the position.
. ./lib/engine.sh
mkdir "$T/applied.tmp"
tx 1 0/10 unreachable1
tx 2 0/20 wait
engine_replay
wait_for 'cannot record'
[ ! -f "$T/applied" ] || echo "recorded in spite of the error?"
rmdir "$T/applied.tmp"
wait_for 'recorded the applied position again'
: >"$STANDIN_DIR/go"
engine_wait
dns_log
engine_log
