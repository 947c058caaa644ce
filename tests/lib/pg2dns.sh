# Shared by the pg2dns tests (tests/real/*-pg2dns-*.sh, 26, 59, bench);
# sourced by POSIX sh after tests/lib/common.sh, named.sh and pg.sh,
# from the top of the tree.
#
#   pg2dns_setup          skip unless PostgreSQL, the plugin and txsplit
#                         are there; start named (or, with
#                         PG2DNS_TEST_SERVER=knot or pdns, that server:
#                         tests/lib/knot.sh, pdns.sh) and PostgreSQL; create
#                         dns.rr (plugin/schema.sql), the served zones
#                         in dns.zone; write a pg2dns
#                         config ($PG2DNS_CONFIG) with its state in
#                         $T/state; pg2dns init.  $T is a new directory.
#   pg2dns_skip_unless_built   skip unless PostgreSQL, the plugin, txsplit
#                         and pg2dns-run are there; put pg2dns/ and the
#                         tree first on PATH
#   pg2dns_configure      what pg2dns_setup does once the servers run,
#                         for a test that starts its own PostgreSQL
#                         (PGHOST and the rest exported): dns.rr, the
#                         config, pg2dns init
#   pg2dns_schema         dns.rr (plugin/schema.sql) and the served zones,
#                         in the database the environment names
#   pg2dns_start          start "pg2dns run" in the background, its log
#                         appended to $T/log; PG2DNS_PID; stopped at exit
#   pg2dns_stop           SIGTERM, and wait (fail after 20 s)
#   register_zones ZONE ...   the zones in dns.zone (class IN)
#   insert OWNER TYPE RDATA [TTL]    one row in dns.rr, its own
#                         transaction; the zone is the served zone that
#                         OWNER is in
#   dns NAME TYPE         what named answers, dig +short, sorted
#   applied               the position in $T/state/applied
#   wait_status RC        wait until pg2dns status exits RC (1 failing, 0
#                         running or paused; 10 s), its output in
#                         $T/status, else fail showing it
#   allow_updates ZONE yes|no   change named's update policy for ZONE
#                         and restart it
#   verify_exits RC [ARG ...]   pg2dns verify ARG ..., its repair script
#                         in $T/repair and its messages in
#                         $T/verify.err; fail showing both unless it
#                         exits RC
#   workload TAG N        N transactions, through psql as the environment
#                         points it: inserts of TAG-I.example.com, and
#                         every fifth an UPDATE with an insert into
#                         example.net in one transaction, every seventh
#                         a DELETE
#   wait_dns NAME TYPE VALUE [SECONDS]
#                         wait until dns NAME TYPE prints VALUE (default
#                         15 s), else fail showing the driver's log
#   resyncs               how many resyncs $T/log says have finished
#   wait_resynced N WHAT  wait (30 s) until more than N have and none is
#                         under way (STATE/resync), else fail: "no
#                         resync WHAT"

pg2dns_setup() {
	pg2dns_skip_unless_built
	new_tmpdir T
	"${PG2DNS_TEST_SERVER:-named}_start"
	pg_start
	pg2dns_configure
}

pg2dns_skip_unless_built() {
	pg_skip_unless_available
	[ -f plugin/wal2nsupdate.so ] ||
		skip "plugin/wal2nsupdate.so not built (make -C plugin)"
	[ -x txsplit ] || skip "txsplit not built (make)"
	[ -x pg2dns/pg2dns-run ] || skip "pg2dns/pg2dns-run not built (make)"
	PATH=$(pwd)/pg2dns:$(pwd):$PATH
	export PATH
}

