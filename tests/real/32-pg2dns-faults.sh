#!/bin/sh
# pg2dns under faults: while a workload commits a few thousand
# transactions (inserts, updates, deletes, several zones, some
# transactions touching two zones), kill -9 the driver and all its
# children at random moments and start it again, kill -9 one of its
# children only (the nsupdate or txsplit), restart named, stop named
# (SIGSTOP) for a few seconds, restart PostgreSQL, stop the driver with
# SIGTERM.  Then bulk transactions of a few thousand records each,
# several messages over TCP, while named restarts and stalls under
# them.  At the end drain and verify:
# the DNS equals the tables, and every transaction the workload
# committed (as a second, untouched slot decodes them) was applied at
# least once.  Prints the faults injected.
#
# PG2DNS_TEST_SEED=n repeats a run's schedule; PG2DNS_TEST_TX=n sets the
# number of workload transactions (default 3000).

. tests/lib/common.sh
. tests/lib/named.sh
. tests/lib/pg.sh
. tests/lib/pg2dns.sh

pg2dns_setup
echo "PG2DNS_TRACE=$T/trace" >>"$PG2DNS_CONFIG"
psql -XAtq -c "SELECT 1 FROM pg_create_logical_replication_slot('audit', 'wal2nsupdate')" \
	>/dev/null || fail "audit slot"

seed=${PG2DNS_TEST_SEED:-$(date +%s)}
ntx=${PG2DNS_TEST_TX:-3000}
echo "seed $seed, $ntx transactions"

# the workload: SQL in chunks of 50 transactions, each chunk one psql
# session (a restart of PostgreSQL ends it; the next one reconnects); a
# record inserted twice is skipped (ON CONFLICT names the record index,
# rr_record, since the deferrable constraints cannot be its arbiters)
mkdir "$T/wl"
awk -v seed="$seed" -v n="$ntx" -v dir="$T/wl" -v rr_record="(dns.canonical_name(owner), upper(class), coalesce((rrtype).number::text, upper(type)), md5(dns.canonical_rdata(rrtype, rdata)))" '
function ins(i, z,   o, r, t) {
	if (z == "2.0.192.in-addr.arpa") {
		o = (i % 254 + 1) ".2.0.192.in-addr.arpa."
		t = "PTR"; r = "h" i ".example.com."
	} else if (i % 7 == 0) {
		o = "h" i "." z "."; t = "TXT"; r = "\"txt " i "\""
	} else if (i % 11 == 0) {
		o = "h" i "." z "."; t = "AAAA"; r = "2001:db8::" sprintf("%x", i % 65536)
	} else {
		o = "h" (i % 600) "." z "."; t = "A"
		r = "192.0.2." (i % 250 + 1)
	}
	return "INSERT INTO dns.rr (zone, owner, type, rdata) VALUES (\x27" z \
	    "\x27, \x27" o "\x27, \x27" t "\x27, \x27" r "\x27) ON CONFLICT " rr_record " DO NOTHING;"
}
BEGIN {
	srand(seed)
	zn[0] = "example.com"; zn[1] = "example.net"
	zn[2] = "sub.example.com"; zn[3] = "2.0.192.in-addr.arpa"
	for (i = 1; i <= n; i++) {
		if (i % 50 == 1) {
			f = sprintf("%s/%05d.sql", dir, i)
		}
		r = rand(); z = zn[int(rand() * 4)]
		if (r < 0.55)
			s = ins(i, z)
		else if (r < 0.7)
			s = "UPDATE dns.rr SET rdata = \x27192.0.2." (i % 250 + 1) \
			    "\x27 WHERE id = (SELECT id FROM dns.rr WHERE type = \x27A\x27" \
			    " ORDER BY random() LIMIT 1);"
		else if (r < 0.85)
			s = "DELETE FROM dns.rr WHERE id = (SELECT id FROM dns.rr" \
			    " ORDER BY random() LIMIT 1);"
		else
			s = "BEGIN; " ins(i, z) " " ins(i + 100000, zn[int(rand() * 4)]) \
			    " DELETE FROM dns.rr WHERE id = (SELECT id FROM dns.rr" \
			    " ORDER BY random() LIMIT 1); COMMIT;"
		print s > f
		if (i % 5 == 0) print "SELECT pg_sleep(0.04);" > f
	}
}'
(
	for f in "$T"/wl/*.sql
	do
		until psql -Xq -f "$f" >/dev/null 2>>"$T/wl.err"
		do
			# PostgreSQL was down: count it, carry on with the
			# next chunk once it is back
			echo "$f" >>"$T/wl.broken"
			sleep 0.3
			pg_isready -q -t 5 2>/dev/null && break
		done
	done
) &
WL_PID=$!

# kill -9 the driver and its children (all of its process tree, frozen
# first so that nothing new is forked meanwhile)
descendants() {
	# from /proc/PID/stat: "pid (comm) state ppid ..."
	cat /proc/[0-9]*/stat 2>/dev/null | awk -v root="$1" '
		{ s = $0; sub(/^.*\) /, "", s); split(s, f, " "); parent[$1] = f[2] }
		END {
			n = 1; q[1] = root
			while (n > 0) {
				p = q[n--]
				for (c in parent) if (parent[c] == p) { print c; q[++n] = c }
			}
		}'
}
kill_driver() {
	kill -STOP "$PG2DNS_PID" 2>/dev/null
	_kids=$(descendants "$PG2DNS_PID")
	# shellcheck disable=SC2086 # pids
	[ -z "$_kids" ] || kill -STOP $_kids 2>/dev/null
	_kids="$_kids $(descendants "$PG2DNS_PID")"
	# shellcheck disable=SC2086 # pids
	kill -KILL "$PG2DNS_PID" $_kids 2>/dev/null
	wait "$PG2DNS_PID" 2>/dev/null
	PG2DNS_PID=
	echo "$_kids" | wc -w >>"$T/killed"
}

