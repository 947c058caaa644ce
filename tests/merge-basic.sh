# -m: transactions waiting on the input (in a file, all of them) share
# messages, one zone at a time in order of first appearance, each
# transaction's changes in transaction order; after the group's blocks,
# the "; COMMIT" line of each of its transactions.  Without -m, the
# same input gives a block per zone per transaction.
$TXSPLIT -m merge-basic.in
echo "== without -m"
$TXSPLIT merge-basic.in
