# A delete whose type is followed by RDATA that is not an address.
# Transactions 101 and 102 are written; nothing of 103, which holds a
# good change before the bad line, nor of 104 after it.
$TXSPLIT bad-smuggle-delete-words.in
