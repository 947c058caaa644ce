# pg2dns-run replay: nsupdate killed while a batch is in flight.  The
# batch is sent again one transaction at a time in a fresh nsupdate;
# the transaction during which it is killed again, alone, is retried
# after the backoff, not held (nothing was refused); nothing is lost.
. ./lib/engine.sh
tx 1 0/10 a
tx 2 0/20 die2
tx 3 0/30 c
engine_replay
engine_wait
dns_log
engine_log