pg2dns_configure() {
	pg2dns_schema
	cat >"$T/pg2dns.conf" <<CONF
PG2DNS_STATE=$T/state
PG2DNS_SLOT=pg2dns
PG2DNS_OPTIONS="tables=dns.rr"
PG2DNS_SERVER=127.0.0.1
PG2DNS_PORT=$NAMED_PORT
PG2DNS_KEYFILE=$NAMED_KEYFILE
PG2DNS_BACKOFF_MIN=0.1
PG2DNS_BACKOFF_MAX=${PG2DNS_TEST_BACKOFF_MAX:-1}
PG2DNS_NSUPDATE_OPTS="-t 5 -u 1 -r 2"
PG2DNS_VERIFY_IGNORE="@:NS ns.example.com.:A sub.example.com.:NS"
CONF
	PG2DNS_CONFIG=$T/pg2dns.conf
	export PG2DNS_CONFIG
	pg2dns init 2>>"$T/log" || { cat "$T/log"; fail "pg2dns init"; }
	PG2DNS_PID=
	at_exit pg2dns_stop
}

pg2dns_schema() {
	if [ -f plugin/schema.sql ]
	then
		psql -Xq -v ON_ERROR_STOP=1 -f plugin/schema.sql >/dev/null ||
			fail "plugin/schema.sql"
		# shellcheck disable=SC2086 # a list of zones
		register_zones ${NAMED_ZONES_SERVED:-$NAMED_ZONES}
	else
		psql -Xq -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || fail "schema"
CREATE SCHEMA dns;
CREATE TABLE dns.rr (
	id	bigserial PRIMARY KEY,
	zone	text NOT NULL,
	owner	text NOT NULL,
	ttl	integer,
	class	text NOT NULL DEFAULT 'IN',
	type	text NOT NULL,
	rdata	text NOT NULL
);
ALTER TABLE dns.rr REPLICA IDENTITY FULL;
SQL
	fi
}

pg2dns_start() {
	pg2dns run 2>>"$T/log" &
	PG2DNS_PID=$!
}

pg2dns_stop() {
	[ -n "$PG2DNS_PID" ] || return 0
	kill -TERM "$PG2DNS_PID" 2>/dev/null
	_n=0
	while kill -0 "$PG2DNS_PID" 2>/dev/null
	do
		_n=$((_n + 1))
		if [ $_n -ge 200 ]
		then
			kill -KILL "$PG2DNS_PID"
			PG2DNS_PID=
			fail "pg2dns did not stop within 20 s of SIGTERM"
		fi
		sleep 0.1
	done
	wait "$PG2DNS_PID"
	_rc=$?
	PG2DNS_PID=
	# 127: called from an at_exit handler, which runs in a subshell
	# that cannot wait for the driver
	[ $_rc -eq 0 ] || [ $_rc -eq 127 ] ||
		fail "pg2dns run exited $_rc after SIGTERM"
}

verify_exits() {
	_want=$1
	shift
	pg2dns verify "$@" >"$T/repair" 2>"$T/verify.err"
	_rc=$?
	[ $_rc -eq "$_want" ] || {
		cat "$T/verify.err" "$T/repair"
		fail "pg2dns verify $* exited $_rc, want $_want"
	}
}

resyncs() { grep -c resynchronised "$T/log"; }

wait_resynced() {
	_end=$(($(date +%s) + 30))
	until [ "$(resyncs)" -gt "$1" ] && [ ! -e "$T/state/resync" ]
	do
		[ "$(date +%s)" -lt $_end ] || fail "no resync $2: $(tail -5 "$T/log")"
		sleep 0.1
	done
}

wait_status() {
	_n=0
	until pg2dns status >"$T/status" 2>&1; [ $? -eq "$1" ]
	do
		_n=$((_n + 1))
		if [ $_n -ge 100 ]
		then
			cat "$T/status"
			tail -20 "$T/log"
			fail "pg2dns status never exited $1"
		fi
		sleep 0.1
	done
}

