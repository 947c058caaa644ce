# An underscore in the owner of an A record: nsupdate's check-names refuses it.
# Transactions 101 and 102 are written; nothing of 103, which holds a
# good change before the bad line, nor of 104 after it.
$TXSPLIT bad-check-names.in
