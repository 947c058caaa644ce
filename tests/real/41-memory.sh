#!/bin/sh
# txsplit's memory follows the largest transaction, not the length of
# the stream (txsplit.1, MEMORY): run under ulimit -v, in a subshell.
#
# 1. A million tiny transactions (48 MB) in 12 MB of address space.
# 2. One transaction of 100000 changes (5 MB of text; about 12 MB at
#    its peak, 16 MB of address space) in 64 MB, after 100000 tiny ones.
# 3. The same transaction in the 12 MB that took the tiny ones: refused
#    for want of memory (exit 2), so the limit does bind.
# 4. A line of 10 MB after two transactions, in 12 MB: refused (exit 1)
#    as longer than nsupdate reads as one command, as soon as that much
#    of it is read, and the two transactions before it written.
. tests/lib/common.sh

command -v txsplit >/dev/null 2>&1 || fail "txsplit is not built (make)"
new_tmpdir T

tiny() {
	awk -v n="$1" 'BEGIN {
		for (i = 1; i <= n; i++)
			printf "BEGIN %d\nadd a%d.example 1 A 192.0.2.1\nCOMMIT\n", i, i % 1000
	}'
}
big() {
	awk -v n="$1" 'BEGIN {
		print "BEGIN big"
		print "zone example.com"
		for (i = 1; i <= n; i++)
			printf "update add h%d.example.com 3600 IN A 192.0.2.%d\n", i, i % 250 + 1
		print "COMMIT big"
	}'
}

# limited KB FILE [txsplit args]: txsplit FILE under ulimit -v KB;
# prints its exit status, then the number of blocks and commits it wrote
limited() {
	_kb=$1 _f=$2
	shift 2
	# shellcheck disable=SC3045 # dash's ulimit has -v, as bash's
	(ulimit -v "$_kb" && exec txsplit "$@" "$_f") >"$T/out" 2>"$T/err"
	echo "$? $(grep -c '^send$' "$T/out") $(grep -c '^; COMMIT' "$T/out")"
}

tiny 1000000 >"$T/tiny"
r=$(limited 12288 "$T/tiny")
[ "$r" = "0 1000000 1000000" ] ||
	{ cat "$T/err"; fail "a million tiny transactions in 12 MB: $r"; }
r=$(limited 12288 "$T/tiny" -m)
[ "${r%% *}" = 0 ] ||
	{ cat "$T/err"; fail "a million tiny transactions with -m in 12 MB: $r"; }
echo "ok: a million tiny transactions in 12 MB of address space"

{ tiny 100000; big 100000; } >"$T/mixed"
big 100000 >"$T/big"
r=$(limited 65536 "$T/mixed")
[ "$r" = "0 100036 100001" ] ||
	{ cat "$T/err"; fail "100000 changes after 100000 transactions in 64 MB: $r"; }
r=$(limited 12288 "$T/big")
[ "${r%% *}" = 2 ] && grep -q 'out of memory' "$T/err" ||
	{ cat "$T/err"; fail "100000 changes in 12 MB: $r, not out of memory"; }
echo "ok: a transaction of 100000 changes in 64 MB, not in 12 MB"

{ cat tests/bad-head.txt; perl -e 'print "; ", "c" x 10485760, "\n"'
  cat tests/bad-tail.txt; } >"$T/line"
r=$(limited 12288 "$T/line")
[ "$r" = "1 3 2" ] && grep -q ':15: line longer than 131070 octets' "$T/err" ||
	{ cat "$T/err"; fail "a 10 MB line in 12 MB: $r, not refused at line 15"; }
echo "ok: a line of 10 MB refused in 12 MB, what came before it written"
