#!/bin/sh
# txsplit's output, sent by the real nsupdate to a real named, must
# leave every zone exactly as the same changes sent one change per
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
# so must txsplit (tests/lib/equivalence.sh).
#
# The reference run also checks that named_restart (tests/lib/named.sh)
# brings the same zones back.
#
# Runs:  default budget; -b 16384; -b 4096; -b 1400; -b 1024 -t 0 (sent
# unsigned: that named also takes updates from 127.0.0.1 without a key,
# NAMED_ALLOW_UNSIGNED=yes); -z with every "zone" line taken out of the
# stream, so that txsplit finds each owner's zone itself; -m; -m -b 4096;
# -O -m (order-insensitive messages).

. tests/lib/common.sh
. tests/lib/named.sh

srv_start() {
	if [ "${1:-}" = unsigned ]
	then NAMED_ALLOW_UNSIGNED=yes named_start
	else named_start
	fi
}
srv_stop() { named_stop; }
srv_restart() { named_restart; }
srv_log() { echo "$NAMED_DIR/named.log"; }
EQ_RESTART=yes
. tests/lib/equivalence.sh

# Seed and sizes: about 14,000 changes, the 10,000-change transaction
# included.  One change per message runs at 500 to 1,000 messages a
# second here (one nsupdate per zone in parallel), so the reference takes
# 15 to 30 s; each split run takes a few seconds.  TXSPLIT_TEST_SEED
# picks another stream.
eq_generate "${TXSPLIT_TEST_SEED:-10}" 1-10x200,10-100x30,100-1000x3,10000

echo "reference: $changes changes, one per message"
apply reference "$T/ref.txt" perzone || exit 1
records=$(wc -l <"$T/reference.axfr")
# The initial zones hold 7 records besides SOA: the changes must show.
[ "$records" -gt 1000 ] ||
	fail "reference: only $records records after $changes changes"
echo "  reference zones hold $records records (SOA aside)"

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
# -O: named applies updates in order, so the extra cuts change nothing
split order-merge "$T/stream.txt" signed -- -O -m || failed="$failed order-merge"

[ -z "$failed" ] || fail "runs that went wrong:$failed"
echo "PASS: $changes changes: txsplit at 65535, 16384, 4096, 1400 and" \
	"1024 (-t 0) octets, with -z, -m and -O -m leaves all zones as one" \
	"change per message does"
