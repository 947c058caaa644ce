# pg2dns-run's commands of the state directory with no driver running
# and no PostgreSQL: status (the slot unknown, exit 3), pause (the file,
# at once), resume, skip (nothing held; then what STATE/held names,
# waiting in STATE/skip), the state for the shell, resync-begin and
# resync-done (the applied position, nothing held, no timeline, no
# fork), and a state directory that is not there.
. ./lib/engine.sh
no_postgresql
engine_cmd status
engine_cmd status -j
engine_cmd pause
engine_cmd state
engine_cmd status
engine_cmd resume
engine_cmd state
engine_cmd skip
printf '0/10 2026-12-01T10:00:00Z 1\n' >"$T/state/applied"
printf 'refused 0/20 2\nupdate failed: REFUSED\nBEGIN 2\n' >"$T/state/held"
engine_cmd status
engine_cmd skip
cat "$T/state/skip"
engine_cmd resync-begin
printf '7300000000000000001 2\n' >"$T/state/timeline"
printf 'PostgreSQL failed over\n' >"$T/state/forked"
engine_cmd state | grep -e RESYNC -e FORKED
engine_cmd resync-done 0/30
cat "$T/state/applied"
ls "$T/state"
engine_cmd status
PG2DNS_STATE=$T/none engine_cmd status
engine_log
