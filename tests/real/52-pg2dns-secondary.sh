#!/bin/sh
# pg2dns status, status -j and the metrics show each zone's SOA serial
# on the primary and on a secondary: a private secondary named that the
# private primary NOTIFYs and that follows it by IXFR.  Once a change is
# applied the secondary's serial catches up with the primary's; a
# secondary that does not answer shows as unknown.

. tests/lib/common.sh
. tests/lib/named.sh
. tests/lib/pg.sh
. tests/lib/pg2dns.sh

pg2dns_setup

# the secondary: example.com and example.net from the primary
new_tmpdir SEC_DIR
SEC_PORT=$(named_free_port) || fail "no free port"
cat >"$SEC_DIR/named.conf" <<EOF2
controls { };
options {
	directory "$SEC_DIR";
	pid-file "$SEC_DIR/named.pid";
	session-keyfile "$SEC_DIR/session.key";
	managed-keys-directory "$SEC_DIR";
	listen-on port $SEC_PORT { 127.0.0.1; };
	listen-on-v6 { none; };
	recursion no;
	dnssec-validation no;
	notify no;
};
zone "example.com" { type secondary; primaries { 127.0.0.1 port $NAMED_PORT; }; file "example.com.db"; };
zone "example.net" { type secondary; primaries { 127.0.0.1 port $NAMED_PORT; }; file "example.net.db"; };
EOF2
SEC_PID=
sec_stop() {
	[ -n "$SEC_PID" ] || return 0
	stop_server "$SEC_PID" named
	SEC_PID=
}
sec_serial() {
	dig @127.0.0.1 -p "$SEC_PORT" +short +time=1 +tries=1 +norec "$1" SOA | awk '{ print $3 }'
}
# the primary NOTIFYs it at once
perl -pi -e 's/^\tnotify no;/\tnotify explicit;\n\tnotify-delay 0;\n\talso-notify { 127.0.0.1 port '"$SEC_PORT"'; };/' \
	"$NAMED_DIR/named.conf" || fail "perl"
grep -q 'also-notify' "$NAMED_DIR/named.conf" || fail "could not change named.conf"
named_restart
named -g -4 -c "$SEC_DIR/named.conf" >>"$SEC_DIR/named.log" 2>&1 &
SEC_PID=$!
at_exit sec_stop
n=0
until [ "$(sec_serial example.com)" = 1 ] && [ "$(sec_serial example.net)" = 1 ]
do
	n=$((n + 1))
	[ $n -lt 100 ] || { cat "$SEC_DIR/named.log"; fail "the secondary did not load the zones"; }
	sleep 0.1
done

cat >>"$PG2DNS_CONFIG" <<CONF
PG2DNS_METRICS=$T/pg2dns.prom
PG2DNS_VERIFY_ZONES="example.com example.net"
PG2DNS_SECONDARIES="127.0.0.1#$SEC_PORT"
CONF
pg2dns_start
insert www.example.com. A 192.0.2.10
wait_dns www.example.com A 192.0.2.10
primary=$(dig @127.0.0.1 -p "$NAMED_PORT" +short example.com SOA | awk '{ print $3 }')
[ "$primary" -gt 1 ] || fail "the primary's serial is $primary"
n=0
until [ "$(sec_serial example.com)" = "$primary" ]
do
	n=$((n + 1))
	[ $n -lt 100 ] || { cat "$SEC_DIR/named.log"; fail "the secondary did not follow the primary"; }
	sleep 0.1
done
grep -q "example.com/IN.*notify from 127.0.0.1" "$SEC_DIR/named.log" ||
	fail "the secondary was not NOTIFYed: $(cat "$SEC_DIR/named.log")"
grep -q "transfer of 'example.com/IN': IXFR started" "$NAMED_DIR/named.log" ||
	fail "no IXFR: $(grep -i xfr "$NAMED_DIR/named.log")"

# status: one line a zone, the primary's serial and the secondary's
pg2dns status >"$T/status" || fail "status: $(cat "$T/status")"
grep -qx "serial: example.com: $primary on 127.0.0.1#$NAMED_PORT (primary), $primary on 127.0.0.1#$SEC_PORT" \
	"$T/status" || fail "status: $(cat "$T/status")"
grep -qx "serial: example.net: 1 on 127.0.0.1#$NAMED_PORT (primary), 1 on 127.0.0.1#$SEC_PORT" \
	"$T/status" || fail "status: $(cat "$T/status")"
pg2dns status -j >"$T/status.json" || fail "status -j: $(cat "$T/status.json")"
grep -q "{ \"zone\": \"example.com\", \"server\": \"127.0.0.1#$SEC_PORT\", \"role\": \"secondary\", \"serial\": $primary }" \
	"$T/status.json" || fail "status -j: $(cat "$T/status.json")"
# the metrics: asked every 5 s
n=0
until grep -qx "pg2dns_zone_serial{zone=\"example.com\",server=\"127.0.0.1#$SEC_PORT\",role=\"secondary\"} $primary" \
	"$T/pg2dns.prom" 2>/dev/null
do
	n=$((n + 1))
	[ $n -lt 150 ] || { cat "$T/pg2dns.prom"; fail "the metrics lack the secondary's serial"; }
	sleep 0.1
done
grep -qx "pg2dns_zone_serial{zone=\"example.com\",server=\"127.0.0.1#$NAMED_PORT\",role=\"primary\"} $primary" \
	"$T/pg2dns.prom" || fail "the metrics lack the primary's serial: $(cat "$T/pg2dns.prom")"

# a secondary that does not answer: unknown, not a number
sec_stop
pg2dns status >"$T/status" || fail "status: $(cat "$T/status")"
grep -qx "serial: example.com: $primary on 127.0.0.1#$NAMED_PORT (primary), unknown on 127.0.0.1#$SEC_PORT" \
	"$T/status" || fail "status with the secondary stopped: $(cat "$T/status")"
echo "ok: serials of the primary ($primary) and the secondary in status, status -j and the metrics"
