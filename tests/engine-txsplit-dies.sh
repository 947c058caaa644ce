# pg2dns-run replay: txsplit killed once it has read the first
# transaction of a batch.  Both children are started again and the
# batch is sent one transaction at a time; nothing is lost.
. ./lib/engine.sh
echo 1 >"$STANDIN_DIR/txsplit-dies"
tx 1 0/10 a
tx 2 0/20 b
tx 3 0/30 c
engine_replay
engine_wait
dns_log
engine_log
