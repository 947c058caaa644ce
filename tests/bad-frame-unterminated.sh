# The input ends inside transaction 103.
# Transactions 101 and 102 are written; nothing of 103.
$TXSPLIT bad-frame-unterminated.in
