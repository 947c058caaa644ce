#!/bin/sh
# bench/bench.sh: the figures of "make bench", printed as one table.
#
#   sh bench/bench.sh       from anywhere, after make and make -C plugin;
#                           needs PostgreSQL (15 or later, with the plugin
#                           built), BIND 9, Knot DNS, perl and GNU time
#                           (/usr/bin/time); about 15 minutes
#
# 1. Throughput.  bench/gen-ipam writes a stream of BENCH_MB (256) MB as
#    wal2nsupdate writes it for an IPAM database (mostly single changes,
#    new hosts in two zones, renames of 25 hosts, imports of 250 hosts).
#    Each program reads the file on its standard input and writes into a
#    pipe to "cat >/dev/null", the file being in the page cache; the
#    best wall time of BENCH_RUNS (3) runs counts.  The programs: cat
#    (the floor: reading and writing the octets, nothing else), mawk
#    '{print}' (reading and writing lines), txsplit, txsplit -m, and
#    bench/nsdiff-batch, the batching loop of nsdiff (text length
#    against 65536, one owner's lines never split) in Perl as nsdiff has
#    it, as a peer.  Then, repeatable on a busy machine: instructions
#    per octet (valgrind's callgrind) of cat, mawk, txsplit and txsplit
#    -m on a fixed stream of 8 MB (bench/gen-ipam 8); and txsplit's
#    output compared with that of the txsplit of BENCH_REF (a git
#    revision, default d36e6d7, where txsplit first sized names as
#    nsupdate 9.18 and 9.20 compress them),
#    built aside, on that stream and three of tests/gen-stream, with
#    and without -m: it must be the same, octet for octet.
# 2. Peak memory (maximum resident set, GNU time) of the same programs
#    against the size of the largest transaction: the stream above
#    (largest 500 changes) and one transaction of 10,000, 100,000 and
#    1,000,000 changes, also as octets a change; and the messages
#    txsplit and nsdiff's rule cut that transaction into.  Then
#    pg2dns's engine, pg2dns-run replay of that transaction (its
#    txsplit -m the real one, its nsupdate a stand-in that answers
#    "version" and takes 30 ms a message, about named's pace): its peak
#    resident set (VmHWM, read from /proc until it ends) and as octets a
#    change, and that of its txsplit -m.
# 3. Latency from commit to the DNS: bench/latency.sh (pg2dns, 50
#    single-row transactions a second for BENCH_LATENCY_SECONDS (30)).
# 4. Catch-up: 100,000 single-row transactions (BENCH_BACKLOG) committed
#    into a private PostgreSQL while nothing reads the slot, saved with
#    pg_recvlogical, then applied to a fresh private named (TSIG
#    hmac-sha256) by txsplit | nsupdate, by txsplit -m | nsupdate, and by
#    pg2dns run from a slot holding the same backlog; against named's
#    own rate for the same records in pre-built full messages (filled to
#    65535 octets with the TSIG record, built by awk) sent by nsupdate.
#
#    Then the first BENCH_KNOT_BACKLOG (5,000) of those transactions into
#    a fresh private Knot DNS (tests/lib/knot.sh), by txsplit | nsupdate
#    and txsplit -m | nsupdate: Knot applies far fewer messages a second
#    than named.
# 5. Latency and cost on a database that does other work:
#    bench/phases.sh (three phases of BENCH_PHASE_SECONDS (20): quiet;
#    another table taking 2,000-row inserts in a loop; the same plus an
#    unrelated transaction left open): p50 and max commit-to-DNS
#    latency, CPU seconds of the walsender decoding for the driver, and
#    how far restart_lsn and confirmed_flush_lsn trail the WAL at the
#    end of each phase.
# 6. An application's own tables (bench/ipam-cost.sh, PowerDNS's records
#    and domains, 10,000 rows): the write path of its 10,000-row UPDATE
#    with replication off, with a slot, REPLICA IDENTITY FULL and the
#    parent a user catalog table (identity), and on (the record table
#    a user catalog table too, as a parent's change needs), wall time,
#    WAL and the old rows VACUUM keeps; the decoding CPU a change with
#    the zone in the row and with the zone read in the parent table
#    (profile=powerdns), a record republished by a parent's change, and
#    a one-row transaction of a plain and of a user catalog table, with
#    and without a transaction held open.
#
# BENCH_PARTS="1 2 3 4 5 6" runs those parts only.  Progress goes to
# standard error, the table to standard output.

cd "$(dirname "$0")/.." || exit 2
TOP=$(pwd)
. tests/lib/common.sh
NAMED_ZONES=example.com
. tests/lib/named.sh
. tests/lib/knot.sh
. tests/lib/pg.sh

