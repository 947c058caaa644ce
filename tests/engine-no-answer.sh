# pg2dns-run replay: nsupdate stops answering while a batch is in
# flight.  After PG2DNS_TIMEOUT (2 s) it is ended, and the batch is sent
# again one transaction at a time in a fresh nsupdate.
PG2DNS_TIMEOUT=2
. ./lib/engine.sh
tx 1 0/10 a
tx 2 0/20 mute1
tx 3 0/30 c
engine_replay
engine_wait
dns_log
engine_log
