# pg2dns-run's commands of the state directory with no driver running
# and no PostgreSQL: status (the slot unknown, exit 3), pause (the file,
# at once), resume, skip (nothing held; then what STATE/held names,
# waiting in STATE/skip; a held zone, named in STATE/applied, by its
# name), the state for the shell, resync-begin and resync-done (the
# applied position, nothing held, no held zone, no timeline, no fork),
# the rows left out that STATE/left_out keeps (listed, with no count
# while no driver runs; a line that is not one refused with the file and
# line), and a state directory that is not there.
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
printf 'held example.net 0/10 0/15 9 2026-12-01T10:00:00Z update failed: NOTAUTH\n' >>"$T/state/applied"
printf 'refused 0/15 9 example.net\nupdate failed: NOTAUTH\n' >"$T/state/held.example.net"
engine_cmd status
engine_cmd status -j | grep -A2 held_zones
engine_cmd skip example.org
engine_cmd skip example.net
cat "$T/state/skip"
engine_cmd resync-begin
printf '7300000000000000001 2\n' >"$T/state/timeline"
printf 'PostgreSQL failed over\n' >"$T/state/lost"
engine_cmd state | grep -e RESYNC -e LOST
engine_cmd resync-done 0/30
cat "$T/state/applied"
ls "$T/state"
engine_cmd status
tab=$(printf '\t')
cat >"$T/state/left_out" <<L
2026-12-01T10:00:01Z${tab}5${tab}0/40${tab}2026-12-01T10:00:00.5Z${tab}row of table "public.records" left out: type "ALIAS" is not a type wal2nsupdate knows${tab}The inserted row with key (id)=(2) is of a type ...
2026-12-01T10:00:02Z${tab}-${tab}-${tab}-${tab}row of table "app.rr" left out: invalid rdata in column "rdata"${tab}
L
engine_cmd status
engine_cmd status -j | grep -A3 rows_left_out
printf 'not a row\n' >>"$T/state/left_out"
engine_cmd status
PG2DNS_STATE=$T/none engine_cmd status
engine_log