pg2dns_start
kills=0 kids=0 childkills=0 named_restarts=0 pg_restarts=0 terms=0 stops=0
# named stalled: SIGSTOP, a few seconds, SIGCONT (and at exit, whatever
# happens)
at_exit 'kill -CONT $NAMED_PID 2>/dev/null'
named_stall() {
	kill -STOP "$NAMED_PID"
	sleep "$1"
	kill -CONT "$NAMED_PID"
	stops=$((stops + 1))
}
start=$(date +%s)
# each kind once first, then at random
awk -v seed="$seed" 'BEGIN { srand(seed + 1);
	split("kill pg named child term stop", first, " ")
	for (i = 1; i <= 6; i++) printf "%.2f %s\n", 0.2 + rand() * 1.3, first[i]
	for (i = 0; i < 1000; i++) {
		r = rand()
		f = r < 0.5 ? "kill" : r < 0.62 ? "child" : r < 0.72 ? "named" : \
		    r < 0.85 ? "pg" : r < 0.95 ? "term" : "stop"
		printf "%.2f %s\n", 0.2 + rand() * 1.3, f
	} }' >"$T/schedule"
while read -r delay fault
do
	kill -0 "$WL_PID" 2>/dev/null || break
	[ $(( $(date +%s) - start )) -lt 120 ] || break
	sleep "$delay"
	case $fault in
	kill)	kill_driver
		kills=$((kills + 1))
		sleep 0.1
		pg2dns_start ;;
	child)	# one of its children only (the nsupdate or psql session,
		# txsplit, ...): the driver must notice and carry on
		c=$(descendants "$PG2DNS_PID" | awk -v s="$seed$childkills" \
			'BEGIN { srand(s) } { p[n++] = $1 } END { if (n) print p[int(rand() * n)] }')
		if [ -n "$c" ] && kill -KILL "$c" 2>/dev/null
		then
			childkills=$((childkills + 1))
		fi ;;
	named)	named_restart
		named_restarts=$((named_restarts + 1)) ;;
	pg)	pg_restart
		pg_restarts=$((pg_restarts + 1)) ;;
	term)	pg2dns_stop
		terms=$((terms + 1))
		pg2dns_start ;;
	stop)	named_stall 3 ;;
	esac
