# A \DDD escape over 255 in a TXT string.
# Transactions 101 and 102 are written; nothing of 103, which holds a
# good change before the bad line, nor of 104 after it.
$TXSPLIT bad-escape-txt-ddd.in