MB=${BENCH_MB:-256}
RUNS=${BENCH_RUNS:-3}
LAT_SECONDS=${BENCH_LATENCY_SECONDS:-30}
PARTS=${BENCH_PARTS:-1 2 3 4 5 6}
BACKLOG=${BENCH_BACKLOG:-100000}
KNOT_BACKLOG=${BENCH_KNOT_BACKLOG:-5000}
TIME=/usr/bin/time
REF=${BENCH_REF:-d36e6d7}

[ -x txsplit ] || fail "txsplit is not built (make)"
[ -f plugin/wal2nsupdate.so ] || fail "the plugin is not built (make -C plugin)"
$TIME -f %M true 2>/dev/null ||
	fail "GNU time is missing (Debian: apt-get install time)"
command -v mawk >/dev/null || fail "mawk is missing (Debian: apt-get install mawk)"
command -v valgrind >/dev/null ||
	fail "valgrind is missing (Debian: apt-get install valgrind)"
pg_skip_unless_available
PATH=$TOP:$TOP/pg2dns:$PATH
export PATH
LC_ALL=C
export LC_ALL

started=$(date +%s)
say() { echo "bench: $*" >&2; }
now() { date +%s.%N; }
# calc EXPR: awk arithmetic, printed as given by FMT ($2, default %.2f)
calc() { awk "BEGIN { printf \"${2:-%.2f}\", ($1) }"; }
# thousands separators
th() { [ -n "$1" ] || { echo -; return; }; printf '%s\n' "$1" | sed -e :a -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/; ta'; }

new_tmpdir B
R=$B/results
: >"$R"
# put NAME VALUE: remember a figure
put() { echo "$1 $2" >>"$R"; }
get() { awk -v k="$1" '$1 == k { v = $2 } END { print v }' "$R"; }

load_start=$(cut -d' ' -f1 /proc/loadavg)

# ------------------------------------------------------ 1. throughput
part1() {

say "generating a stream of $MB MB (bench/gen-ipam $MB)"
sh bench/gen-ipam "$MB" >"$B/stream" || fail "gen-ipam"
size=$(wc -c <"$B/stream")
ntx=$(grep -c '^BEGIN' "$B/stream")
nch=$(grep -c '^update' "$B/stream")
cat "$B/stream" >/dev/null

# measure NAME COMMAND...: best wall time of RUNS runs of COMMAND <stream
# | cat >/dev/null; records NAME.wall, NAME.cpu (user + sys) and NAME.rss
# (KB) of that run
measure() {
	_name=$1
	shift
	_best=
	_i=0
	while [ $_i -lt "$RUNS" ]
	do
		_i=$((_i + 1))
		_t0=$(now)
		$TIME -o "$B/time" -f '%U %S %M' "$@" <"$B/stream" 2>"$B/err" |
			cat >/dev/null
		_t1=$(now)
		grep -v '^nsdiff-batch:' "$B/err" | grep . && fail "$* failed"
		_m=$(sed -n 's/^nsdiff-batch: \([0-9]*\) messages$/\1/p' "$B/err")
		[ -z "$_m" ] || put "$_name.msgs" "$_m"
		_w=$(calc "$_t1 - $_t0" %.3f)
		say "  $_name run $_i: $_w s"
		if [ -z "$_best" ] || [ "$(calc "$_w < $_best" %d)" = 1 ]
		then
			_best=$_w
			read -r _u _s _m <"$B/time"
			put "$_name.wall" "$_w"
			put "$_name.cpu" "$(calc "$_u + $_s")"
			put "$_name.rss" "$_m"
		fi
	done
}

say "throughput: $(th "$size") octets, $(th "$ntx") transactions, $(th "$nch") changes; best of $RUNS"
measure cat cat
measure mawk mawk '{print}'
measure txsplit txsplit
measure txsplit_m txsplit -m
measure nsdiff perl bench/nsdiff-batch
# messages written, counted apart from the timed runs
put txsplit.msgs "$(txsplit "$B/stream" | grep -c '^send$')"
put txsplit_m.msgs "$(txsplit -m "$B/stream" | grep -c '^send$')"
rm -f "$B/stream"

# instructions per octet: callgrind counts them the same on a busy machine
say "instructions: callgrind on bench/gen-ipam 8"
sh bench/gen-ipam 8 >"$B/s8" || fail "gen-ipam 8"
put s8.size "$(wc -c <"$B/s8")"
# count NAME COMMAND...: instructions of COMMAND <s8 >/dev/null
count() {
	_name=$1
	shift
	valgrind --tool=callgrind --callgrind-out-file="$B/callgrind.out" \
		"$@" <"$B/s8" >/dev/null 2>"$B/err" ||
		{ cat "$B/err"; fail "callgrind $*"; }
	put "$_name.ir" "$(sed -n 's/.*I *refs: *//p' "$B/err" | tr -d ,)"
	say "  $_name: $(th "$(get "$_name.ir")") instructions"
}
count cat cat
count mawk mawk '{print}'
count txsplit txsplit
count txsplit_m txsplit -m
rm -f "$B/callgrind.out"

# the output of txsplit of REF, built aside, on the same streams
say "output against txsplit of $REF"
if git -C "$TOP" show "$REF:txsplit.c" >"$B/ref.c" 2>/dev/null &&
	${CC:-cc} -std=c99 -O2 -o "$B/txsplit-ref" "$B/ref.c"
then
	perl tests/gen-stream -s 1 >"$B/g1" 2>/dev/null &&
	perl tests/gen-stream -s 2 -u -c 3000 >"$B/g2" 2>/dev/null &&
	perl tests/gen-stream -s 3 -n 1-3x2000,5000 >"$B/g3" 2>/dev/null ||
		fail "tests/gen-stream"
	same=yes
	for f in s8 g1 g2 g3
	do
		for o in "" -m "-m -b 2000 -t 0" "-v -b 1500"
		do
			# shellcheck disable=SC2086 # the options' words
			"$B/txsplit-ref" $o "$B/$f" >"$B/ref.out" 2>"$B/ref.err"
			# shellcheck disable=SC2086 # the options' words
			txsplit $o "$B/$f" >"$B/new.out" 2>"$B/new.err"
			cmp -s "$B/ref.out" "$B/new.out" &&
				cmp -s "$B/ref.err" "$B/new.err" ||
				{ same=NO; say "  differs: txsplit $o on $f"; }
		done
	done
	put same "$same"
else
	put same "not compared ($REF is not in this repository's history)"
fi
rm -f "$B/s8" "$B/g1" "$B/g2" "$B/g3" "$B/ref.out" "$B/new.out" "$B/ref.err" \
	"$B/new.err"

}

# --------------------------------------------------------- 2. memory
part2() {

mkdir -p "$B/bin"
cat >"$B/bin/nsupdate" <<'EOF'
#!/bin/sh
exec perl -ne 'BEGIN { $| = 1 }
	print "nsupdate 9.18.0-bench\n" if $_ eq "version\n";
	select(undef, undef, undef, 0.03) if $_ eq "send\n"'
EOF
chmod +x "$B/bin/nsupdate"

for n in 10000 100000 1000000
do
	say "memory: one transaction of $n changes"
	sh bench/gen-ipam -1 "$n" >"$B/one" || fail "gen-ipam -1 $n"
	put "one$n.size" "$(wc -c <"$B/one")"
	for p in "txsplit txsplit" "txsplit_m txsplit -m" \
		"nsdiff perl bench/nsdiff-batch"
	do
		# shellcheck disable=SC2086 # a name and a command
		set -- $p
		_name=$1
		shift
		$TIME -o "$B/time" -f %M "$@" "$B/one" 2>"$B/err" >"$B/msgs" ||
			{ cat "$B/err"; fail "$* on one transaction of $n"; }
		put "one$n.$_name" "$(tail -1 "$B/time")"
		put "one$n.$_name.msgs" "$(grep -c '^send$' "$B/msgs")"
	done
	engine_peak "$n"
done
rm -f "$B/one" "$B/msgs"

}

# the peak resident set of process $1 so far (KB); nothing once it has
# ended
hwm() { sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB$/\1/p' "/proc/$1/status" 2>/dev/null; }

# engine_peak N: pg2dns-run replay of $B/one, with $B/bin/nsupdate; the
# peaks of the engine and of its txsplit
engine_peak() {
	rm -rf "$B/state"
	mkdir "$B/state"
	PATH=$B/bin:$PATH PG2DNS_STATE=$B/state PG2DNS_SERVER=127.0.0.1 \
		PG2DNS_PORT=53 PG2DNS_KEYFILE='' PG2DNS_ZONES='' \
		PG2DNS_TXSPLIT_OPTS='' PG2DNS_NSUPDATE_OPTS='' \
		pg2dns-run replay "$B/state/applied" "$B/one" 2>"$B/err" &
	_pid=$!
	_e=0 _t=0
	while _h=$(hwm "$_pid") && [ -n "$_h" ]
	do
		_e=$_h
		_c=$(pgrep -P "$_pid" -x txsplit) && _h=$(hwm "$_c") &&
			[ -n "$_h" ] && _t=$_h
		sleep 0.05
	done
	wait "$_pid" ||
		{ cat "$B/err"; fail "pg2dns-run replay of one transaction of $1"; }
	put "one$1.engine" "$_e"
	put "one$1.engine_txsplit" "$_t"
}

# -------------------------------------------------------- 3. latency
part3() {

say "latency: bench/latency.sh, 50 transactions a second for $LAT_SECONDS s"
BENCH_RATE=50 BENCH_SECONDS=$LAT_SECONDS sh bench/latency.sh >"$B/latency" 2>&1 ||
	{ cat "$B/latency"; fail "bench/latency.sh"; }
cat "$B/latency" >&2
lat=$(sed -n 's/^latency commit -> applied over \([0-9]*\) transactions (ms): *p50 \([0-9.]*\) *p95 \([0-9.]*\) *p99 \([0-9.]*\) *max \([0-9.]*\).*/\1 \2 \3 \4 \5/p' "$B/latency")
[ -n "$lat" ] || fail "bench/latency.sh printed no figures"
# shellcheck disable=SC2086 # the figures
set -- $lat
put lat.n "$1"; put lat.p50 "$2"; put lat.p95 "$3"; put lat.p99 "$4"; put lat.max "$5"

}

# ------------------------------------------------------- 4. catch-up
part4() {

say "catch-up: committing $BACKLOG single-row transactions"
pg_start bench
psql -Xq -v ON_ERROR_STOP=1 -f plugin/schema.sql >/dev/null ||
	fail "plugin/schema.sql"
psql -Xq -v ON_ERROR_STOP=1 -c "INSERT INTO dns.zone (name) VALUES ('example.com')" ||
	fail "dns.zone"
psql -XAtq -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || fail "slots"
SELECT 1 FROM pg_create_logical_replication_slot('save', 'wal2nsupdate');
SELECT 1 FROM pg_create_logical_replication_slot('pg2dns', 'wal2nsupdate');
-- one transaction per row: a procedure may COMMIT in its loop
CREATE PROCEDURE backlog(n integer) LANGUAGE plpgsql AS $$
BEGIN
	FOR i IN 0 .. n - 1 LOOP
		INSERT INTO dns.rr (zone, owner, type, rdata)
		VALUES ('example.com', 'b' || i || '.example.com.', 'A',
			'10.' || i / 65536 % 256 || '.' || i / 256 % 256 || '.' || i % 256);
		COMMIT;
	END LOOP;
END $$;
SQL
t0=$(now)
psql -Xq -v ON_ERROR_STOP=1 -c "CALL backlog($BACKLOG)" || fail "backlog"
t1=$(now)
say "  committed in $(calc "$t1 - $t0") s"
endpos=$(psql -XAt -c 'SELECT pg_current_wal_lsn()') || fail "wal position"
pg_recvlogical -d bench -S save --start --endpos="$endpos" --no-loop \
	-o tables=dns.rr -f "$B/backlog" 2>"$B/err" ||
	{ cat "$B/err"; fail "pg_recvlogical"; }
n=$(grep -c '^COMMIT' "$B/backlog")
[ "$n" -eq "$BACKLOG" ] || fail "saved $n transactions, not $BACKLOG"
last_lsn=$(awk '$1 == "COMMIT" { l = $3 } END { print l }' "$B/backlog")

# the records in example.com now: all $expect (BACKLOG) of them, each once
expect=$BACKLOG
check_zone() {
	_n=$(named_axfr_nosoa example.com | grep -c '^b[0-9]*\.example\.com\. 3600 IN A ')
	[ "$_n" -eq "$expect" ] || fail "$1: example.com holds $_n records, not $expect"
}
# catchup NAME COMMAND [N]: on a fresh $server (named) each time, time
# COMMAND (a shell command: a pipeline into nsupdate); the best of N
# runs (1)
server=named
catchup() {
	_i=0
	while [ $_i -lt "${3:-1}" ]
	do
		_i=$((_i + 1))
		${server}_stop
		${server}_start
		_t0=$(now)
		sh -c "$2" >"$B/out" 2>&1
		_rc=$?
		_t1=$(now)
		if [ $_rc -ne 0 ] || [ -s "$B/out" ]
		then
			sort "$B/out" | uniq -c | head
			[ $server = named ] &&
				grep -v 'adding an RR\|approved$\|deleting an RR' \
					"$NAMED_DIR/named.log" | tail -20
			fail "$1: nsupdate exit $_rc (its output and named's log above)"
		fi
		_w=$(calc "$_t1 - $_t0" %.3f)
		say "  $1 run $_i: $_w s"
		check_zone "$1"
		_b=$(get "$1.s")
		if [ -z "$_b" ] || [ "$(calc "$_w < $_b" %d)" = 1 ]
		then
			put "$1.s" "$_w"
			put "$1.msgs" "$(messages)"
		fi
	done
}
# UPDATE messages that changed example.com: its serial started at 1
messages() {
	_s=$(dig @127.0.0.1 -p "$NAMED_PORT" +short example.com SOA | awk '{ print $3 }')
	echo $((_s - 1))
}
export B NAMED_PORT
nsu='nsupdate -k "$NAMED_KEYFILE"'
srv='echo "server 127.0.0.1 $NAMED_PORT"'

# named's own rate: the same records in full messages, built by awk: a
# message is the 12-octet header, the zone (example.com, 13 octets, and
# 4), each record (its first label and a pointer: 1 + length + 2; 10;
# RDATA 4) and the TSIG record of hmac-sha256 key txkey (78 octets)
awk -v zone=example.com '$1 == "update" { print $3, $7 }' "$B/backlog" |
awk 'BEGIN { room = 65535 - 78 - 12 - (13 + 4); used = 0; n = 0 }
{
	label = $1; sub(/\..*/, "", label)
	rr = 1 + length(label) + 2 + 10 + 4
	if (used + rr > room) { print "send"; used = 0 }
	if (used == 0) { print "zone example.com."; msgs++ }
	print "update add " $1 " 3600 IN A " $2
	used += rr
}
END { if (used) print "send" }' >"$B/full" || fail "building full messages"

say "  txsplit | nsupdate, the slow one"
catchup nom "{ $srv; txsplit \"\$B/backlog\"; } | $nsu"
catchup m "{ $srv; txsplit -m \"\$B/backlog\"; } | $nsu" "$RUNS"
catchup named "{ $srv; cat \"\$B/full\"; } | $nsu" "$RUNS"
named_stop

# Knot: the first KNOT_BACKLOG transactions; it raises its serial once
# per batch of queued messages, so the messages are txsplit's sends
awk -v n="$KNOT_BACKLOG" '{ print } $1 == "COMMIT" && ++c == n { exit }' \
	"$B/backlog" >"$B/backlog-knot"
server=knot expect=$KNOT_BACKLOG
say "  into Knot: $KNOT_BACKLOG transactions"
catchup knot.nom "{ $srv; txsplit \"\$B/backlog-knot\"; } | $nsu"
catchup knot.m "{ $srv; txsplit -m \"\$B/backlog-knot\"; } | $nsu" "$RUNS"
knot_stop
server=named expect=$BACKLOG
put knot.nom.msgs "$(txsplit "$B/backlog-knot" | grep -c '^send$')"
put knot.m.msgs "$(txsplit -m "$B/backlog-knot" | grep -c '^send$')"

# pg2dns run, from its slot, which holds the same backlog
named_stop
named_start
say "  pg2dns run"
cat >"$B/pg2dns.conf" <<CONF
PG2DNS_STATE=$B/state
PG2DNS_SLOT=pg2dns
PG2DNS_OPTIONS="tables=dns.rr"
PG2DNS_SERVER=127.0.0.1
PG2DNS_PORT=$NAMED_PORT
PG2DNS_KEYFILE=$NAMED_KEYFILE
CONF
PG2DNS_CONFIG=$B/pg2dns.conf
export PG2DNS_CONFIG
pg2dns init 2>>"$B/pg2dns.log" || { cat "$B/pg2dns.log"; fail "pg2dns init"; }
# lsn_num X/Y: the lsn as a number (shell arithmetic, no process)
lsn_num() { echo $(( (0x${1%/*} << 32) + 0x${1#*/} )); }
last_num=$(lsn_num "$last_lsn")
t0=$(now)
pg2dns run 2>>"$B/pg2dns.log" &
driver=$!
at_exit "kill $driver 2>/dev/null"
while :
do
	a=
	[ -s "$B/state/applied" ] && read -r a _ <"$B/state/applied"
	# (past it, once keepalives move the position on)
	[ -n "$a" ] && [ "$(lsn_num "$a")" -ge "$last_num" ] && break
	kill -0 $driver 2>/dev/null || { cat "$B/pg2dns.log"; fail "pg2dns run stopped"; }
	[ "$(calc "$(now) - $t0 > 600" %d)" = 0 ] ||
		{ tail "$B/pg2dns.log"; fail "pg2dns has not caught up in 10 minutes"; }
	sleep 0.01
done
t1=$(now)
kill -TERM $driver
wait $driver
put pg2dns.s "$(calc "$t1 - $t0" %.3f)"
# errors while catching up (not the stop: see bench/README)
grep -q 'held at\|txsplit exited\|nsupdate exited\|no answer\|one transaction at a time' \
	"$B/pg2dns.log" &&
	put pg2dns.note retried
check_zone "pg2dns run"
put pg2dns.msgs "$(messages)"
named_stop
pg_stop
rm -f "$B/backlog" "$B/full"

}

# ------------------------------------------- 5. a database at work
part5() {

say "phases: bench/phases.sh, ${BENCH_PHASE_SECONDS:-20} s each"
sh bench/phases.sh >"$B/phases" 2>&1 || { cat "$B/phases"; fail "bench/phases.sh"; }
cat "$B/phases" >&2
for ph in quiet busy open
do
	# shellcheck disable=SC2046 # the figures
	set -- $(sed -n "s/^phase $ph: \([0-9]*\) transactions in .*; p50 \([0-9.]*\) ms, max \([0-9.]*\) ms; walsender CPU \([-0-9.]*\) s; .* WAL: \([0-9]*\) \([0-9]*\) bytes$/\1 \2 \3 \4 \5 \6/p" "$B/phases")
	[ $# -eq 6 ] || fail "bench/phases.sh printed no figures for $ph"
	put "$ph.n" "$1"; put "$ph.p50" "$2"; put "$ph.max" "$3"
	put "$ph.cpu" "$4"; put "$ph.restart" "$5"; put "$ph.confirmed" "$6"
done

}

# ------------------------------------- 6. an application's own tables
part6() {

say "an application's tables: bench/ipam-cost.sh"
sh bench/ipam-cost.sh >"$B/ipam" 2>&1 || { cat "$B/ipam"; fail "bench/ipam-cost.sh"; }
for mode in off identity on
do
	# shellcheck disable=SC2046 # the figures
	set -- $(awk -v m="$mode" '$1 == "write" && $2 == m { print $3, $4 }' "$B/ipam")
	[ $# -eq 2 ] || { cat "$B/ipam"; fail "bench/ipam-cost.sh printed no write figures"; }
	put "write.$mode.ms" "$1"; put "write.$mode.wal" "$2"
	put "vacuum.$mode.kept" "$(awk -v m="$mode" '$1 == "vacuum" && $2 == m { print $3 }' "$B/ipam")"
done
for how in identity.own own parent republish txn.plain txn.catalog txn.plain.held txn.catalog.held
do
	put "decode.$how" "$(awk -v h="$how" '$1 == "decode" && $2 == h { print $3 }' "$B/ipam")"
done

}

for part in $PARTS
do
	case $part in
	1) part1 ;;
	2) part2 ;;
	3) part3 ;;
	4) part4 ;;
	5) part5 ;;
	6) part6 ;;
	*) fail "BENCH_PARTS: no part $part (1 to 6)" ;;
	esac
