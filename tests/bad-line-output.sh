# Every change is written with its TTL and class, so a line within the
# limit may be written longer: "add NAME TXT ..." after "ttl 300" gains
# 14 octets as "update add NAME 300 IN TXT ...".  131056 octets in, 131070
# out: written.  131057 in (line 15): refused, since nsupdate could not
# read the line it would take; 101 and 102 are written, nothing of 103 or
# 104.
long() { perl long-line "$1" ddd "add big.example.com TXT"; }
{ echo BEGIN; echo zone example.com; echo ttl 300; long 131056; echo COMMIT; } |
	{ $TXSPLIT; echo "rc=$?"; } | awk '{ print length($0) ": " substr($0, 1, 44) }'
{ sed '$d' bad-head.txt; echo ttl 300; long 131057; cat bad-tail.txt; } | $TXSPLIT