done <"$T/schedule"
wait "$WL_PID"
kids=$(awk '{ n += $1 } END { print n + 0 }' "$T/killed" 2>/dev/null)

# bulk transactions: a few thousand TXT records each, several full
# messages over TCP; named restarts, then stalls, while they are in
# flight
bulk() {
	psql -Xq -v ON_ERROR_STOP=1 -c "INSERT INTO dns.rr (zone, owner, type, rdata)
		SELECT 'example.net', 'bulk$1-' || i || '.example.net.', 'TXT',
		       '\"' || repeat('x', 200) || ' $1 ' || i || '\"'
		  FROM generate_series(1, $2) i" || fail "bulk transaction $1"
}
bulk 1 4000
sleep 0.5
named_restart
named_restarts=$((named_restarts + 1))
bulk 2 3000
sleep 0.3
named_stall 4
bulk 3 3000
bulk 4 2000
named_restart
named_restarts=$((named_restarts + 1))
sleep 0.2
named_stall 3
# the running driver gets past them by itself (fresh nsupdate sessions)
wait_dns bulk4-2000.example.net TXT \
	"\"$(printf '%0200d' 0 | tr 0 x) 4 2000\"" 90
faults=$((kills + childkills + named_restarts + pg_restarts + terms + stops))
echo "faults injected: $faults ($kills kill -9 of the driver with" \
	"$kids children, $childkills kill -9 of one child," \
	"$named_restarts named restarts, $stops stalls of named," \
	"$pg_restarts PostgreSQL restarts, $terms SIGTERM)"
echo "workload: $(wc -l <"$T/trace" 2>/dev/null || echo 0) transactions applied" \
	"so far, $(wc -l <"$T/wl.broken" 2>/dev/null || echo 0) chunks cut by restarts" \
	"in $(( $(date +%s) - start )) s"
[ "$faults" -ge 10 ] || fail "only $faults faults injected"
[ "$kills" -ge 1 ] && [ "$named_restarts" -ge 1 ] && [ "$pg_restarts" -ge 1 ] &&
	[ "$terms" -ge 1 ] || fail "not every kind of fault was injected"

# drain and verify
pg2dns verify >"$T/repair" 2>"$T/verify.err" || {
	cat "$T/verify.err" "$T/repair"
	tail -30 "$T/log"
	fail "the DNS differs from the tables (seed $seed)"
}
cat "$T/verify.err"

# nothing skipped: every committed transaction the audit slot decodes
# was applied
psql -XAtq -c "SELECT data FROM pg_logical_slot_peek_changes('audit', NULL, NULL, 'tables', 'dns.rr')" |
	awk '$1 == "COMMIT" { print $3 }' | sort -u >"$T/committed"
awk '{ print $3 }' "$T/trace" | sort -u >"$T/applied"
ncommitted=$(wc -l <"$T/committed")
[ "$ncommitted" -ge $((ntx / 2)) ] ||
	fail "only $ncommitted transactions committed"
comm -23 "$T/committed" "$T/applied" >"$T/lost"
[ ! -s "$T/lost" ] || {
	head "$T/lost"
	fail "$(wc -l <"$T/lost") committed transactions never applied (seed $seed)"
}
# named stalled, restarting or out of reach refused nothing: such a
# transaction is retried, never held for pg2dns skip
if grep -E 'held at .*(timed out|Communication with|connection refused|gave no answer)' \
	"$T/log" >"$T/wrongly-held"
then
	fail "held for a failure to reach named: $(head -1 "$T/wrongly-held")"
fi
napplied=$(wc -l <"$T/trace")
pg2dns status >"$T/status" || { cat "$T/status"; fail "status after the run"; }
echo "ok: $ncommitted transactions committed, all applied" \
	"($napplied applications, $faults faults)"