done

# ---------------------------------------------------------- the table

mbs() { calc "$size / 1048576 / $(get "$1.wall")" %.1f; }
row1() {
	printf '  %-26s %7s %6s %8s %6s %7s %10s %9s\n' "$1" "$(get "$2.wall")" \
		"$(get "$2.cpu")" "$(mbs "$2")" \
		"$(calc "$(mbs "$2") / $(mbs cat)" %.3f)" \
		"$(calc "$(mbs "$2") / $(mbs mawk)" %.2f)" \
		"$(th "$(get "$2.msgs")")" \
		"$([ -n "$(get "$2.ir")" ] && calc "$(get "$2.ir") / $(get s8.size)" %.1f)"
}
mb() { calc "$1 / 1024" %.1f; }
rate() { calc "$BACKLOG / $(get "$1.s")" %.0f; }
row4() {
	printf '  %-42s %8s %9s %9s %9s %7s\n' "$1" "$(get "$2.s")" \
		"$(th "$(get "$2.msgs")")" "$(th "$(rate "$2")")" \
		"$(calc "$(rate "$2") / $(rate nom)" %.1f)" \
		"$(calc "100 * $(rate "$2") / $(rate named)" %.0f)"
}
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
mem=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
bind=$(named -v | cut -d' ' -f2)
knotv=$(knot_version)
pgv=$(pg_config --version | cut -d' ' -f2)

