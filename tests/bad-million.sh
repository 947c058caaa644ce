# A million tiny transactions, then a bad one: all million are written,
# in order, each as its block and its "; COMMIT" line, and nothing of the
# bad one.  The output is checked here rather than kept (45 MB).  Under
# a wrapper such as valgrind (TXSPLIT_WRAP) 50000 transactions are used:
# the same paths, in a twentieth of the time.
n=1000000
[ -n "${TXSPLIT_WRAP:-}" ] && n=50000
awk -v n=$n 'BEGIN {
	for (i = 1; i <= n; i++)
		printf "BEGIN %d\nadd a%d.example 1 A 192.0.2.1\nCOMMIT\n", i, i % 1000
	print "BEGIN bad"
	print "add good.example 1 A 192.0.2.2"
	print "add bad.example 1 A 192.0.2.256"
	print "COMMIT"
	printf "BEGIN %d\nadd a.example 1 A 192.0.2.1\nCOMMIT\n", n + 1
}' | { $TXSPLIT 2>&1; echo "rc=$?"; } | awk -v n=$n '
	$0 == "update add a" (next_txn + 1) % 1000 ".example 1 IN A 192.0.2.1" && state == 0 {
		state = 1; next
	}
	$0 == "send" && state == 1 { state = 2; next }
	$0 == "; COMMIT " next_txn + 1 && state == 2 { next_txn++; state = 0; next }
	/^txsplit: / {
		sub("^txsplit: \\(stdin\\):" 3 * n + 3 ": ", "txsplit: (stdin):3n+3: ")
		print; next
	}
	/^rc=/ { rc = $0; next }
	{ if (bad++ < 5) print "unexpected: " $0 }
	END {
		if (next_txn == n && state == 0)
			print "all the transactions written, in order"
		else
			print "written: " next_txn " of " n ", then state " state
		print rc
	}'
