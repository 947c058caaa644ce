# pg2dns-run replay: a zone held because the server refused its part of
# a transaction is sent it again after the backoff, alone; once the
# server takes it (here the third time) the hold ends by itself, and
# what waited is streamed again and applied.
. ./lib/engine.sh
tx 1 0/10 a
tx 2 0/20 refuse2
tx 3 0/30 c
engine_replay
engine_wait
dns_log
engine_log