echo
echo "make bench, $(date -u +%Y-%m-%d): $(nproc) x $cpu, $mem, Linux $(uname -r),"
echo "BIND $bind, Knot DNS $knotv, PostgreSQL $pgv; load average $load_start at the start, $(cut -d' ' -f1 /proc/loadavg) at the end"
# shellcheck disable=SC2086,SC2116 # the parts on one line
ran() { case " $(echo $PARTS) " in *" $1 "*) return 0 ;; esac; return 1; }

if ran 1
then
	echo
	echo "1. Throughput: $(th "$size") octets from bench/gen-ipam $MB ($(th "$ntx") transactions,"
	echo "   $(th "$nch") changes, the largest 500), the file on standard input, the output"
	echo "   into a pipe to cat >/dev/null; best wall time of $RUNS runs; instructions"
	echo "   an octet (callgrind) on the $(th "$(get s8.size)") octets of bench/gen-ipam 8"
	printf '  %-26s %7s %6s %8s %6s %7s %10s %9s\n' program "wall s" "CPU s" \
		"MB/s" "x cat" "x mawk" messages "instr/oct"
	row1 cat cat
	row1 "mawk '{print}'" mawk
	row1 txsplit txsplit
	row1 "txsplit -m" txsplit_m
	row1 "nsdiff's batching (Perl)" nsdiff
	echo "   output the same as txsplit of $REF (bench/gen-ipam 8, tests/gen-stream):" \
		"$(get same)"