# failover_slot_made WHO: the slot pg2dns that WHO (init, resync) made
# is a failover slot on PostgreSQL 17 and later, and pg2dns status says
# whether it is one (on 15 it cannot be)
failover_slot_made() {
	_v=$(psql -XAtq -c 'SHOW server_version_num') || fail "server version"
	_f=$(psql -XAtq -c "SELECT to_jsonb(s)->>'failover' FROM pg_replication_slots s WHERE slot_name = 'pg2dns'")
	pg2dns status >"$T/status.failover" 2>&1
	if [ "$_v" -ge 170000 ]
	then
		[ "$_f" = true ] || fail "$1 made no failover slot on PostgreSQL $_v: failover '$_f'"
		_says='failover slot: yes, synced on a standby: unknown (asked on the primary)'
	else
		_says="failover slot: no (PostgreSQL $((_v / 10000)) has none)"
	fi
	grep -qxF "$_says" "$T/status.failover" ||
		fail "after $1, status does not say \"$_says\": $(cat "$T/status.failover")"
}

# the served zone NAME is in (longest match)
zone_of() {
	_best=
	for _z in $NAMED_ZONES_SERVED
	do
		case .$1 in
		*."$_z".)
			[ ${#_z} -le ${#_best} ] || _best=$_z ;;
		esac
	done
	echo "$_best"
}

sqlq() { printf '%s' "$1" | sed "s/'/''/g"; }

register_zones() {
	for _z
	do
		printf "INSERT INTO dns.zone (name) VALUES ('%s');\n" "$(sqlq "$_z")"
	done | psql -Xq -v ON_ERROR_STOP=1 || fail "register_zones $*"
}

insert() {
	_z=$(zone_of "$1")
	psql -Xq -v ON_ERROR_STOP=1 -c "INSERT INTO dns.rr
		(zone, owner, ttl, type, rdata) VALUES ('$_z', '$(sqlq "$1")',
		${4:-NULL}, '$2', '$(sqlq "$3")')" || fail "insert $*"
}

applied() { read -r _a _ <"$T/state/applied" && echo "$_a"; }

dns() {
	dig @127.0.0.1 -p "$NAMED_PORT" +short +time=2 +tries=2 "$1" "$2" |
		LC_ALL=C sort
}

workload() {
	awk -v tag="$1" -v n="$2" 'BEGIN {
		q = "\047"
		for (i = 1; i <= n; i++) {
			printf "INSERT INTO dns.rr (zone, owner, type, rdata) VALUES (%sexample.com%s, %s%s-%d.example.com.%s, %sA%s, %s192.0.2.%d%s);\n",
				q, q, q, tag, i, q, q, q, q, i % 250 + 1, q
			if (i % 5 == 0)
				printf "BEGIN; UPDATE dns.rr SET rdata = %s198.51.100.%d%s WHERE owner = %s%s-%d.example.com.%s; INSERT INTO dns.rr (zone, owner, type, rdata) VALUES (%sexample.net%s, %s%s-%d.example.net.%s, %sTXT%s, %s%s %d%s); COMMIT;\n",
					q, i % 250 + 1, q, q, tag, i - 1, q, q, q, q, tag, i, q, q, q, q, tag, i, q
			if (i % 7 == 0)
				printf "DELETE FROM dns.rr WHERE owner = %s%s-%d.example.com.%s;\n",
					q, tag, i - 3, q
		}
	}' | psql -Xq -v ON_ERROR_STOP=1 >/dev/null || fail "workload $1"
}

wait_dns() {
	_n=0 _max=$(( ${4:-15} * 10 ))
	until [ "$(dns "$1" "$2")" = "$3" ]
	do
		_n=$((_n + 1))
		if [ $_n -ge $_max ]
		then
			tail -20 "$T/log"
			fail "$1 $2 is '$(dns "$1" "$2")', not '$3', after ${4:-15} s"
		fi
		sleep 0.1
	done
}

# allow_updates ZONE yes|no: named restarts with the same port, zones
# and journals
allow_updates() {
	case $2 in
	yes)	_acl='key txkey;' ;;
	*)	_acl='none;' ;;
	esac
	perl -0pi -e 's/(zone "\Q'"$1"'\E" \{.*?allow-update \{ ).*?( \};)/$1'"$_acl"'$2/s' \
		"$NAMED_DIR/named.conf" || fail "perl"
	grep -A4 "zone \"$1\"" "$NAMED_DIR/named.conf" | grep -qF "allow-update { $_acl }" ||
		fail "could not change named.conf"
	named_restart
}

