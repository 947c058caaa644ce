# The "; COMMIT xid" line takes BEGIN's xid: 9 octets more than the xid.
# An xid of 131061 octets makes a line of 131070: written.  One of 131062
# (BEGIN at line 1, COMMIT at line 3): refused, the line would be too
# long for nsupdate, and nothing of the transaction is written.
frame() {
	perl -e 'print "BEGIN ", "x" x $ARGV[0], "\n"' "$1"
	echo "add a.example.com 60 A 192.0.2.1"
	echo COMMIT
}
frame 131061 | { $TXSPLIT; echo "rc=$?"; } | awk '{ print length($0) ": " substr($0, 1, 44) }'
frame 131062 | $TXSPLIT
