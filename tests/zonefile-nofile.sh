# A -z file that cannot be read is a system error (exit 2).
$TXSPLIT -z zonefile-nofile.nonexistent </dev/null
