# A BEGIN after unframed update lines that no send or blank line ended:
# transactions 101 and 102 are written, nothing of the batch.
$TXSPLIT bad-begin-in-batch.in
