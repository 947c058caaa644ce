# An owner of 256 octets in wire form (255 is the most).
# Transactions 101 and 102 are written; nothing of 103, which holds a
# good change before the bad line, nor of 104 after it.
$TXSPLIT bad-name-256.in
