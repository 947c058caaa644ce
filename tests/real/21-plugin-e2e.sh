#!/bin/sh
# End to end: SQL transactions into a real PostgreSQL, pg_recvlogical with
# wal2nsupdate, txsplit, nsupdate, a private named.  Afterwards every zone
# holds exactly what dns.rr holds (besides the zone's own SOA and NS).
#
# 1. A backlog: transactions committed while nothing reads the slot (adds
#    in four zones, updates, a move between zones, deletes, a rollback, a
#    rolled-back savepoint, a transaction of 3,000 records that txsplit
#    must split), then pg_recvlogical --endpos | txsplit | nsupdate.
# 2. Live: the pipeline runs in the background; each transaction must
#    reach the DNS within seconds.
. tests/lib/common.sh
. tests/lib/named.sh
. tests/lib/pg.sh

pg_skip_unless_available
need_built

new_tmpdir T
named_start
pg_start

sql() {
	psql -X -q -v ON_ERROR_STOP=1 "$@" >>"$T/psql.log" 2>&1 ||
		{ cat "$T/psql.log"; fail "psql $*"; }
}

sql -f plugin/schema.sql
for z in $NAMED_ZONES_SERVED
do sql -c "INSERT INTO dns.zone (name) VALUES ('$z')"
done
sql <<'EOF'
CREATE TABLE public.audit (at timestamptz DEFAULT now(), what text);
SELECT 'init' FROM pg_create_logical_replication_slot('dns', 'wal2nsupdate');
EOF

for z in $NAMED_ZONES_SERVED
do named_axfr_nosoa "$z" >"$T/base.$z" || fail "AXFR $z"
done

# The records of dns.rr in zone $1 as named_axfr prints them: names in
# lower case with the final dot, the default TTL, octets above 127 as \DDD.
table_zone() {
	psql -X -q -At -v zone="$1" <<'EOF' |
SELECT lower(rtrim(owner, '.')) || '. ' || coalesce(ttl, 3600) || ' '
	|| upper(class) || ' ' || upper(type) || ' ' || rdata
FROM dns.rr WHERE lower(rtrim(zone, '.')) = lower(rtrim(:'zone', '.'));
EOF
	perl -pe 's/([\x80-\xff])/sprintf("\\%03d", ord $1)/ge'
}

check_zones() {
	for z in $NAMED_ZONES_SERVED
	do
		{ cat "$T/base.$z"; table_zone "$z"; } | LC_ALL=C sort >"$T/want.$z"
		named_axfr_nosoa "$z" >"$T/got.$z" || fail "AXFR $z"
		cmp -s "$T/want.$z" "$T/got.$z" || {
			diff -u "$T/want.$z" "$T/got.$z" | head -40
			fail "$1: zone $z does not hold what dns.rr holds"
		}
	done
	echo "ok: $1: $(cat "$T"/got.* | wc -l) records in $(echo "$NAMED_ZONES_SERVED" | wc -w) zones match dns.rr"
}

# 1. The backlog.
sql <<'EOF'
INSERT INTO dns.rr (zone, owner, ttl, type, rdata) VALUES
	('example.com', 'example.com', 3600, 'MX', '10 mail.example.com.'),
	('example.com', 'mail.example.com', 300, 'A', '192.0.2.25'),
	('example.com', 'mail.example.com', 300, 'AAAA', '2001:db8::25'),
	('example.com', 'www.example.com', NULL, 'A', '192.0.2.80'),
	('example.com', 'www.example.com', NULL, 'A', '192.0.2.81'),
	('example.com', 'ftp.example.com', 600, 'CNAME', 'www.example.com.'),
	('example.com', '_sip._tcp.example.com', 600, 'SRV', '0 5 5060 sip.example.com.'),
	('example.com.', 'txt.example.com.', 600, 'TXT', '"v=spf1 -all" "caf' || U&'\00E9' || '"'),
	('example.net', 'www.example.net', 60, 'A', '198.51.100.80'),
	('sub.example.com', 'host.sub.example.com', 60, 'A', '192.0.2.90'),
	('2.0.192.in-addr.arpa', '25.2.0.192.in-addr.arpa', 3600, 'PTR', 'mail.example.com.'),
	('2.0.192.in-addr.arpa', '80.2.0.192.in-addr.arpa', 3600, 'PTR', 'www.example.com.');
INSERT INTO public.audit (what) VALUES ('first batch');
EOF
sql <<'EOF'
BEGIN;
UPDATE dns.rr SET rdata = '192.0.2.26' WHERE owner = 'mail.example.com' AND type = 'A';
UPDATE dns.rr SET zone = 'sub.example.com', owner = 'www.sub.example.com'
	WHERE owner = 'www.example.net';
UPDATE dns.rr SET ttl = 120 WHERE owner = 'host.sub.example.com';
INSERT INTO public.audit (what) VALUES ('moves');
COMMIT;
DELETE FROM dns.rr WHERE owner = 'www.example.com' AND rdata = '192.0.2.81';
DELETE FROM dns.rr WHERE type = 'SRV';
BEGIN;
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'never.example.com', 'A', '192.0.2.1');
ROLLBACK;
BEGIN;
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.net', 'kept.example.net', 'A', '198.51.100.1');
SAVEPOINT s;
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.net', 'undone.example.net', 'A', '198.51.100.2');
DELETE FROM dns.rr WHERE owner = 'mail.example.com';
ROLLBACK TO SAVEPOINT s;
COMMIT;
-- more than one DNS message's worth: txsplit splits it
INSERT INTO dns.rr (zone, owner, ttl, type, rdata)
SELECT 'example.net', 'h' || i || '.bulk.example.net', 300, 'A',
	'198.51.' || (100 + i / 250) || '.' || (i % 250 + 1)
