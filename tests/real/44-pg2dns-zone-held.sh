#!/bin/sh
# pg2dns: a refused zone holds only that zone.  The rows come from a
# plain table mapped with the plugin's options (the reference schema
# refuses these rows): in one transaction a row of a zone the server
# does not serve (examp1e.com: NOTAUTH) and one of example.com; in
# another a TXT row of class CH in the IN zone example.net (refused) and
# one of example.com.  Each holds only its zone: example.com and
# 2.0.192.in-addr.arpa get their part and every later change; the held
# zones' later changes wait; status, JSON and the metrics name each
# held zone and its transaction; the slot stays before the first held
# transaction; verify compares the other zones and names the held ones
# (exit 2).  Then the driver is killed (SIGKILL) and started again:
# still held, the other zones current, and nothing applied is applied
# again (a record applied, then deleted behind pg2dns's back, does not
# come back; example.com's serial does not move).  pg2dns skip
# example.net names the zone and the transaction it passes, and the
# zone's waiting changes are applied in commit order; pg2dns skip then
# passes the other, and the zones' positions become the global one.

. tests/lib/common.sh
. tests/lib/named.sh
. tests/lib/pg.sh
. tests/lib/pg2dns.sh

pg2dns_setup
psql -Xq -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || fail "plain table"
CREATE SCHEMA plain;
CREATE TABLE plain.rr (
	id	bigserial PRIMARY KEY,
	zone	text,
	owner	text,
	ttl	integer,
	class	text,
	type	text,
	rdata	text
);
ALTER TABLE plain.rr REPLICA IDENTITY FULL;
SQL
sed -i 's/^PG2DNS_OPTIONS=.*/PG2DNS_OPTIONS="tables=plain.rr"/' "$PG2DNS_CONFIG"
echo "PG2DNS_METRICS=$T/pg2dns.prom" >>"$PG2DNS_CONFIG"

# row ZONE OWNER CLASS TYPE RDATA: the values of one row, for rows()
row() { printf "('%s', '%s', 60, '%s', '%s', '%s')" "$@"; }
# rows ROW...: one transaction inserting them
rows() {
	_v=$1
	shift
	for _r
	do
		_v="$_v, $_r"
	done
	psql -Xq -v ON_ERROR_STOP=1 -c "INSERT INTO plain.rr
		(zone, owner, ttl, class, type, rdata) VALUES $_v" ||
		fail "rows $_v"
}
serial() {
	dig @127.0.0.1 -p "$NAMED_PORT" +short "$1" SOA | awk '{ print $3 }'
}
# held_zone ZONE: until status names ZONE held
held_zone() {
	_n=0
	until pg2dns status >"$T/status" 2>&1
		grep -q "^held zone: $1 at transaction " "$T/status"
	do
		_n=$((_n + 1))
		[ $_n -lt 150 ] || { cat "$T/status"; tail "$T/log"; fail "$1 never held"; }
		sleep 0.1
	done
}

pg2dns_start
rows "$(row example.com a.example.com. IN A 192.0.2.1)" \
	"$(row example.net a.example.net. IN A 192.0.2.2)"
wait_dns a.example.com A 192.0.2.1
wait_dns a.example.net A 192.0.2.2

# a zone the server does not serve, beside example.com
rows "$(row examp1e.com typo.examp1e.com. IN A 192.0.2.3)" \
	"$(row example.com t1.example.com. IN A 192.0.2.4)"
notauth_xid=$(psql -XAtq -c "SELECT xmin FROM plain.rr WHERE owner = 'typo.examp1e.com.'")
wait_dns t1.example.com A 192.0.2.4
held_zone examp1e.com
grep -q 'NOTAUTH' "$T/status" || fail "status does not say NOTAUTH: $(cat "$T/status")"
# a TXT of class CH in the IN zone example.net, beside example.com
rows "$(row example.net ch.example.net. CH TXT '"chaos"')" \
	"$(row example.com t2.example.com. IN A 192.0.2.5)"
ch_xid=$(psql -XAtq -c "SELECT xmin FROM plain.rr WHERE owner = 'ch.example.net.'")
wait_dns t2.example.com A 192.0.2.5
held_zone example.net

# the other zones carry on; the held zones' later changes wait
rows "$(row example.net later.example.net. IN A 192.0.2.6)" \
	"$(row example.com later.example.com. IN A 192.0.2.7)"
rows "$(row 2.0.192.in-addr.arpa 7.2.0.192.in-addr.arpa. IN PTR later.example.com.)"
wait_dns later.example.com A 192.0.2.7
wait_dns 7.2.0.192.in-addr.arpa PTR later.example.com.
sleep 1
[ -z "$(dns later.example.net A)" ] || fail "a change behind the held example.net was applied"
[ -z "$(dns ch.example.net TXT)" ] || fail "the refused row is in the DNS?"
grep -q "^held zone: examp1e.com at transaction $notauth_xid (commit [0-9A-F]*/[0-9A-F]*, refused: .*NOTAUTH" "$T/status" ||
	fail "status: $(cat "$T/status")"
grep -q "^held zone: example.net at transaction $ch_xid " "$T/status" ||
	fail "status: $(cat "$T/status")"
