# -m with -a: a skipped transaction in the middle of a merged group
# leaves no trace, not even the place of its zone in the order (zone
# b.example first appears, among what is written, after c.example).
$TXSPLIT -m -a 0/10 merge-after-lsn.in
