#!/bin/sh
# txsplit's output, sent by the real nsupdate to a real named,
# must leave every zone exactly as the same changes sent one change per
# message do.
#
# tests/gen-stream writes a reproducible random stream (every record type
# txsplit knows, long and odd names, TXT escapes, adds and the three
# kinds of delete, transactions of 1 to 10,000 changes over one to three
# zones, an unframed script at the end) and, alongside, a reference
# script sending its changes one per message.  For the reference and for
# each way of running txsplit below, a fresh named (new directory, fresh
# zones) receives the changes through nsupdate; then every zone is
# transferred and compared with the reference, SOA left out (its serial
# counts messages).  nsupdate must exit 0 and say nothing every time, and
# so must txsplit.
#
# The reference run also checks that named_restart (tests/lib/named.sh)
# brings the same zones back.
#
# Runs:  default budget; -b 16384; -b 4096; -b 1400; -b 1024 -t 0 (sent
# unsigned: that named also takes updates from 127.0.0.1 without a key,
# NAMED_ALLOW_UNSIGNED=yes); -z with every "zone" line taken out of the
# stream, so that txsplit finds each owner's zone itself.

. tests/lib/common.sh
. tests/lib/named.sh

command -v txsplit >/dev/null 2>&1 || fail "txsplit not built (run make)"

# Seed and sizes: about 14,000 changes, the 10,000-change transaction
# included.  One change per message runs at 500 to 1,000 messages a
# second here (one nsupdate per zone in parallel), so the reference takes
# 15 to 30 s; each split run takes a few seconds.  TXSPLIT_TEST_SEED
# picks another stream.
SEED=${TXSPLIT_TEST_SEED:-10}
SIZES=1-10x200,10-100x30,100-1000x3,10000

new_tmpdir T
now() { date +%s.%N; }
elapsed() { perl -e 'printf "%.1f", $ARGV[1] - $ARGV[0]' "$1" "$(now)"; }

perl tests/gen-stream -s "$SEED" -n "$SIZES" -u -r "$T/ref.txt" \
	>"$T/stream.txt" 2>"$T/gen.err" || { cat "$T/gen.err"; fail "gen-stream"; }
cat "$T/gen.err"
grep -v '^zone ' "$T/stream.txt" >"$T/stream-nozone.txt"
printf '%s\n' $NAMED_ZONES >"$T/zones.txt"
changes=$(grep -c '^send$' "$T/ref.txt")

# apply NAME FILE [unsigned|perzone]: send FILE with nsupdate to a fresh
# named (unsigned, or one nsupdate per zone at once), check nsupdate
# exits 0 and prints nothing, and leave the zones, SOA left out, in
# $T/NAME.axfr.  Returns 1, having said why, if not.
apply() {
	if [ "${3:-}" = unsigned ]
	then NAMED_ALLOW_UNSIGNED=yes named_start
	else named_start
	fi
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
		# is the slow part of this test.
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
		grep -E 'update (failed|unsuccessful)|prerequisite not' \
			"$NAMED_DIR/named.log" | head -10
		echo "FAIL: $1: nsupdate exited $_rc or complained (above)"
		named_stop
		return 1
	fi
	for _z in $NAMED_ZONES
	do
		named_axfr_nosoa "$_z" || echo "FAIL: $1: AXFR of $_z failed"
	done >"$T/$1.axfr"
	if [ "$1" = reference ]
	then
		# named_restart must bring the same zones back (from the zone
		# files and journals): later tests rely on it.
		named_restart
		for _z in $NAMED_ZONES
		do
			named_axfr_nosoa "$_z" || echo "FAIL: AXFR of $_z failed"
		done >"$T/restarted.axfr"
		if ! cmp -s "$T/$1.axfr" "$T/restarted.axfr"
		then
			diff -u "$T/$1.axfr" "$T/restarted.axfr" | head -20
			echo "FAIL: named_restart lost data (above)" >>"$T/$1.axfr"
		else
			echo "  named_restart: same zones after a restart"
		fi
	fi
	named_stop
	if grep -q '^FAIL' "$T/$1.axfr"
	then
		grep '^FAIL' "$T/$1.axfr"
		return 1
	fi
	# named's private signing-state records would mean a DNSKEY set
	# off automatic signing, which runs on its own time: not comparable.
	if grep -q ' TYPE65534 ' "$T/$1.axfr"
	then
		echo "FAIL: $1: named started signing (TYPE65534 records)"
		return 1
	fi
}

echo "reference: $changes changes, one per message"
apply reference "$T/ref.txt" perzone || exit 1
records=$(wc -l <"$T/reference.axfr")
# The initial zones hold 7 records besides SOA: the changes must show.
[ "$records" -gt 1000 ] ||
	fail "reference: only $records records after $changes changes"
echo "  reference zones hold $records records (SOA aside)"

# split NAME INPUT signed|unsigned -- TXSPLIT-ARGS: run txsplit, apply
# its output, compare with the reference.  Returns 1, having said why,
# if anything is wrong.
split() {
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
	apply "$_name" "$T/$_name.txt" "$_uns" || return 1
	if ! cmp -s "$T/reference.axfr" "$T/$_name.axfr"
	then
		diff -u "$T/reference.axfr" "$T/$_name.axfr" | head -40
		echo "FAIL: $_name: zones differ from one change per message (above)"
		return 1
	fi
	echo "  $_name: zones identical to the reference"
}

# Every run, even after a failure, so that one test run shows them all.
failed=
split default "$T/stream.txt" signed -- || failed="$failed default"
split b16384 "$T/stream.txt" signed -- -b 16384 || failed="$failed b16384"
split b4096 "$T/stream.txt" signed -- -b 4096 || failed="$failed b4096"
split b1400 "$T/stream.txt" signed -- -b 1400 || failed="$failed b1400"
split b1024-t0 "$T/stream.txt" unsigned -- -b 1024 -t 0 ||
	failed="$failed b1024-t0"
split z-mode "$T/stream-nozone.txt" signed -- -z "$T/zones.txt" ||
	failed="$failed z-mode"
# -m: read from a file, every transaction is waiting, so all are merged
split merge "$T/stream.txt" signed -- -m || failed="$failed merge"
split merge-b4096 "$T/stream.txt" signed -- -m -b 4096 ||
	failed="$failed merge-b4096"

[ -z "$failed" ] || fail "runs that went wrong:$failed"
echo "PASS: $changes changes: txsplit at 65535, 16384, 4096, 1400 and" \
	"1024 (-t 0) octets, with -z and with -m leaves all zones as one change" \
	"per message does"