fi
if ran 2
then
	echo
	echo "2. Peak memory (maximum resident set, MB) against the largest transaction,"
	echo "   and the messages that transaction took"
	echo "   and txsplit's peak as octets a change"
	printf '  %-22s %8s %8s %10s %9s %9s %9s %8s\n' "largest transaction" "input MB" \
		txsplit "txsplit -m" "nsdiff's" "messages" "nsdiff's" "oct/chg"
	ran 1 && printf '  %-22s %8s %8s %10s %9s %9s %9s %8s\n' "500 changes (part 1)" \
		"$(calc "$size / 1048576" %.0f)" "$(mb "$(get txsplit.rss)")" \
		"$(mb "$(get txsplit_m.rss)")" "$(mb "$(get nsdiff.rss)")" - - -
	for n in 10000 100000 1000000
	do
		printf '  %-22s %8s %8s %10s %9s %9s %9s %8s\n' "$(th $n) changes" \
			"$(calc "$(get one$n.size) / 1048576" %.1f)" \
			"$(mb "$(get one$n.txsplit)")" "$(mb "$(get one$n.txsplit_m)")" \
			"$(mb "$(get one$n.nsdiff)")" \
			"$(th "$(get one$n.txsplit.msgs)")" "$(th "$(get one$n.nsdiff.msgs)")" \
			"$(calc "$(get one$n.txsplit) * 1024 / $n" %.0f)"
	done
	echo "   pg2dns's engine (pg2dns-run replay, nsupdate a stand-in at 30 ms a message):"
	echo "   its peak, as octets a change, and that of its txsplit -m"
	printf '  %-22s %10s %8s %14s\n' "largest transaction" pg2dns-run oct/chg \
		"its txsplit -m"
	for n in 10000 100000 1000000
	do
		printf '  %-22s %10s %8s %14s\n' "$(th $n) changes" \
			"$(mb "$(get one$n.engine)")" \
			"$(calc "$(get one$n.engine) * 1024 / $n" %.0f)" \
			"$(mb "$(get one$n.engine_txsplit)")"
	done
