#!/bin/sh
# demo/demo.sh: the whole system on one machine ("make demo", which first
# installs what is missing and builds txsplit and the plugin).
#
# Starts a private PostgreSQL (the one demo/deps.sh chose: 15 on Debian
# 12, 17 on 13; with the wal2nsupdate plugin) and a private named on
# 127.0.0.1, on free ports, in a temporary directory; creates the
# reference table dns.rr (plugin/schema.sql); starts
# "pg2dns run"; then commits changes and shows, for each, the SQL, what
# dig answers, and how long after the COMMIT dig first saw it (the
# commit time is PostgreSQL's own, track_commit_timestamp; dig is polled
# every few milliseconds).  Everything is stopped and removed at the end,
# and on Ctrl-C.
#
#   sh demo/demo.sh          from anywhere; needs ./txsplit and
#                            plugin/wal2nsupdate.so built

cd "$(dirname "$0")/.." || exit 2
TOP=$(pwd)
. tests/lib/common.sh
NAMED_ZONES="example.com 2.0.192.in-addr.arpa 10.in-addr.arpa"
. tests/lib/named.sh
. tests/lib/pg.sh
. tests/lib/pg2dns.sh

[ -x txsplit ] || fail "txsplit is not built (make)"
[ -f plugin/wal2nsupdate.so ] || fail "the plugin is not built (make -C plugin)"
pg_skip_unless_available
PATH=$TOP:$TOP/pg2dns:$PATH
export PATH
LC_ALL=C
export LC_ALL

started=$(date +%s)

# ------------------------------------------------------------ helpers

heading() {
	printf '\n%s\n' "$1"
	printf '%s\n' "$1" | sed 's/./-/g'
}
# text, indented
indent() { sed 's/^/    /'; }
# $ command, as run
show_cmd() { printf '  $ %s\n' "$*"; }

# ask NAME [TYPE]: show a dig command and its answer (-x ADDR works too)
ask() {
	show_cmd "dig @127.0.0.1 -p $NAMED_PORT +noall +answer $*"
	_a=$(dig @127.0.0.1 -p "$NAMED_PORT" +noall +answer +time=2 +tries=2 "$@")
	if [ -n "$_a" ]
	then
		printf '%s\n' "$_a" | expand -t 8 | indent
	else
		_s=$(dig @127.0.0.1 -p "$NAMED_PORT" +time=2 +tries=2 "$@" |
			sed -n 's/.*status: \([A-Z]*\).*/\1/p')
		echo "    (no answer: ${_s:-no reply})"
	fi
}

# commit SQL: run the SQL (BEGIN ... COMMIT; shown as it is) in one psql
# session; sets COMMIT_AT to the transaction's commit time (epoch
# seconds, PostgreSQL's commit timestamp, taken just before COMMIT
# returns)
commit() {
	printf '%s\n' "$1" | indent
	printf '%s\n' "$1" | sed 's/^COMMIT;$/SELECT txid_current() AS demo_xid \\gset\
COMMIT;\
SELECT extract(epoch FROM pg_xact_commit_timestamp((:demo_xid % 4294967296)::text::xid));/' >"$T/step.sql"
	COMMIT_AT=$(psql -X -q -A -t -v ON_ERROR_STOP=1 -f "$T/step.sql" \
		2>"$T/psql.err") || { cat "$T/psql.err"; fail "psql"; }
	COMMIT_AT=$(printf '%s\n' "$COMMIT_AT" | tail -1)
}

# commit_wait SQL "NAME TYPE ANSWER" ...: commit SQL and wait until dig
# +short would print each ANSWER (empty: no records), in turn; sets
# LATENCY to the milliseconds from the commit to when the last held.
# demo/dnspoll asks every 2 ms, from before the commit.
commit_wait() {
	_sql=$1
	shift
	perl demo/dnspoll "$NAMED_PORT" 30 "$@" >"$T/seen" 2>&1 &
	_poll=$!
	commit "$_sql"
	wait "$_poll" || {
		tail -20 "$T/log"
		fail "the DNS did not change within 30 s (pg2dns log above)"
	}
	LATENCY=$(awk -v a="$COMMIT_AT" -v b="$(cat "$T/seen")" \
		'BEGIN { printf "%.0f", (b - a) * 1000 }')
}

