# pg2dns-run replay: after a failure, what was in flight is sent again
# one transaction at a time, in a fresh nsupdate, so that the one to
# blame is found; one that fails alone for want of the server (timed
# out) is retried after the backoff, not held.
. ./lib/engine.sh
tx 1 0/10 a
tx 2 0/20 unreachable2
tx 3 0/30 c
tx 4 0/40 d
engine_replay
engine_wait
dns_log
engine_log