fi
if ran 3
then
	echo
	echo "3. Latency from COMMIT to applied in the DNS (pg2dns run, bench/latency.sh):"
	echo "   $(th "$(get lat.n)") single-row transactions at 50 a second: p50 $(get lat.p50) ms," \
		"p95 $(get lat.p95) ms, p99 $(get lat.p99) ms, max $(get lat.max) ms"
fi
if ran 4
then
	echo
	echo "4. Catch-up: a backlog of $(th "$BACKLOG") single-row transactions (A records, one"
	echo "   zone) into a fresh named, TSIG hmac-sha256"
	printf '  %-42s %8s %9s %9s %9s %7s\n' how seconds messages "changes/s" "x no -m" "% named"
	row4 "txsplit | nsupdate" nom
	row4 "txsplit -m | nsupdate" m
	row4 "pg2dns run (from the slot)" pg2dns
	row4 "named: pre-built full messages, nsupdate" named
	for k in nom m
	do
		knot_rate=$(calc "$KNOT_BACKLOG / $(get "knot.$k.s")" %.0f)
		printf '  %-42s %8s %9s %9s %9s %7s\n' \
			"knot: txsplit $([ $k = m ] && echo '-m ')| nsupdate ($(th "$KNOT_BACKLOG"))" \
			"$(get "knot.$k.s")" "$(th "$(get "knot.$k.msgs")")" \
			"$(th "$knot_rate")" \
			"$(calc "$(get knot.nom.s) / $(get "knot.$k.s")" %.1f)" -
	done
	ratio=$(calc "$(rate m) / $(rate nom)" %.1f)
	pct=$(calc "100 * $(rate m) / $(rate named)" %.0f)
	g1=no g2=no
	[ "$(calc "$ratio >= 10" %d)" = 1 ] && g1=yes
	[ "$(calc "$pct >= 70" %d)" = 1 ] && g2=yes
	echo "   targets: txsplit -m at least 10 times faster than without: $g1 (${ratio}x);"
	echo "   at least 70% of named's own rate: $g2 (${pct}%)"
	pp=$(calc "100 * $(rate pg2dns) / $(rate named)" %.0f)
	g3=no
	[ "$(calc "$pp >= 80" %d)" = 1 ] && g3=yes
	echo "   pg2dns run catching up from the slot at >= 80% of named's own rate: $g3 (${pp}%)"
	[ "$(get pg2dns.note)" = retried ] &&
		echo "   (pg2dns met an error and retried while catching up)"