# the answer dig +short gives, on one line
short() {
	_r=$(dig @127.0.0.1 -p "$NAMED_PORT" +short +time=1 +tries=1 "$@" 2>/dev/null)
	set -f
	# shellcheck disable=SC2086 # the words of the answer
	set -- $_r
	set +f
	echo "$*"
}

latency() {
	echo "  -> in the DNS $LATENCY ms after COMMIT${1:+ $1}"
}

serial() { short "$1" SOA | awk '{ print $3 }'; }

# ------------------------------------------------------------- set up

cat <<EOF
txsplit demo: committed PostgreSQL changes reach the DNS
========================================================
Everything runs on this machine, on 127.0.0.1 only, in a temporary
directory, and is stopped and removed at the end (also on Ctrl-C).

EOF
new_tmpdir T
echo "Starting a private named ($(named -v | cut -d' ' -f1,2)), primary for"
echo "    $(echo "$NAMED_ZONES" | sed 's/ /, /g')"
named_start
echo "  on 127.0.0.1 port $NAMED_PORT; dynamic updates signed with the TSIG key in"
echo "  $NAMED_KEYFILE"
echo "Starting a private PostgreSQL ($(pg_config --version)) with wal_level = logical"
pg_start ipam
echo "  on 127.0.0.1 port $PGPORT, database ipam"
echo "Creating the record table dns.rr from plugin/schema.sql:"
show_cmd "psql -d ipam -f plugin/schema.sql"
psql -Xq -v ON_ERROR_STOP=1 -f plugin/schema.sql >/dev/null 2>"$T/psql.err" ||
	{ cat "$T/psql.err"; fail "plugin/schema.sql"; }
echo "and the zones it holds, in dns.zone:"
zones_sql="INSERT INTO dns.zone (name) VALUES ('$(echo "$NAMED_ZONES" | sed "s/ /'), ('/g")')"
show_cmd "psql -d ipam -c \"$zones_sql\""
psql -Xq -v ON_ERROR_STOP=1 -c "$zones_sql" >/dev/null 2>"$T/psql.err" ||
	{ cat "$T/psql.err"; fail "dns.zone"; }
cat >"$T/pg2dns.conf" <<CONF
PG2DNS_STATE=$T/state
PG2DNS_SLOT=pg2dns
PG2DNS_OPTIONS="tables=dns.rr"
PG2DNS_SERVER=127.0.0.1
PG2DNS_PORT=$NAMED_PORT
PG2DNS_KEYFILE=$NAMED_KEYFILE
PG2DNS_VERIFY_IGNORE="@:NS ns.example.com.:A"
CONF
PG2DNS_CONFIG=$T/pg2dns.conf
export PG2DNS_CONFIG
echo "Starting the replication (pg2dns/pg2dns, configured in $PG2DNS_CONFIG):"
show_cmd "pg2dns init"
pg2dns init 2>>"$T/log" || { cat "$T/log"; fail "pg2dns init"; }
show_cmd "pg2dns run &"
PG2DNS_PID=
pg2dns_start
at_exit pg2dns_stop
cat <<'EOF'
  pg2dns streams the committed changes from the replication slot
  (decoded once by wal2nsupdate into nsupdate commands framed by BEGIN
  and COMMIT), turns them into DNS UPDATE messages with txsplit -m and
  sends them with nsupdate; it confirms the slot only past what named
  has accepted and pg2dns has recorded.
