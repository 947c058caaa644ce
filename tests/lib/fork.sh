# The failover hazard of asynchronous replication, shared by the tests
# that stage it (tests/real/54 with Patroni, 55 and 56 with a plain
# standby, 57 with PostgreSQL 17's failover slots); sourced after
# tests/lib/pg2dns.sh (and standby.sh for the plain standby).  psql
# reaches whichever server accepts writes (the environment).
#
#   fork_setup           pg2dns_setup, a standby with a physical slot
#                        (sb_create), and the environment's address both
#                        servers, read-write (PG_PORT: the primary's port)
#   single PORT CMD ...  CMD with PGPORT=PORT alone (a server started
#                        takes PGPORT as its port), then the
#                        environment's again
#   fork_copy_slot       once the slot needs no WAL the standby lacks,
#                        the standby stopped, and pg2dns's slot copied
#                        to it with its decoding snapshots, as
#                        Patroni keeps a copy there
#   fork_lost            with the standby receiving nothing: transactions
#                        pg2dns applies that the standby never gets (60,
#                        then several MB of WAL and lost-last); sets
#                        FORK_APPLIED, pg2dns's applied position after
#                        them
#   fork_new_timeline    on the promoted standby: checks that it lacks
#                        them and that its timeline (FORK_TL) forked
#                        (at FORK_LSN) before FORK_APPLIED; then 80
#                        transactions at positions below FORK_APPLIED,
#                        WAL past it, and new-last
#   fork_outcome         wait (30 s) until pg2dns holds or new-last is in
#                        the DNS; fail if pg2dns went on from
#                        FORK_APPLIED (the DNS then lacks the new
#                        transactions and keeps the lost ones); sets
#                        FORK_OUTCOME to held (status names pg2dns
#                        resync) or repaired (it resynchronised by
#                        itself, and verify finds nothing)
#   steady_start         a steady writer: one row a transaction,
#                        steady-I.example.com A 192.0.2.9, through the
#                        environment's address (whichever server takes
#                        writes), each logged in $T/writer as "I PORT",
#                        the port of the server that took it; stopped at
#                        exit
#   steady_stop          stop it; STEADY_LAST: the last row it wrote
#   writes_on PORT       the lines of $T/writer that PORT took
#   wait_writes_on PORT N   wait (60 s) until PORT has taken N rows

fork_setup() {
	pg2dns_setup
	sb_create standby
	# the driver streams from the standby once promoted: it stops first
	at_exit pg2dns_stop
	# shellcheck disable=SC2034 # for the tests
	PG_PORT=$PGPORT
	PGHOST=127.0.0.1,127.0.0.1
	PGPORT=$PGPORT,$SB_PORT
	PGTARGETSESSIONATTRS=read-write
	PGCONNECT_TIMEOUT=2
	export PGHOST PGPORT PGTARGETSESSIONATTRS PGCONNECT_TIMEOUT
}

# not in a subshell: what CMD records (pg_start's server running, to be
# stopped at exit) stays recorded
single() {
	_single_was=$PGPORT
	PGPORT=$1
	shift
	"$@"
	_single_rc=$?
	PGPORT=$_single_was
	return $_single_rc
}