fi
if ran 5
then
	secs=${BENCH_PHASE_SECONDS:-20}
	echo
	echo "5. pg2dns on a database at work (bench/phases.sh): one single-row DNS"
	echo "   transaction every 0.2 s for $secs s a phase; busy: another table takes"
	echo "   2,000-row inserts in a loop; open: the same and an unrelated transaction"
	echo "   left open; the slot's positions behind the WAL at the end of the phase"
	printf '  %-8s %6s %8s %8s %14s %16s %18s\n' phase txs "p50 ms" "max ms" \
		"walsender s" "restart_lsn MB" "confirmed_lsn MB"
	for ph in quiet busy open
	do
		printf '  %-8s %6s %8s %8s %14s %16s %18s\n' "$ph" "$(get "$ph.n")" \
			"$(get "$ph.p50")" "$(get "$ph.max")" "$(get "$ph.cpu")" \
			"$(calc "$(get "$ph.restart") / 1048576" %.1f)" \
			"$(calc "$(get "$ph.confirmed") / 1048576" %.2f)"
	done
	# the goals: busy p50 within 2x quiet's plus 20 ms, walsender CPU
	# within 2x quiet's plus 1 s per 20 s, in both loaded phases; with
	# the transaction open p50 under 150 ms and the slot confirmed
	# within a few (4) MB of the WAL
	ok=yes
	for ph in busy open
	do
		[ "$(calc "$(get "$ph.p50") <= 2 * $(get quiet.p50) + 20" %d)" = 1 ] || ok=no
		[ "$(get "$ph.cpu")" != - ] && [ "$(get quiet.cpu)" != - ] &&
		[ "$(calc "$(get "$ph.cpu") <= 2 * $(get quiet.cpu) + $secs / 20" %d)" = 1 ] || ok=no
	done
	[ "$(calc "$(get open.p50) < 150" %d)" = 1 ] || ok=no
	[ "$(calc "$(get open.confirmed) <= 4 * 1048576" %d)" = 1 ] || ok=no
	echo "   goals (busy p50 <= 2x quiet + 20 ms, walsender CPU <= 2x quiet + 1 s per"
	echo "   20 s, open p50 < 150 ms and confirmed within 4 MB of the WAL): $ok"
