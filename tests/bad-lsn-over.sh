# A COMMIT with an lsn half of 9 hex digits (32 bits is the most).
# Transactions 101 and 102 are written; nothing of 103, which holds a
# good change before the bad line, nor of 104 after it.
$TXSPLIT bad-lsn-over.in
