#!/bin/sh
# Latency of pg2dns: commit to applied.  Starts a private PostgreSQL (with
# wal2nsupdate) and named as the tests do, runs "pg2dns run", commits
# single-row transactions at a steady rate, and for each transaction takes
# the COMMIT time in the stream against the moment nsupdate finished
# (PG2DNS_TRACE).  Prints p50, p95, p99 and the maximum in milliseconds.
#
#   sh bench/latency.sh            (from the top of the tree, after make
#                                   and make -C plugin)
#   BENCH_RATE=50                  transactions per second
#   BENCH_SECONDS=30               how long
#   PG2DNS_CHECKPOINT, PG2DNS_NSUPDATE_OPTS, ...  passed on
#
# Not part of make check: the figures depend on the machine.

cd "$(dirname "$0")/.." || exit 2
. tests/lib/common.sh
. tests/lib/named.sh
. tests/lib/pg.sh
. tests/lib/pg2dns.sh

rate=${BENCH_RATE:-50}
secs=${BENCH_SECONDS:-30}
n=$((rate * secs))

pg2dns_setup
echo "PG2DNS_TRACE=$T/trace" >>"$PG2DNS_CONFIG"
pg2dns_start
insert warmup.example.com. A 192.0.2.1
wait_dns warmup.example.com A 192.0.2.1
: >"$T/trace"

# the workload: one psql session, transaction i committed at t0 + i/rate
awk -v n="$n" -v rate="$rate" 'BEGIN {
	print "SELECT now() + interval \x27500 ms\x27 AS t0 \\gset"
	for (i = 0; i < n; i++) {
		printf "SELECT pg_sleep_until(:\x27t0\x27::timestamptz + interval \x271 ms\x27 * %.3f);\n", i * 1000 / rate
		printf "INSERT INTO dns.rr (zone, owner, type, rdata) VALUES (\x27example.com\x27, \x27b%d.example.com.\x27, \x27A\x27, \x27192.0.2.%d\x27);\n", i, i % 250 + 1
	}
}' >"$T/workload.sql"
echo "committing $n single-row transactions at $rate/s for $secs s"
psql -Xq -v ON_ERROR_STOP=1 -f "$T/workload.sql" >/dev/null || fail "workload"
b=$((n - 1))
wait_dns "b$b.example.com" A "192.0.2.$((b % 250 + 1))" 30
sleep 0.5
pg2dns_stop

# latencies: commit time (UTC, ISO 8601) against the epoch nsupdate
# finished at
awk -f bench/trace-ms.awk "$T/trace" | sort -n >"$T/lat"
cnt=$(wc -l <"$T/lat")
[ "$cnt" -ge "$n" ] || fail "only $cnt of $n transactions traced"
# shellcheck disable=SC2046 # the figures
set -- $(awk -f bench/percentiles.awk "$T/lat")
printf 'latency commit -> applied over %d transactions (ms): p50 %s  p95 %s  p99 %s  max %s  mean %s\n' "$@"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
