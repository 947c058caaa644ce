# pg2dns-run replay: a restart re-applies nothing that was applied.
# A first replay holds example.net at transaction 1 and is stopped.
# Transaction 2 spans example.com and example.org: in the next replay
# (which tries example.net again, still held) example.com's part is
# applied and recorded at once (STATE/applied), and the driver is
# killed (SIGKILL) while nsupdate holds example.org's part.  Started
# again, example.net is still held, example.org's part is sent, and
# example.com's is not sent again (b.example.com is in the stand-in's
# log once).
PG2DNS_BACKOFF_MIN=0.3
. ./lib/engine.sh
ztx 1 0/10 a.example.com refuse.example.net
engine_start replay "$T/state/applied" "$T/stream"
wait_for 'still held'
engine_stop
ztx 2 0/20 b.example.com stop.example.org
engine_start replay "$T/state/applied" "$T/stream"
wait_for . "$STANDIN_DIR/stopped"
sleep 0.2
engine_kill9
echo "killed while example.org's part was in flight:"
cat "$T/state/applied"
engine_start replay "$T/state/applied" "$T/stream"
wait_for stop.example.org "$STANDIN_DIR/zone"
engine_stop
dns_log
cat "$T/state/applied"
echo "b.example.com sent $(grep -c 'b\.example\.com' "$STANDIN_DIR/log") time(s)"
dns_zone
engine_log
exit 0