FROM generate_series(1, 3000) i;
EOF
endpos=$(psql -X -At -c 'SELECT pg_current_wal_insert_lsn()') || fail "endpos"

pg_recvlogical -d "$PGDATABASE" -S dns --start --no-loop --endpos="$endpos" \
	-f - -o tables=dns.rr >"$T/stream1" 2>"$T/recv1.err" ||
	{ cat "$T/recv1.err"; fail "pg_recvlogical"; }
[ -s "$T/recv1.err" ] && { cat "$T/recv1.err"; fail "pg_recvlogical wrote to stderr"; }
grep -q never "$T/stream1" && fail "a rolled-back insert was decoded"
grep -q undone "$T/stream1" && fail "a rolled-back savepoint was decoded"
grep -q audit "$T/stream1" && fail "a table left out by tables= was decoded"
[ "$(grep -c '^BEGIN [0-9]*$' "$T/stream1")" = 6 ] ||
	{ head -60 "$T/stream1"; fail "expected 6 transactions"; }
txsplit "$T/stream1" >"$T/msgs1" 2>"$T/txsplit1.err" ||
	{ cat "$T/txsplit1.err"; fail "txsplit"; }
[ "$(grep -c '^send$' "$T/msgs1")" -gt 6 ] ||
	fail "the bulk transaction was not split (txsplit wrote $(grep -c '^send$' "$T/msgs1") messages)"
nsupdate_local <"$T/msgs1" >"$T/nsupdate1.out" 2>&1 ||
	{ cat "$T/nsupdate1.out"; fail "nsupdate"; }
[ -s "$T/nsupdate1.out" ] && { cat "$T/nsupdate1.out"; fail "nsupdate complained"; }
check_zones "backlog"

# 2. Live: pg_recvlogical | txsplit | nsupdate in the background.
(
	sh -c 'echo $$ >"$1"; exec pg_recvlogical -d "$PGDATABASE" -S dns \
		--start --no-loop -f - -o tables=dns.rr 2>"$2"' \
		sh "$T/recv.pid" "$T/recv2.err" |
	txsplit 2>"$T/txsplit2.err" |
	nsupdate_local >"$T/nsupdate2.out" 2>&1
	echo $? >"$T/pipeline.rc"
) &
pipeline=$!
at_exit "[ -f '$T/recv.pid' ] && kill \$(cat '$T/recv.pid') 2>/dev/null"

dns() {
	dig @127.0.0.1 -p "$NAMED_PORT" +short +time=1 +tries=1 "$1" "$2" |
		LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//'
}
# wait_dns NAME TYPE VALUE: until named answers VALUE (10 s at most)
wait_dns() {
	_i=0
	while [ "$(dns "$1" "$2")" != "$3" ]
	do
		_i=$((_i + 1))
		if [ "$_i" -gt 100 ] || [ -f "$T/pipeline.rc" ]
		then
			cat "$T/recv2.err" "$T/txsplit2.err" "$T/nsupdate2.out"
			fail "live: $1 $2 is \"$(dns "$1" "$2")\", not \"$3\""
		fi
		sleep 0.1
	done
}

t0=$(date +%s)
sql -c "INSERT INTO dns.rr (zone, owner, ttl, type, rdata) VALUES ('example.com', 'live.example.com', 60, 'A', '192.0.2.200')"
wait_dns live.example.com A 192.0.2.200
sql -c "UPDATE dns.rr SET rdata = '192.0.2.201' WHERE owner = 'live.example.com'"
wait_dns live.example.com A 192.0.2.201
sql <<'EOF'
BEGIN;
UPDATE dns.rr SET zone = 'example.net', owner = 'live.example.net' WHERE owner = 'live.example.com';
INSERT INTO dns.rr (zone, owner, ttl, type, rdata) VALUES
	('2.0.192.in-addr.arpa', '201.2.0.192.in-addr.arpa', 60, 'PTR', 'live.example.net.');
COMMIT;
EOF
wait_dns 201.2.0.192.in-addr.arpa PTR live.example.net.
wait_dns live.example.net A 192.0.2.201
wait_dns live.example.com A ""
sql -c "DELETE FROM dns.rr WHERE zone = 'example.net' AND owner LIKE '%.bulk.example.net'"
wait_dns h1.bulk.example.net A ""
wait_dns h3000.bulk.example.net A ""
sql -c "DELETE FROM dns.rr WHERE owner = 'www.example.com'"
wait_dns www.example.com A ""
echo "ok: live: 5 transactions reached the DNS in $(($(date +%s) - t0)) s"

kill -INT "$(cat "$T/recv.pid")"
i=0
while [ ! -f "$T/pipeline.rc" ]
do
	i=$((i + 1))
	[ "$i" -gt 100 ] && fail "the pipeline did not stop"
	sleep 0.1
done
wait "$pipeline"
rm -f "$T/recv.pid"
[ "$(cat "$T/pipeline.rc")" = 0 ] || fail "nsupdate exited $(cat "$T/pipeline.rc")"
for f in txsplit2.err nsupdate2.out
do
	[ -s "$T/$f" ] && { cat "$T/$f"; fail "$f is not empty"; }
done
check_zones "live"
