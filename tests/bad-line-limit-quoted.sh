# The line limit with quoted strings holding blanks, \", ; and \DDD
# (58,383 octets of RDATA at 131070 characters): 131070 octets are
# written whole, 131071 as line 15 are refused; transactions 101 and 102
# are written, nothing of 103 or 104.
long() { perl long-line "$1" quoted "update add big.example.com 300 IN TXT"; }
{ echo BEGIN; echo zone example.com; long 131070; echo COMMIT; } |
	{ $TXSPLIT -v; echo "rc=$?"; } | awk '{ print length($0) ": " substr($0, 1, 44) }'
{ cat bad-head.txt; long 131071; cat bad-tail.txt; } | $TXSPLIT
