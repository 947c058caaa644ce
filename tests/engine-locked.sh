# pg2dns-run locked, which verify and resync run under: the command runs
# while the engine holds STATE/lock (it cannot take it itself) and gets
# its status; nothing it starts keeps the lock; -n refuses at once and
# -w gives up after its time (exit 75, saying nothing); -w waits for a
# holder that lets go; the lock is free once the engine exits; a
# SIGTERM is passed on, the engine waiting for the command; a killed
# engine's command gets SIGTERM (the parent-death signal); bad usage.
. ./lib/engine.sh
lock=$T/state/lock
try_lock='if flock -n "$0" true; then echo lock free; else echo lock held; fi'

echo "the command, under the lock:"
engine_cmd locked -n sh -c "$try_lock; sleep 5 & echo \$! >$T/bg; exit 3" "$lock"
echo "after it, its background child still there ($(process "$(cat "$T/bg")")):"
sh -c "$try_lock" "$lock"
kill "$(cat "$T/bg")"

echo "held by another:"
flock "$lock" sh -c "echo x >$T/holding
	while [ ! -f $T/release ]; do sleep 0.05; done; echo let go >$T/released" &
holder=$!
wait_for . "$T/holding"
engine_cmd locked -n echo not run
engine_cmd locked -w 0 echo not run
echo "waiting for it:"
(sleep 1; touch "$T/release") &
engine_cmd locked -w 20 sh -c "cat $T/released; $try_lock" "$lock"
wait "$holder"
sh -c "$try_lock" "$lock"

echo "SIGTERM while the command runs:"
engine_start locked -n sh -c "trap 'echo command: SIGTERM; exit 4' TERM; echo x >$T/started; while :; do sleep 0.1; done"
wait_for . "$T/started"
engine_stop
sh -c "$try_lock" "$lock"

echo "the engine killed while the command runs:"
rm -f "$T/started"
engine_start locked -w 5 sh -c "trap 'echo command: SIGTERM >$T/term; exit 4' TERM; echo x >$T/started; while :; do sleep 0.1; done"
wait_for . "$T/started"
engine_kill9
wait_for . "$T/term"
cat "$T/term"
sh -c "$try_lock" "$lock"

echo "usage:"
engine_cmd locked -w x echo not run
engine_cmd locked -n
engine_cmd locked -x echo not run
engine_log