EOF
sleep 0.3
pg2dns status >"$T/status" 2>&1 || { cat "$T/status" "$T/log"; fail "pg2dns is not running"; }
head -1 "$T/status" | indent

# ------------------------------------------------------------ 1. add

heading "1. Two new hosts: their A and PTR records in one transaction"
commit_wait "BEGIN;
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES
  ('example.com', 'www.example.com.', 'A', '192.0.2.10'),
  ('example.com', 'mail.example.com.', 'A', '192.0.2.25'),
  ('example.com', 'example.com.', 'MX', '10 mail.example.com.'),
  ('2.0.192.in-addr.arpa', '10.2.0.192.in-addr.arpa.', 'PTR', 'www.example.com.'),
  ('2.0.192.in-addr.arpa', '25.2.0.192.in-addr.arpa.', 'PTR', 'mail.example.com.');
COMMIT;" \
	"www.example.com A 192.0.2.10" "mail.example.com A 192.0.2.25" \
	"example.com MX 10 mail.example.com." \
	"10.2.0.192.in-addr.arpa PTR www.example.com." \
	"25.2.0.192.in-addr.arpa PTR mail.example.com."
latency "(two zones: one UPDATE message each)"
ask www.example.com A
ask example.com MX
ask -x 192.0.2.10

# --------------------------------------------------------- 2. rename

heading "2. Rename www.example.com to web.example.com"
commit_wait "BEGIN;
UPDATE dns.rr SET owner = 'web.example.com.' WHERE owner = 'www.example.com.';
UPDATE dns.rr SET rdata = 'web.example.com.' WHERE rdata = 'www.example.com.';
COMMIT;" \
	"www.example.com A " "web.example.com A 192.0.2.10" \
	"10.2.0.192.in-addr.arpa PTR web.example.com."
latency
ask www.example.com A
ask web.example.com A
ask -x 192.0.2.10

# --------------------------------------------------------- 3. delete

heading "3. Delete the mail host (its A, MX and PTR records)"
commit_wait "BEGIN;
DELETE FROM dns.rr WHERE owner = 'mail.example.com.' OR rdata LIKE '%mail.example.com.';
COMMIT;" \
	"mail.example.com A " "example.com MX " \
	"25.2.0.192.in-addr.arpa PTR "
latency
ask mail.example.com A
ask -x 192.0.2.25

# ------------------------------------------------------- 4. rollback

heading "4. A transaction that is rolled back never reaches the DNS"
cat <<'EOF' | indent
BEGIN;
INSERT INTO dns.rr (zone, owner, type, rdata)
  VALUES ('example.com', 'ghost.example.com.', 'A', '192.0.2.66');
ROLLBACK;
EOF
psql -Xq -v ON_ERROR_STOP=1 >/dev/null 2>"$T/psql.err" <<'EOF' ||
BEGIN;
INSERT INTO dns.rr (zone, owner, type, rdata)
  VALUES ('example.com', 'ghost.example.com.', 'A', '192.0.2.66');
ROLLBACK;
EOF
	{ cat "$T/psql.err"; fail "psql"; }
echo "  A transaction committed after it goes through; the rolled-back one does not:"
commit_wait "BEGIN;
INSERT INTO dns.rr (zone, owner, type, rdata)
  VALUES ('example.com', 'after.example.com.', 'A', '192.0.2.67');
COMMIT;" \
	"after.example.com A 192.0.2.67"
latency
ask after.example.com A
ask ghost.example.com A

# ----------------------------------------------------------- 5. bulk

heading "5. A bulk import: 10,000 hosts, 20,000 records, in one transaction"
s1=$(serial example.com) s2=$(serial 10.in-addr.arpa)
commit_wait "BEGIN;
INSERT INTO dns.rr (zone, owner, type, rdata)
  SELECT 'example.com', 'host-' || i || '.example.com.', 'A',
         '10.0.' || i / 256 || '.' || i % 256
  FROM generate_series(1, 10000) AS i;
