# What the engine's golden tests (tests/engine-*.sh) share, sourced by
# POSIX sh in tests/ (tests/run-golden runs them there, with the engine
# as $PG2DNS_RUN): a temporary directory $T, the stand-ins of
# tests/stand-in first on the PATH, the stream written by tx, the engine
# run in the background, and its log without what changes from run to
# run (times, pids, $T).  No server is needed: nsupdate is a stand-in,
# and the stream is replayed from a file.

: "${PG2DNS_RUN:?is the engine to test (tests/run-golden sets it)}"
T=$(mktemp -d) || exit 2
engine=
trap 'engine_kill; rm -rf "$T"' EXIT
STANDIN_DIR=$T/dns
STANDIN_TXSPLIT=$(command -v txsplit) || exit 2
PATH=$(pwd)/stand-in:$PATH
mkdir "$STANDIN_DIR" "$T/state" || exit 2
# the engine's settings, whatever the environment had
PG2DNS_STATE=$T/state
PG2DNS_SERVER=127.0.0.1 PG2DNS_PORT=53 PG2DNS_KEYFILE='' PG2DNS_ZONES=''
PG2DNS_NSUPDATE_OPTS='' PG2DNS_TXSPLIT_OPTS='' PG2DNS_TRACE=''
PG2DNS_BACKOFF_MIN=${PG2DNS_BACKOFF_MIN:-0.1} PG2DNS_BACKOFF_MAX=30
PG2DNS_TIMEOUT=${PG2DNS_TIMEOUT:-60} PG2DNS_CHECKPOINT=0.1
export STANDIN_DIR STANDIN_TXSPLIT PATH PG2DNS_STATE PG2DNS_SERVER \
	PG2DNS_PORT PG2DNS_KEYFILE PG2DNS_ZONES PG2DNS_NSUPDATE_OPTS \
	PG2DNS_TXSPLIT_OPTS PG2DNS_TRACE PG2DNS_BACKOFF_MIN \
	PG2DNS_BACKOFF_MAX PG2DNS_TIMEOUT PG2DNS_CHECKPOINT

# tx XID LSN LABEL: a transaction of $T/stream that adds an A record at
# LABEL.example.com
tx() {
	printf 'BEGIN %s\nzone example.com\nupdate add %s.example.com 60 A 192.0.2.1\nCOMMIT %s %s 2026-12-01T10:00:00Z\n' \
		"$1" "$3" "$1" "$2" >>"$T/stream"
}

# ztx XID LSN NAME...: a transaction of $T/stream that adds an A record
# at each NAME, in the zone that is NAME less its first label
ztx() {
	_x=$1 _l=$2
	shift 2
	{
		echo "BEGIN $_x"
		for _n
		do
			printf 'zone %s\nupdate add %s 60 A 192.0.2.1\n' \
				"${_n#*.}" "$_n"
		done
		echo "COMMIT $_x $_l 2026-12-01T10:00:00Z"
	} >>"$T/stream"
}

# big_tx XID LSN FIRST LAST: a transaction of $T/stream larger than the
# engine's SPOOL_AT (1 MiB): 25 TXT records of 51,000 octets, each a
# message of its own, at FIRST.example.com, big2 to big24, and
# LAST.example.com
big_tx() {
	awk -v xid="$1" -v lsn="$2" -v first="$3" -v last="$4" 'BEGIN {
		s = sprintf("%255s", ""); gsub(/ /, "x", s)
		r = ""; for (i = 0; i < 200; i++) r = r " \"" s "\""
		print "BEGIN " xid; print "zone example.com"
		print "update add " first ".example.com 60 TXT" r
		for (i = 2; i < 25; i++)
			print "update add big" i ".example.com 60 TXT" r
		print "update add " last ".example.com 60 TXT" r
		print "COMMIT " xid " " lsn " 2026-12-01T10:00:00Z"
	}' >>"$T/stream"
}

# engine_start ARG...: pg2dns-run ARG..., in the background; killed
# after 120 s, so that a test of an engine that hangs fails instead of
# hanging (timeout passes a SIGTERM on to the engine, and to it alone)
engine_start() {
	# shellcheck disable=SC2086 # PG2DNS_RUN may be a wrapper and its words
	timeout --foreground -s KILL 120 $PG2DNS_RUN "$@" 2>>"$T/log" &
	engine=$!
}

