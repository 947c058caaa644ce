# A COMMIT with no BEGIN, after transaction 102.
# Transactions 101 and 102 are written, nothing after.
$TXSPLIT bad-commit-without-begin.in
