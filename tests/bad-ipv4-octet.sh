# An IPv4 address with an octet of 256.
# Transactions 101 and 102 are written; nothing of 103, which holds a
# good change before the bad line, nor of 104 after it.
$TXSPLIT bad-ipv4-octet.in