# no_postgresql: libpq's settings point at no server
no_postgresql() {
	unset PGHOSTADDR PGSERVICE
	PGHOST=$T/nosocket PGPORT=5432 PGDATABASE=ipam
	export PGHOST PGPORT PGDATABASE
}

# engine_cmd ARG...: pg2dns-run ARG..., in the foreground: what it
# prints, steady (and its pids as PID), then its exit status; its log
# goes with the others
engine_cmd() {
	# shellcheck disable=SC2086 # PG2DNS_RUN may be a wrapper and its words
	$PG2DNS_RUN "$@" >"$T/out" 2>>"$T/log"
	set -- $?
	steady "$T/out" | sed -e 's/since [0-9T:Z-]*/since TIME/' \
		-e 's/^last error: [0-9T:Z-]* /last error: TIME /' \
		-e 's/^STATE_PID=[0-9][0-9]*$/STATE_PID=PID/'
	echo "exit $1"
}

# engine_replay: pg2dns-run replay $T/applied $T/stream
engine_replay() {
	engine_start replay "$T/applied" "$T/stream"
}

# engine_wait: until it exits; its exit status on the standard output
engine_wait() {
	wait "$engine"
	echo "exit $?"
	engine=
}

# engine_stop: SIGTERM, and engine_wait
engine_stop() {
	kill -TERM "$engine"
	engine_wait
}

# engine_kill9: SIGKILL to pg2dns-run (timeout's child), and wait (not
# saying Killed)
engine_kill9() {
	kill -KILL "$(pgrep -P "$engine")"
	wait "$engine" 2>/dev/null
	engine=
}

# killed_while_slow: a replay of an insert at stop.example.com, killed
# (SIGKILL) while its nsupdate is stopped, or slow, before it acts on it
# (the stand-in's stop); what became of that nsupdate, whose pid is
# $old; then the row's delete on the stream
killed_while_slow() {
	tx 1 0/10 stop
	engine_replay
	wait_for . "$STANDIN_DIR/stopped"
	old=$(cat "$STANDIN_DIR/stopped")
	sleep 0.2
	engine_kill9
	sleep 0.2
	echo "the first nsupdate, once the driver is killed: $(process "$old")"
	printf 'BEGIN 2\nzone example.com\nupdate delete stop.example.com A\nCOMMIT 2 0/20 2026-12-01T10:00:01Z\n' >>"$T/stream"
}

# engine_kill: when a test ends before its engine
engine_kill() {
	[ -z "$engine" ] || kill -TERM "$engine" 2>/dev/null
}

# wait_for PATTERN [FILE]: until FILE (the engine's log) has a line
# that matches, or 20 s; then the test fails for want of it
wait_for() {
	i=0
	while ! grep -q "$1" "${2:-$T/log}" 2>/dev/null && [ $i -lt 400 ]
	do
		sleep 0.05
		i=$((i + 1))
	done
	grep -q "$1" "${2:-$T/log}" 2>/dev/null ||
		echo "timed out waiting for $1" >&2
}

# what the stand-in nsupdate did, then the applied position
dns_log() {
	cat "$STANDIN_DIR/log"
	[ ! -f "$T/applied" ] || echo "applied: $(cat "$T/applied")"
}

# the stand-in's zone: its owner names
dns_zone() {
	echo "zone:"
	sort "$STANDIN_DIR/zone" 2>/dev/null
}

# process PID: alive, or gone (a zombie is: it can send nothing)
process() {
	case $(ps -o stat= -p "$1") in
	''|Z*) echo gone ;;
	*) echo alive ;;
	esac
}

# process_gone PID: until process PID is gone, or 20 s
process_gone() {
	i=0
	while [ "$(process "$1")" != gone ] && [ $i -lt 400 ]
	do
		sleep 0.05
		i=$((i + 1))
	done
}

# steady FILE...: FILE without times, pids, $T, and what libpq adds to
# its "connection ... failed"
steady() {
	sed -e 's/^[0-9-]*T[0-9:]*Z pg2dns\[[0-9]*\]: /pg2dns: /' \
		-e 's/process [0-9][0-9]*/process PID/' \
		-e 's/^[0-9-]*T[0-9:]*Z /TIME /' -e 's/^since=.*/since=TIME/' \
		-e 's/\(connection to server .* failed\): .*/\1: .../' \
		-e "s|$T/|T/|g" "$@"
}

# the engine's log, steady, on the standard error; a line repeated by
# retries once
engine_log() {
	steady "$T/log" | uniq >&2
}
