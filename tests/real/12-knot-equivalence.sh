#!/bin/sh
# The equivalence test of tests/real/10-named-equivalence.sh against a
# private Knot DNS (knotd, tests/lib/knot.sh): txsplit's output leaves
# every zone as the same changes sent one per message to a fresh knotd
# do, whatever the budget, with -z and with -m.
#
# Knot DNS 3.2 (Debian 12) crashes (segfault) on an update that
# replaces a DNAME by one with another target, however the changes are
# cut into messages: this test's own one-change-per-message reference
# brought it down.  So gen-stream adds each DNAME at a fresh name here
# (-f DNAME): DNAMEs are added and deleted, never replaced.
#
# Knot lower-cases owner names and the names in RDATA, and raises the
# SOA serial once for each batch of updates it has queued, not once per
# message: both sides of every comparison come from knotd, and the SOA
# is left out, so neither matters here.
#
# Knot applies only some hundreds of messages a second even with its
# journal written asynchronously, so the stream is smaller than test
# 10's: about 5,000 changes, one transaction of 2,000 among them.

. tests/lib/common.sh
. tests/lib/named.sh
. tests/lib/knot.sh

srv_start() {
	if [ "${1:-}" = unsigned ]
	then KNOT_ALLOW_UNSIGNED=yes knot_start
	else knot_start
	fi
}
srv_stop() { knot_stop; }
srv_log() { echo "$KNOT_DIR/knot.log"; }
. tests/lib/equivalence.sh

eq_generate "${TXSPLIT_TEST_SEED:-12}" 1-10x100,10-100x15,100-1000x2,2000 \
	-f DNAME

echo "reference: $changes changes, one per message, to knotd $(knot_version)"
# knotd waits (idle, not working) about 10 ms over each update: the
# reference and the runs of txsplit, each to a knotd of its own, go at
# once
eq_background reference apply reference "$T/ref.txt" perzone
eq_background default split_apply default "$T/stream.txt" signed --
eq_background b1400 split_apply b1400 "$T/stream.txt" signed -- -b 1400
eq_background b1024-t0 split_apply b1024-t0 "$T/stream.txt" unsigned -- \
	-b 1024 -t 0
eq_background z-mode split_apply z-mode "$T/stream-nozone.txt" signed -- \
	-z "$T/zones.txt"
eq_background merge split_apply merge "$T/stream.txt" signed -- -m
runs="default b1400 b1024-t0 z-mode merge"
failed=
for r in reference $runs
do
	eq_wait "$r" || failed="$failed $r"
done
case $failed in
" reference"*) fail "reference: went wrong (above)" ;;
esac
records=$(wc -l <"$T/reference.axfr")
[ "$records" -gt 500 ] ||
	fail "reference: only $records records after $changes changes"
echo "  reference zones hold $records records (SOA aside)"
for r in $runs
do
	case " $failed " in
	*" $r "*)	;;
	*)	split_compare "$r" || failed="$failed $r" ;;
	esac
done

[ -z "$failed" ] || fail "runs that went wrong:$failed"
echo "PASS: $changes changes to knotd: txsplit at 65535 and 1400 octets," \
	"1024 (-t 0), with -z and with -m leaves all zones as one change per" \
	"message does"
