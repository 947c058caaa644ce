# pg2dns-run replay: a refusal holds its zone.  The batch the refused
# transaction came in is sent again one transaction at a time: the one
# before it is applied and recorded, it is refused alone and its zone
# held (STATE/applied), sent again after the backoff and refused again
# ("still held"), and the one after it, in the same zone, is never sent.
# SIGTERM stops the replay (exit 2) at the last transaction applied.
PG2DNS_BACKOFF_MIN=0.5
. ./lib/engine.sh
tx 1 0/10 a
tx 2 0/20 refuse
tx 3 0/30 c
engine_replay
wait_for 'still held'
engine_stop
dns_log
engine_log
