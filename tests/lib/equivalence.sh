# The equivalence test's machinery (sourced by POSIX sh, after
# tests/lib/common.sh and the library of the server under test): a
# stream from tests/gen-stream, and its changes sent one per message as
# the reference, each applied to a fresh server and compared by AXFR.
#
# The test defines, for its server:
#   srv_start [unsigned]   start a fresh one (new directory, fresh zones
#                          $NAMED_ZONES, TSIG key txkey; with unsigned,
#                          also taking unsigned updates from 127.0.0.1),
#                          setting NAMED_PORT and NAMED_KEYFILE for
#                          nsupdate_local and named_axfr_nosoa
#   srv_stop               stop it and wait until it has gone
#   srv_log                print the file where it logs
#   srv_restart            (optional, see EQ_RESTART) restart it on the
#                          same directory and port
# and then calls:
#   eq_generate SEED SIZES [gen-stream args]
#                          write $T/stream.txt, $T/stream-nozone.txt,
#                          $T/ref.txt and $T/zones.txt; set changes
#   apply NAME FILE [unsigned|perzone]
#                          send FILE with nsupdate to a fresh server (one
#                          nsupdate per zone at once with perzone), check
#                          nsupdate exits 0 and prints nothing, leave the
#                          zones, SOA left out, in $T/NAME.axfr; with
#                          EQ_RESTART=yes, the reference's zones must come
#                          back the same after srv_restart.  Returns 1,
#                          having said why, if anything is wrong.
#   split NAME INPUT signed|unsigned -- TXSPLIT-ARGS
#                          run txsplit, apply its output, compare with
#                          $T/reference.axfr; returns 1, having said why,
#                          if anything is wrong.  split_apply (the same
#                          arguments) is all but the comparison,
#                          split_compare NAME the comparison.
#   eq_background NAME FUNCTION ARGS...
#                          FUNCTION ARGS (apply or split_apply) in a
#                          subshell of its own in the background, its
#                          output in $T/NAME.log; returns once its server
#                          answers (one server starts at a time: each has
#                          its port before the next one chooses).
#   eq_wait NAME           wait until it has finished, print its output;
#                          returns 1 if it failed.  A test waits for every
#                          one it started before it exits.
# The SOA is left out of the comparison: its serial counts messages.

command -v txsplit >/dev/null 2>&1 || fail "txsplit not built (run make)"

new_tmpdir T
now() { date +%s.%N; }
elapsed() { perl -e 'printf "%.1f", $ARGV[1] - $ARGV[0]' "$1" "$(now)"; }

eq_generate() {
	_seed=$1 _sizes=$2
	shift 2
	perl tests/gen-stream -s "$_seed" -n "$_sizes" -u -r "$T/ref.txt" "$@" \
		>"$T/stream.txt" 2>"$T/gen.err" ||
		{ cat "$T/gen.err"; fail "gen-stream"; }
	cat "$T/gen.err"
	grep -v '^zone ' "$T/stream.txt" >"$T/stream-nozone.txt"
	# shellcheck disable=SC2086 # one zone a line
	printf '%s\n' $NAMED_ZONES >"$T/zones.txt"
	# shellcheck disable=SC2034 # for the test
	changes=$(grep -c '^send$' "$T/ref.txt")
}

_eq_axfr() {
	for _z in $NAMED_ZONES
	do
		named_axfr_nosoa "$_z" || echo "FAIL: $1: AXFR of $_z failed"
	done
}

