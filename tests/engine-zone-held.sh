# pg2dns-run replay: a refusal holds only its zone.  The batch is sent
# again one transaction at a time, each zone's part answered on its own:
# example.net's part of transaction 2 is refused, and example.net is
# held there (STATE/applied: the global position stays before it, and
# example.com's own is past it); example.com's part of it, and its later
# transactions, are applied; example.net's later ones wait (not sent).
# The held zone is tried again after the backoff ("still held").
# Status names it; pg2dns skip, with no driver running, names the zone
# and the transaction it passes; the next replay passes it and sends
# example.net's waiting transactions in commit order, and nothing of
# example.com again; then the zones' positions are the global one.
PG2DNS_BACKOFF_MIN=0.3
. ./lib/engine.sh
no_postgresql
ztx 1 0/10 a.example.com a.example.net
ztx 2 0/20 b.example.com refuse.example.net
ztx 3 0/30 c.example.com c.example.net
ztx 4 0/40 d.example.net
ztx 5 0/50 e.example.com
engine_start replay "$T/state/applied" "$T/stream"
wait_for 'still held'
engine_stop
dns_log
cat "$T/state/applied"
sed 's/^/held file: /' "$T/state/held.example.net"
engine_cmd status | grep -e '^state' -e '^applied' -e '^held'
engine_cmd status -j | sed -n '/"held_zones"/,/]/p'
engine_cmd skip
cat "$T/state/skip"
engine_start replay "$T/state/applied" "$T/stream"
engine_wait
echo "after the skip:"
dns_log | sed -n '/^[3-9] /p'
cat "$T/state/applied"
sed 's/^skipped [^ ]* /skipped TIME /' "$T/state/skipped"
ls "$T/state/held."* 2>/dev/null || echo "no held zone files"
dns_zone
engine_log
exit 0
