# -m: when a transaction with prerequisites follows merged ones, the
# earlier ones are written first; then it is written on its own, as
# any transaction is: each of its zones in one block, in order of first
# appearance, the prerequisite in its zone's block.
$TXSPLIT -m merge-prereq-zones.in
