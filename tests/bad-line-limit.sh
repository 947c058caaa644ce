# nsupdate reads a line of at most 131070 octets and its newline as one
# command (BIND 9.18's nsupdate: fgets into 128 KiB).  TXT updates with
# \DDD escapes of 131069 and 131070 octets are written whole (shown here
# by their lengths); one of 131072 is refused.  Then one of 131071 as
# line 15: transactions 101 and 102 are written, nothing of 103 or 104.
long() { perl long-line "$1" ddd "update add big.example.com 300 IN TXT"; }
for n in 131069 131070 131072
do
	{ echo BEGIN; echo zone example.com; long $n; echo COMMIT; } |
		{ $TXSPLIT; echo "rc=$?"; } | awk '{ print length($0) ": " substr($0, 1, 44) }'
done
{ cat bad-head.txt; long 131071; cat bad-tail.txt; } | $TXSPLIT