grep -q '^state: held' "$T/status" || fail "status: $(cat "$T/status")"
pg2dns status -j >"$T/status.json"
grep -q "{ \"zone\": \"example.net\", \"lsn\": \"[0-9A-F]*/[0-9A-F]*\", \"xid\": \"$ch_xid\"" "$T/status.json" ||
	fail "status -j: $(cat "$T/status.json")"
grep -q "^pg2dns_zone_held{zone=\"examp1e.com\",xid=\"$notauth_xid\"} 1$" "$T/pg2dns.prom" ||
	fail "metrics: $(grep held "$T/pg2dns.prom")"
# The slot may follow the WAL up to the held transaction (a keepalive
# after a checkpoint's or bgwriter's record), never to its commit.
held_commit=$(sed -n "s|^held zone: examp1e.com at transaction $notauth_xid (commit \([0-9A-F]*/[0-9A-F]*\),.*|\1|p" "$T/status")
confirmed=$(psql -XAtq -c "SELECT confirmed_flush_lsn < '$held_commit' FROM pg_replication_slots WHERE slot_name = 'pg2dns'")
[ "$confirmed" = t ] ||
	fail "the slot was confirmed at or past the first held transaction's commit ($held_commit): $confirmed"

# verify compares the other zones, names the held ones
timeout 120 pg2dns verify >"$T/repair" 2>"$T/verify.err"
rc=$?
[ $rc -eq 2 ] || { cat "$T/verify.err" "$T/repair"; fail "verify while zones are held: exit $rc, want 2"; }
grep -q "^verify: not compared: examp1e.com example.net (changes held at transaction $notauth_xid, commit [^,]*, refused; transaction $ch_xid, commit [^,]*, refused; pg2dns skip passes it)$" \
	"$T/verify.err" || fail "verify: $(cat "$T/verify.err")"
grep -q '^verify: 2 zones, .* 0 differences' "$T/verify.err" ||
	fail "verify did not compare the other zones: $(cat "$T/verify.err")"

# a transaction applied in example.com, waiting in example.net; its
# example.com record then deleted behind pg2dns's back
rows "$(row example.com gone.example.com. IN A 192.0.2.8)" \
	"$(row example.net both.example.net. IN A 192.0.2.9)"
wait_dns gone.example.com A 192.0.2.8
nsupdate_local <<'NSU' || fail "nsupdate"
update delete gone.example.com. A
send
NSU
[ -z "$(dns gone.example.com A)" ] || fail "could not delete gone.example.com"
com_serial=$(serial example.com)

# kill -9 while zones are held, and start again
kill -KILL "$PG2DNS_PID"
wait "$PG2DNS_PID" 2>/dev/null
PG2DNS_PID=
n0=$(grep -c 'still held' "$T/log")
pg2dns_start
held_zone example.net
held_zone examp1e.com
n=0
until [ "$(grep -c 'still held' "$T/log")" -ge $((n0 + 2)) ]
do
	n=$((n + 1))
	[ $n -lt 150 ] || { tail "$T/log"; fail "the held zones were not tried again after the restart"; }
	sleep 0.1
done
sleep 1
[ -z "$(dns gone.example.com A)" ] || fail "the restart applied gone.example.com again"
[ "$(serial example.com)" = "$com_serial" ] ||
	fail "the restart changed example.com (serial $com_serial, now $(serial example.com))"
[ -z "$(dns both.example.net A)" ] || fail "a change behind the held example.net was applied after the restart"
rows "$(row example.com after.example.com. IN A 192.0.2.10)"
wait_dns after.example.com A 192.0.2.10

# skip example.net: its waiting changes come in commit order
psql -Xq -v ON_ERROR_STOP=1 -c "DELETE FROM plain.rr WHERE owner = 'later.example.net.'" ||
	fail "delete"
pg2dns skip example.net >"$T/out" 2>&1 || { cat "$T/out"; fail "pg2dns skip example.net"; }
grep -q "^zone example.net: skipped transaction $ch_xid (commit [0-9A-F]*/[0-9A-F]*); recorded in " "$T/out" ||
	fail "skip said: $(cat "$T/out")"
wait_dns both.example.net A 192.0.2.9
[ -z "$(dns later.example.net A)" ] || fail "later.example.net: its delete came before its insert?"
[ -z "$(dns ch.example.net TXT)" ] || fail "the skipped row was applied"
[ -z "$(dns gone.example.com A)" ] || fail "the skip applied gone.example.com again"
grep -q "^skipped .* zone example.net transaction $ch_xid commit " "$T/state/skipped" ||
	fail "STATE/skipped: $(cat "$T/state/skipped")"
grep -q '^held zone: examp1e.com' "$T/status" || fail "examp1e.com no longer held?"

# skip: every held zone (here examp1e.com); then all at one position
pg2dns skip >"$T/out" 2>&1 || { cat "$T/out"; fail "pg2dns skip"; }
grep -q "^zone examp1e.com: skipped transaction $notauth_xid " "$T/out" ||
	fail "skip said: $(cat "$T/out")"
rows "$(row example.net last.example.net. IN A 192.0.2.11)"
wait_dns last.example.net A 192.0.2.11
wait_status 0
grep -q '^held' "$T/status" && fail "still held: $(cat "$T/status")"
[ "$(wc -l <"$T/state/applied")" -eq 1 ] || fail "STATE/applied: $(cat "$T/state/applied")"
echo "ok: a NOTAUTH and a class CH row each held their zone alone, through a kill -9; skipped, their zones' changes followed in order"
