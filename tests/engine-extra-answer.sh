# pg2dns-run replay: nsupdate answers more than it was asked.  A first
# failure (timed out) puts the replay to one transaction at a time; the
# second transaction's "version" is answered twice: the first answer
# acknowledges it, the second is one too many, and ends that nsupdate
# before anything more is sent to it; the third transaction goes to a
# fresh one.
. ./lib/engine.sh
tx 1 0/10 unreachable1
tx 2 0/20 extra2
tx 3 0/30 c
engine_replay
engine_wait
dns_log
engine_log
