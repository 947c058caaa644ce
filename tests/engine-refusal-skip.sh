# pg2dns-run replay: a transaction the server refuses is found and held.
# Its batch is sent again one transaction at a time; the one before it
# is applied; it is refused alone and held, and pg2dns skip (STATE/skip
# names its lsn, here before it comes) passes it, recording it in
# STATE/skipped; the one after it is applied.
. ./lib/engine.sh
tx 1 0/10 a
tx 2 0/20 refuse
tx 3 0/30 c
echo 0/20 >"$T/state/skip"
engine_replay
engine_wait
dns_log
sed 's/^skipped [^ ]* /skipped TIME /' "$T/state/skipped"
engine_log
