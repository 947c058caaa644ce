#!/bin/sh
# Latency and cost of pg2dns on a database that does other work.  Starts
# a private PostgreSQL (with wal2nsupdate) and named as the tests do and
# "pg2dns run"; commits one single-row DNS transaction every 0.2 s in
# three phases of BENCH_PHASE_SECONDS (20) each:
#
#   quiet   nothing else
#   busy    another table (leases) takes 2,000-row inserts in a loop
#   open    the same, plus an unrelated transaction left open all along
#
# and prints for each: p50 and max commit-to-DNS latency (PG2DNS_TRACE),
# the CPU seconds of the walsender that decodes for the driver, and how
# far the slot's restart_lsn and confirmed_flush_lsn trail the WAL at
# the end of the phase.
#
#   sh bench/phases.sh      (from the top of the tree, after make and
#                           make -C plugin; as root or the servers' user)
#
# Not part of make check: the figures depend on the machine.

cd "$(dirname "$0")/.." || exit 2
. tests/lib/common.sh
. tests/lib/named.sh
. tests/lib/pg.sh
. tests/lib/pg2dns.sh

secs=${BENCH_PHASE_SECONDS:-20}
n=$((secs * 5))
tick=$(getconf CLK_TCK)

pg2dns_setup
echo "PG2DNS_TRACE=$T/trace" >>"$PG2DNS_CONFIG"
psql -Xq -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || fail "leases"
CREATE TABLE leases (id bigserial PRIMARY KEY, mac text, t timestamptz DEFAULT now());
-- 2,000 rows a transaction, until cancelled
CREATE PROCEDURE churn() LANGUAGE plpgsql AS $$
BEGIN
	LOOP
		INSERT INTO leases (mac) SELECT '00:00:5e:00:53:' || i % 100
		  FROM generate_series(1, 2000) i;
		COMMIT;
	END LOOP;
END $$;
SQL
pg2dns_start
insert warmup.example.com. A 192.0.2.1
wait_dns warmup.example.com A 192.0.2.1

# CPU seconds (user + system) of the walsender streaming the slot
walsender_cpu() {
	_p=$(psql -XAtq -c "SELECT active_pid FROM pg_replication_slots WHERE slot_name = 'pg2dns'")
	[ -n "$_p" ] && [ -r "/proc/$_p/stat" ] || { echo "$_p -"; return; }
	sed 's/^.*) //' "/proc/$_p/stat" | awk -v p="$_p" -v hz="$tick" \
		'{ printf "%s %.2f\n", p, ($12 + $13) / hz }'
}
# stop the background sessions that application name $1 marks
end_sessions() {
	psql -XAtq -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '$1'" >/dev/null
}
at_exit 'end_sessions churn; end_sessions opentx'

phase() {
	_name=$1 _bg=
	case $_name in
	busy|open)
		PGAPPNAME=churn psql -Xq -c "CALL churn()" >/dev/null 2>&1 &
		_bg=$! ;;
	esac
	case $_name in
	open)	PGAPPNAME=opentx psql -Xq -c "BEGIN; INSERT INTO leases (mac) VALUES ('open'); SELECT pg_sleep(86400)" \
			>/dev/null 2>&1 &
		_bg="$_bg $!"
		sleep 0.5 ;;
	esac
	sleep 1
	: >"$T/trace"
	# shellcheck disable=SC2046 # a pid and its CPU seconds
	set -- $(walsender_cpu)
	_pid0=$1 _cpu0=$2
	awk -v n="$n" -v ph="$_name" 'BEGIN {
		print "SELECT now() + interval \x27200 ms\x27 AS t0 \\gset"
		for (i = 0; i < n; i++) {
			printf "SELECT pg_sleep_until(:\x27t0\x27::timestamptz + interval \x27200 ms\x27 * %d);\n", i
			printf "INSERT INTO dns.rr (zone, owner, type, rdata) VALUES (\x27example.com\x27, \x27%s%d.example.com.\x27, \x27A\x27, \x27192.0.2.%d\x27);\n", ph, i, i % 250 + 1
		}
	}' >"$T/dns.sql"
	psql -Xq -v ON_ERROR_STOP=1 -f "$T/dns.sql" >/dev/null || fail "workload"
	wait_dns "$_name$((n - 1)).example.com" A "192.0.2.$(((n - 1) % 250 + 1))" 60
	sleep 0.5
	# shellcheck disable=SC2046 # a pid and its CPU seconds
	set -- $(walsender_cpu)
	_cpu="-"
	[ "$1" != "$_pid0" ] || [ "$2" = - ] || _cpu=$(awk "BEGIN { printf \"%.2f\", $2 - $_cpu0 }")
	_lags=$(psql -XAtq -F ' ' -c "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn),
		pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)
		FROM pg_replication_slots WHERE slot_name = 'pg2dns'")
	end_sessions churn
	end_sessions opentx
	# shellcheck disable=SC2086 # pids
	[ -z "$_bg" ] || wait $_bg
	# shellcheck disable=SC2046 # the figures
	set -- $(awk -f bench/trace-ms.awk "$T/trace" | sort -n | awk -f bench/percentiles.awk)
	[ "$1" -ge "$n" ] || fail "$_name: only $1 of $n transactions traced"
	echo "phase $_name: $1 transactions in $secs s; p50 $2 ms, max $5 ms;" \
		"walsender CPU $_cpu s; restart_lsn and confirmed_flush_lsn behind the WAL: $_lags bytes"
}
phase quiet
phase busy
phase open
pg2dns_stop