fi
if ran 6
then
	echo
	echo "6. An application's own tables (PowerDNS's records, 10,000 rows; bench/ipam-cost.sh)"
	echo "   its UPDATE of every row, one statement, best of 3:"
	printf '  %-44s %8s %10s %7s\n' replication "ms" "WAL bytes" "kept"
	for mode in off identity on
	do
		case $mode in
		off) what="off (no slot, REPLICA IDENTITY DEFAULT)" ;;
		identity) what="identity (slot, FULL, parent a catalog)" ;;
		on) what="on (the record table a catalog too)" ;;
		esac
		printf '  %-44s %8s %10s %7s\n' "$what" "$(get "write.$mode.ms")" \
			"$(th "$(get "write.$mode.wal")")" "$(th "$(get "vacuum.$mode.kept")")"
	done
	echo "   on/identity: time $(calc "$(get write.on.ms) / $(get write.identity.ms)")x," \
		"WAL $(calc "$(get write.on.wal) / $(get write.identity.wal)")x;" \
		"on/off: time $(calc "$(get write.on.ms) / $(get write.off.ms)")x," \
		"WAL $(calc "$(get write.on.wal) / $(get write.off.wal)")x"
	echo "   (kept: the old row versions VACUUM cannot remove before the slot decodes them)"
	echo "   decoding (pg_logical_slot_peek_changes, wall time of one backend),"
	echo "   microseconds a change: zone in the row $(get decode.own)" \
		"($(get decode.identity.own) not a catalog), zone read in the"
	echo "   parent table $(get decode.parent)" \
		"($(calc "$(get decode.parent) / $(get decode.own)")x); a record republished" \
		"by a parent's change $(get decode.republish)"
	echo "   a one-row transaction: plain table $(get decode.txn.plain)," \
		"user catalog table $(get decode.txn.catalog);"
	echo "   with a transaction held open $(get decode.txn.plain.held) and" \
		"$(get decode.txn.catalog.held)"
fi
echo
echo "(make bench took $(($(date +%s) - started)) s)"
[ "$(get same)" != NO ] || fail "txsplit's output is not that of txsplit of $REF"
exit 0
