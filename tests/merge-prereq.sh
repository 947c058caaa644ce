# -m: a transaction with prerequisites is never merged, with those
# before it or after it; the rest are.
$TXSPLIT -m merge-prereq.in