INSERT INTO dns.rr (zone, owner, type, rdata)
  SELECT '10.in-addr.arpa', i % 256 || '.' || i / 256 || '.0.10.in-addr.arpa.',
         'PTR', 'host-' || i || '.example.com.'
  FROM generate_series(1, 10000) AS i;
COMMIT;" \
	"host-1.example.com A 10.0.0.1" \
	"host-10000.example.com A 10.0.39.16" \
	"16.39.0.10.in-addr.arpa PTR host-10000.example.com."
latency "(the last of the 20,000)"
e1=$(serial example.com) e2=$(serial 10.in-addr.arpa)
m1=$((e1 - s1)) m2=$((e2 - s2))
echo "  named took it in $((m1 + m2)) UPDATE messages (each message that changes a zone"
echo "  adds 1 to its SOA serial: example.com $s1 -> $e1, 10.in-addr.arpa $s2 -> $e2),"
echo "  each within the 64 KB limit, where one change per message would take 20,000."
ask host-10000.example.com A
ask -x 10.0.39.16
show_cmd "dig @127.0.0.1 -p $NAMED_PORT +noall +answer 10.in-addr.arpa AXFR | grep -c PTR"
dig @127.0.0.1 -p "$NAMED_PORT" +noall +answer 10.in-addr.arpa AXFR |
	grep -c PTR | indent

# ---------------------------------------------- 6. pause and verify

heading "6. Pause, a change that waits, verify, resume"
show_cmd "pg2dns pause"
pg2dns pause 2>>"$T/log" | indent
commit "BEGIN;
UPDATE dns.rr SET rdata = '192.0.2.11' WHERE owner = 'web.example.com.' AND type = 'A';
COMMIT;"
sleep 1
echo "  One second later the DNS still has the old address; the change waits in"
echo "  the replication slot:"
ask web.example.com A
show_cmd "pg2dns status"
pg2dns status 2>&1 | indent
echo "  Meanwhile someone changes the DNS by hand, behind the database's back:"
show_cmd "nsupdate -k $NAMED_KEYFILE"
cat <<EOF | tee "$T/hand.txt" | sed 's/^/    > /'
server 127.0.0.1 $NAMED_PORT
update add rogue.example.com. 300 IN A 192.0.2.99
send
EOF
nsupdate -k "$NAMED_KEYFILE" "$T/hand.txt" || fail "nsupdate"
cat <<'EOF'
  pg2dns verify compares the DNS with the tables (AXFR of every zone).  It
  first applies exactly the transactions that its snapshot of the tables
  sees, so the waiting change is no difference; the hand-made record is.
  It prints the nsupdate script that repairs the DNS and exits 1; -r also
  sends it:
EOF
show_cmd "pg2dns verify -r"
pg2dns verify -r >"$T/verify" 2>&1
rc=$?
indent <"$T/verify"
echo "    (exit $rc)"
[ $rc -eq 1 ] || fail "verify -r exited $rc, not 1"
ask web.example.com A
ask rogue.example.com A
show_cmd "pg2dns resume"
pg2dns resume 2>>"$T/log" | indent
commit_wait "BEGIN;
INSERT INTO dns.rr (zone, owner, type, rdata)
  VALUES ('example.com', 'resumed.example.com.', 'A', '192.0.2.12');
COMMIT;" \
	"resumed.example.com A 192.0.2.12"
latency
show_cmd "pg2dns verify"
pg2dns verify >"$T/verify" 2>&1
rc=$?
indent <"$T/verify"
echo "    (exit $rc: the DNS holds what the tables hold)"
[ $rc -eq 0 ] || fail "verify after the repair exited $rc"

# ------------------------------------------------------------ the end

heading "Done"
pg2dns_stop
named_stop
pg_stop
echo "Stopped pg2dns, named and PostgreSQL; their temporary directories are removed."
echo "The demo took $(($(date +%s) - started)) s."
exit 0
