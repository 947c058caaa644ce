#!/bin/sh
# pg2dns run's metrics file (Prometheus text format) and pg2dns status
# -j: both parse (every sample has its HELP and TYPE, counters end in
# _total, JSON is JSON); while paused the lag in WAL bytes grows and
# status -j gives the lag in seconds, the metrics leave it out (unknown,
# not 0); after resume the counters move by exactly what was applied and
# the lag goes back to 0; a DNS server that stops answering counts a
# retry and shows failing; a stop shows stopped.  And the txsplit pg2dns
# runs has the -C of the installed nsupdate's release (9.18 or 9.20).

. tests/lib/common.sh
. tests/lib/named.sh
. tests/lib/pg.sh
. tests/lib/pg2dns.sh

pg2dns_setup
perl -MJSON::PP -e 1 2>/dev/null || skip "perl's JSON::PP is missing (Debian: perl)"
cat >>"$PG2DNS_CONFIG" <<CONF
PG2DNS_METRICS=$T/pg2dns.prom
PG2DNS_VERIFY_ZONES="example.com example.net"
CONF

# the metrics file checked and flattened into $T/m: "name{labels} value"
metrics() {
	perl -e '
		my (%help, %type, $bad);
		while (<>) {
			chomp;
			if (/^# HELP (pg2dns_\w+) \S/) { $help{$1} = 1; next }
			if (/^# TYPE (pg2dns_\w+) (gauge|counter)$/) {
				$type{$1} = $2;
				$bad .= "counter $1 without _total\n"
					if $2 eq "counter" && $1 !~ /_total$/;
				next;
			}
			if (/^(pg2dns_\w+)(\{(\w+="[^"\\\n]*")(,\w+="[^"\\\n]*")*\})? (-?[0-9.e+]+)$/) {
				$bad .= "$1 before its HELP or TYPE\n"
					unless $help{$1} && $type{$1};
				print "$_\n";
				next;
			}
			$bad .= "line $.: $_\n";
		}
		die $bad if $bad;' "$T/pg2dns.prom" >"$T/m" ||
		fail "metrics file: $(cat "$T/pg2dns.prom")"
}
# metric NAME{LABELS}: its value, or nothing
metric() { metrics; awk -v k="$1" '$1 == k { print $2 }' "$T/m"; }
# status -j, checked, as "path value" lines in $T/j (path: a.b, arrays
# by index)
status_json() {
	pg2dns status -j >"$T/status.json" 2>&1
	_rc=$?
	perl -MJSON::PP -e '
		local $/; my $j = decode_json(<>);
		sub walk { my ($p, $v) = @_;
			if (ref $v eq "HASH") { walk($p eq "" ? $_ : "$p.$_", $v->{$_}) for sort keys %$v }
			elsif (ref $v eq "ARRAY") { walk("$p.$_", $v->[$_]) for 0 .. $#$v }
			else { print "$p ", defined $v ? $v : "null", "\n" } }
		walk("", $j);' "$T/status.json" >"$T/j" ||
		fail "status -j is not JSON: $(cat "$T/status.json")"
	return $_rc
}
json() { awk -v k="$1" '$1 == k { print $2 }' "$T/j"; }
# until CONDITION holds (10 s), else fail with WHAT
until_true() {
	_n=0
	until eval "$1"
	do
		_n=$((_n + 1))
		[ $_n -lt 100 ] || { cat "$T/pg2dns.prom"; tail "$T/log"; fail "$2"; }
		sleep 0.1
	done
}
gt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 > b + 0) }'; }

pg2dns_start
insert a.example.com. A 192.0.2.1
wait_dns a.example.com A 192.0.2.1
until_true '[ -s "$T/pg2dns.prom" ] && [ "$(metric pg2dns_transactions_applied_total)" = 1 ]' \
	"the metrics never counted the first transaction"
until_true '[ -n "$(metric pg2dns_lag_bytes)" ]' "no lag in WAL bytes in the metrics"
[ "$(metric 'pg2dns_state{state="running"}')" = 1 ] || fail "not running: $(cat "$T/m")"
[ "$(metric 'pg2dns_state{state="held"}')" = 0 ] || fail "held? $(cat "$T/m")"
[ "$(metric 'pg2dns_slot_wal_status{wal_status="reserved"}')" = 1 ] ||
	fail "wal_status: $(cat "$T/m")"
[ -n "$(metric pg2dns_slot_retained_wal_bytes)" ] || fail "no retained WAL: $(cat "$T/m")"
tx0=$(metric pg2dns_transactions_applied_total)
ch0=$(metric pg2dns_changes_applied_total)
msg0=$(metric pg2dns_update_messages_applied_total)
gt "$msg0" 0 || fail "no UPDATE message counted: $(cat "$T/m")"

case $(nsupdate -V 2>&1) in
*" 9.18."*)	rule="-C 9.18 " ;;
*" 9.20."*)	rule="-C 9.20 " ;;
*)		rule= ;;
esac
ts=$(pgrep -P "$PG2DNS_PID" -x txsplit) || fail "no txsplit under pg2dns run"
args=$(tr '\0' ' ' <"/proc/$ts/cmdline")
[ "$args" = "txsplit -m $rule" ] ||
	fail "pg2dns runs '$args', want 'txsplit -m $rule'"

# paused: six transactions (eight changes) wait; the lag grows
pg2dns pause >/dev/null || fail "pause"
for i in 1 2 3 4 5
do
	insert "p$i.example.net." A "192.0.2.$((10 + i))"