apply() {
	if [ "${3:-}" = unsigned ]
	then srv_start unsigned
	else srv_start
	fi
	[ -z "${EQ_STARTED:-}" ] || : >"$EQ_STARTED"
	_t0=$(now)
	if [ "${3:-}" = unsigned ]
	then
		{ echo "server 127.0.0.1 $NAMED_PORT"; cat "$2"; } |
			nsupdate >"$T/$1.nsupdate" 2>&1
		_rc=$?
	elif [ "${3:-}" = perzone ]
	then
		# Zones are independent, so one nsupdate per zone, at once,
		# each keeping its zone's order: the one-per-message reference
		# is the slow part of the test.
		_pids=
		for _z in $NAMED_ZONES
		do
			awk -v z="$_z" '/^zone / { keep = ($2 == z) } keep' "$2" |
				nsupdate_local >"$T/$1.$_z.nsupdate" 2>&1 &
			_pids="$_pids $!"
		done
		_rc=0
		for _p in $_pids
		do wait "$_p" || _rc=$?
		done
		cat "$T/$1".*.nsupdate >"$T/$1.nsupdate"
	else
		nsupdate_local <"$2" >"$T/$1.nsupdate" 2>&1
		_rc=$?
	fi
	_took=$(elapsed "$_t0")
	messages=$(grep -c '^send$' "$2")
	echo "  $1: $messages messages, nsupdate took ${_took}s"
	if [ $_rc -ne 0 ] || [ -s "$T/$1.nsupdate" ]
	then
		sed 's/^/    nsupdate: /' "$T/$1.nsupdate" | head -10
		grep -iE 'update (failed|unsuccessful)|prerequisite not|DDNS.*(fail|error)' \
			"$(srv_log)" | head -10
		# nsupdate could not reach it: why the server went away
		grep -q 'failed: connection refused' "$T/$1.nsupdate" &&
			tail -n 20 "$(srv_log)" | sed 's/^/    server log: /'
		echo "FAIL: $1: nsupdate exited $_rc or complained (above)"
		srv_stop
		return 1
	fi
	_eq_axfr "$1" >"$T/$1.axfr"
	if [ "$1" = reference ] && [ "${EQ_RESTART:-}" = yes ]
	then
		# the restart must bring the same zones back (from the zone
		# files and journals): later tests rely on it.
		srv_restart
		_eq_axfr "$1" >"$T/restarted.axfr"
		if ! cmp -s "$T/$1.axfr" "$T/restarted.axfr"
		then
			diff -u "$T/$1.axfr" "$T/restarted.axfr" | head -20
			echo "FAIL: the restart lost data (above)" >>"$T/$1.axfr"
		else
			echo "  restart: same zones after a restart"
		fi
	fi
	srv_stop
	if grep -q '^FAIL' "$T/$1.axfr"
	then
		grep '^FAIL' "$T/$1.axfr"
		return 1
	fi
	# named's private signing-state records would mean a DNSKEY set
	# off automatic signing, which runs on its own time: not comparable.
	if grep -q ' TYPE65534 ' "$T/$1.axfr"
	then
		echo "FAIL: $1: the server started signing (TYPE65534 records)"
		return 1
	fi
}

split_apply() {
	_name=$1 _in=$2 _uns=$3
	shift 4
	txsplit "$@" "$_in" >"$T/$_name.txt" 2>"$T/$_name.err"
	_rc=$?
	# Warnings (a change too big to travel with its neighbours, say)
	# are allowed and counted; anything else on standard error is not.
	if [ $_rc -ne 0 ] || grep -qv ': warning: ' "$T/$_name.err"
	then
		sed 's/^/    /' "$T/$_name.err" | head -10
		echo "FAIL: $_name: txsplit $* exited $_rc or complained (above)"
		return 1
	fi
	_w=$(grep -c ': warning: ' "$T/$_name.err")
	if [ "$_w" -gt 0 ]
	then
		echo "  $_name: txsplit gave $_w warnings, the first:"
		sed -n '1s/^/    /p' "$T/$_name.err"
	fi
	[ "$_uns" = unsigned ] || _uns=
	apply "$_name" "$T/$_name.txt" ${_uns:+"$_uns"}
}

split_compare() {
	if ! cmp -s "$T/reference.axfr" "$T/$1.axfr"
	then
		diff -u "$T/reference.axfr" "$T/$1.axfr" | head -40
		echo "FAIL: $1: zones differ from one change per message (above)"
		return 1
	fi
	echo "  $1: zones identical to the reference"
}

split() {
	split_apply "$@" && split_compare "$1"
}

eq_background() {
	_name=$1
	shift
	rm -f "$T/$_name.started"
	(
		# a subshell's traps are reset: its own cleanups, at its end
		_at_exit_cmds=
		trap _run_at_exit EXIT
		trap 'exit 143' TERM
		trap 'exit 130' INT
		EQ_STARTED=$T/$_name.started
		"$@"
	) >"$T/$_name.log" 2>&1 &
	echo $! >"$T/$_name.pid"
	until [ -e "$T/$_name.started" ] || ! kill -0 $! 2>/dev/null
	do
		sleep 0.1
	done
}

eq_wait() {
	read -r _pid <"$T/$1.pid"
	wait "$_pid"
	_rc=$?
	cat "$T/$1.log"
	[ $_rc -eq 0 ]
}
