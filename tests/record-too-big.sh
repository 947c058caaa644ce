# One record larger than the budget is an error.  -b 1024 -t 0: as
# record-exact with a string one octet longer, 1025 octets.  With the
# default TSIG reserve the message says so.
$TXSPLIT -b 1024 -t 0 record-too-big.in; echo "rc=$?"
$TXSPLIT -b 1024 record-exact.in; echo "rc=$?"