fork_copy_slot() {
	# the copy must need no WAL from before the standby's first segment
	# (the standby keeps what it has: wal_keep_size, tests/lib/standby.sh):
	# a checkpoint logs the running transactions, which lets the slot's
	# restart_lsn move on once pg2dns confirms past them
	_first=$(sb_psql -c "SELECT min(substr(name, 9)) FROM pg_ls_waldir() WHERE name ~ '^[0-9A-F]{24}\$'")
	_end=$(($(date +%s) + 60))
	until psql -Xq -c CHECKPOINT &&
		[ "$(psql -XAtq -c "SELECT substr(pg_walfile_name(restart_lsn), 9) >= '$_first' FROM pg_replication_slots WHERE slot_name = 'pg2dns'")" = t ]
	do
		[ "$(date +%s)" -lt $_end ] ||
			fail "the slot's restart_lsn does not reach the standby's WAL ($_first)"
		sleep 0.5
	done
	# the slot's file holds its state as of the last checkpoint, which
	# may have come before the restart_lsn just read: one more, which
	# the standby gets before it stops, so that the copy is confirmed
	# no further than the standby has (as Patroni keeps a copy)
	psql -Xq -c CHECKPOINT || fail "checkpoint"
	_has=$(psql -XAtq -c "SELECT pg_current_wal_lsn()")
	sb_caught_up
	sb_stop
	[ "$(psql -XAtq -c "SELECT confirmed_flush_lsn <= '$_has' FROM pg_replication_slots WHERE slot_name = 'pg2dns'")" = t ] ||
		fail "WAL was written as the standby stopped: the slot's copy would be confirmed past it"
	# with the decoding snapshots the primary wrote: without the one at
	# its restart_lsn, decoding there skips what commits before the next
	# logged running transactions
	cp -R "$PG_DATA/pg_replslot/pg2dns" "$SB_DATA/pg_replslot/" &&
		cp "$PG_DATA"/pg_logical/snapshots/*.snap "$SB_DATA/pg_logical/snapshots/" ||
		fail "copy of the slot"
	[ "$(id -u)" != 0 ] || chown -R postgres "$SB_DATA/pg_replslot" "$SB_DATA/pg_logical"
}

lsn_lt() {
	[ "$(psql -XAtq -c "SELECT '$1'::pg_lsn < '$2'::pg_lsn")" = t ]
}

_fork_filler() {
	psql -Xq -v ON_ERROR_STOP=1 -c "CREATE TABLE $1 AS SELECT g, repeat('x', 200) AS pad FROM generate_series(1, 40000) g" ||
		fail "filler $1"
}

fork_lost() {
	workload lost 60
	_fork_filler lost_filler
	_fork_end=$(psql -XAtq -c "SELECT pg_current_wal_lsn()")
	insert lost-last.example.com. A 192.0.2.200
	wait_dns lost-last.example.com A 192.0.2.200
	# recorded a little after it is in the DNS
	_end=$(($(date +%s) + 30))
	until FORK_APPLIED=$(applied) && lsn_lt "$_fork_end" "$FORK_APPLIED"
	do
		[ "$(date +%s)" -lt $_end ] ||
			fail "the applied position $FORK_APPLIED does not pass $_fork_end"
		sleep 0.1
	done
}

fork_new_timeline() {
	[ "$(psql -XAtq -c "SELECT count(*) FROM dns.rr WHERE owner LIKE 'lost-%'")" = 0 ] ||
		fail "the promoted standby has the lost transactions"
	FORK_TL=$(psql -XAtq -c "SELECT ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int")
	FORK_LSN=$(psql -XAtq -c "SELECT pg_read_file('pg_wal/' || lpad(upper(to_hex($FORK_TL)), 8, '0') || '.history')" |
		awk 'NF >= 2 { f = $2 } END { print f }')
	[ -n "$FORK_LSN" ] && lsn_lt "$FORK_LSN" "$FORK_APPLIED" ||
		fail "timeline $FORK_TL forked at '$FORK_LSN', not before $FORK_APPLIED: no hazard"
	workload new 80
	lsn_lt "$(psql -XAtq -c "SELECT pg_current_wal_lsn()")" "$FORK_APPLIED" ||
		fail "the new transactions are not below $FORK_APPLIED: the test would see nothing"
	_n=0
	until lsn_lt "$FORK_APPLIED" "$(psql -XAtq -c "SELECT pg_current_wal_lsn()")"
	do
		_n=$((_n + 1))
		[ $_n -lt 5 ] || fail "the WAL does not pass $FORK_APPLIED"
		_fork_filler "new_filler$_n"
	done
	insert new-last.example.com. A 192.0.2.201
}

# shellcheck disable=SC2034 # FORK_OUTCOME is for the test
fork_outcome() {
	_end=$(($(date +%s) + 30))
	until { pg2dns status >"$T/status" 2>&1; grep -q '^state: held' "$T/status"; } ||
		[ -n "$(dns new-last.example.com A)" ]
	do
		if [ "$(date +%s)" -ge $_end ]
		then
			cat "$T/status" >&2
			tail -20 "$T/log" >&2
			fail "pg2dns neither held nor applied the new timeline in 30 s"
		fi
		sleep 0.1
	done
	if grep -q '^state: held' "$T/status"
	then
		grep -q 'pg2dns resync' "$T/status" ||
			fail "held, but status names no resync: $(cat "$T/status")"
		FORK_OUTCOME=held
		return
	fi
	# a resync run began (PG2DNS_AUTO_RESYNC) puts new-last in the DNS
	# before it has checked its repair
	_end=$(($(date +%s) + 30))
	while [ -e "$T/state/resync" ]
	do
		[ "$(date +%s)" -lt $_end ] || fail "the resync did not finish in 30 s"
		sleep 0.1
	done
	pg2dns verify >"$T/repair" 2>"$T/verify.err" ||
		{ tail -3 "$T/verify.err"; fail "pg2dns went on from $FORK_APPLIED (applied on the old timeline) on timeline $FORK_TL, which forked at $FORK_LSN: the DNS differs from the table: $(grep -o '[0-9]* differences*: .*' "$T/verify.err" | tail -1)"; }
	grep -q resynchronising "$T/log" ||
		fail "no differences, but pg2dns did not resynchronise: the test saw nothing"
	[ -z "$(dns lost-last.example.com A)" ] ||
		fail "a lost transaction is still in the DNS"
	FORK_OUTCOME=repaired
}

steady_start() {
	(
		_i=0
		while [ ! -e "$T/stop" ]
		do
			_i=$((_i + 1))
			_port=$(psql -XAtq -c "INSERT INTO dns.rr (zone, owner, type, rdata)
				VALUES ('example.com', 'steady-$_i.example.com.', 'A', '192.0.2.9')
				RETURNING inet_server_port()" 2>/dev/null) &&
				echo "$_i $_port" >>"$T/writer"
			sleep 0.02
		done
	) &
	STEADY_PID=$!
	at_exit "touch '$T/stop'; wait $STEADY_PID 2>/dev/null"
}

# shellcheck disable=SC2034 # STEADY_LAST is for the test
steady_stop() {
	touch "$T/stop"
	wait "$STEADY_PID"
	STEADY_LAST=$(tail -1 "$T/writer" | cut -d' ' -f1)
}

writes_on() { awk -v p="$1" '$2 == p' "$T/writer" 2>/dev/null; }

wait_writes_on() {
	_n=0
	until [ "$(writes_on "$1" | wc -l)" -ge "$2" ]
	do
		_n=$((_n + 1))
		[ $_n -lt 600 ] || fail "the writer made no $2 rows on port $1 in 60 s"
		sleep 0.1
	done
}
