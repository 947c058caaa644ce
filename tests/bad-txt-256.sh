# A TXT string of 256 octets (255 is the most).
# Transactions 101 and 102 are written; nothing of 103, which holds a
# good change before the bad line, nor of 104 after it.
$TXSPLIT bad-txt-256.in