done
psql -Xq -v ON_ERROR_STOP=1 <<'SQL' || fail "psql"
BEGIN;
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES
	('example.com', 'm1.example.com.', 'A', '192.0.2.21'),
	('example.com', 'm2.example.com.', 'A', '192.0.2.22'),
	('example.net', 'm3.example.net.', 'A', '192.0.2.23');
COMMIT;
SQL
sleep 1
until_true '[ "$(metric "pg2dns_state{state=\"paused\"}")" = 1 ] && gt "$(metric pg2dns_lag_bytes)" 0' \
	"the metrics show no lag in WAL bytes while paused"
[ -z "$(metric pg2dns_lag_seconds)" ] ||
	fail "lag in seconds while paused is unknown, yet the metrics say $(metric pg2dns_lag_seconds)"
# shellcheck disable=SC2034 # for until_true
lagb=$(metric pg2dns_lag_bytes)
status_json || fail "status -j exit $? while paused: $(cat "$T/status.json")"
[ "$(json state)" = paused ] || fail "status -j: $(cat "$T/status.json")"
gt "$(json lag.bytes)" 0 && gt "$(json lag.seconds)" 0.5 ||
	fail "status -j shows no lag while paused: $(cat "$T/status.json")"
[ "$(json counters.transactions)" = "$tx0" ] || fail "status -j counters: $(cat "$T/status.json")"

# resumed: the counters move by what was applied, the lag goes to 0
pg2dns resume >/dev/null || fail "resume"
wait_dns m3.example.net A 192.0.2.23
until_true '[ "$(metric pg2dns_transactions_applied_total)" = $((tx0 + 6)) ]' \
	"transactions_applied_total is $(metric pg2dns_transactions_applied_total), want $((tx0 + 6))"
[ "$(metric pg2dns_changes_applied_total)" = $((ch0 + 8)) ] ||
	fail "changes_applied_total $(metric pg2dns_changes_applied_total), want $((ch0 + 8))"
gt "$(metric pg2dns_update_messages_applied_total)" "$msg0" ||
	fail "update_messages_applied_total did not move: $(cat "$T/m")"
until_true '[ "$(metric pg2dns_lag_seconds)" = 0 ]' "lag_seconds never went back to 0"
until_true 'gt "$lagb" "$(metric pg2dns_lag_bytes)"' "lag_bytes did not fall after the resume"
since=$(metric pg2dns_seconds_since_last_apply)
gt 10 "$since" || fail "seconds_since_last_apply $since"
status_json || fail "status -j exit $?: $(cat "$T/status.json")"
[ "$(json state)" = running ] || fail "status -j: $(cat "$T/status.json")"
[ "$(json counters.transactions)" = $((tx0 + 6)) ] &&
	[ "$(json counters.changes)" = $((ch0 + 8)) ] ||
	fail "status -j counters: $(cat "$T/status.json")"
[ "$(json lag.seconds)" = 0 ] || fail "status -j lag: $(cat "$T/status.json")"
[ "$(json slot.wal_status)" = reserved ] || fail "status -j slot: $(cat "$T/status.json")"
# a failover slot from PostgreSQL 17 on; whether a standby's copy is
# synced, asked on the primary, is unknown (JSON::PP: true 1, false 0)
[ "$(json slot.failover)" = "$(psql -XAtq -c "SELECT (current_setting('server_version_num')::int >= 170000)::int")" ] &&
	[ "$(json slot.synced)" = null ] ||
	fail "status -j slot failover, synced: $(cat "$T/status.json")"
failover_slot_made init
read -r applied _ <"$T/state/applied"
[ "$(json applied.lsn)" = "$applied" ] || fail "status -j applied $(json applied.lsn), STATE/applied $applied"
serial=$(dig @127.0.0.1 -p "$NAMED_PORT" +short example.com SOA | awk '{ print $3 }')
[ "$(json serials.0.zone)" = example.com ] && [ "$(json serials.0.role)" = primary ] &&
	[ "$(json serials.0.serial)" = "$serial" ] ||
	fail "status -j serials (example.com is at $serial): $(cat "$T/status.json")"

# the DNS server gone: a retry is counted, the state is failing
# shellcheck disable=SC2034 # for until_true
r0=$(metric 'pg2dns_retries_total{side="dns"}')
named_stop
insert b.example.com. A 192.0.2.2
until_true '[ "$(metric "pg2dns_state{state=\"failing\"}")" = 1 ] && gt "$(metric "pg2dns_retries_total{side=\"dns\"}")" "$r0"' \
	"no retry or failing state in the metrics with named stopped"
gt "$(metric pg2dns_lag_seconds)" 0 || fail "no lag while failing: $(cat "$T/m")"
named_restart
wait_dns b.example.com A 192.0.2.2
until_true '[ "$(metric "pg2dns_state{state=\"running\"}")" = 1 ]' "not running again"

pg2dns_stop
metrics
[ "$(metric 'pg2dns_state{state="stopped"}')" = 1 ] || fail "not stopped: $(cat "$T/m")"
status_json
rc=$?
[ $rc -eq 3 ] || fail "status -j after stop: exit $rc"
[ "$(json state)" = stopped ] && [ "$(json counters)" = null ] ||
	fail "status -j after stop: $(cat "$T/status.json")"
echo "ok: metrics and status -j; counters moved by $((tx0 + 6)) transactions, $((ch0 + 8)) changes"
