# -m and bad input: the complete transactions before the bad one are
# written (merged), nothing of the bad one.
$TXSPLIT -m merge-bad.in
