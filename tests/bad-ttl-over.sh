# A TTL of 2^31 (2147483647 is the most).
# Transactions 101 and 102 are written; nothing of 103, which holds a
# good change before the bad line, nor of 104 after it.
$TXSPLIT bad-ttl-over.in
