# PENDING (wrong output): with -m, when a transaction with prerequisites
# follows merged ones, txsplit writes the earlier ones and then forgets
# the zones (and frees the strings) of the pending one, whose changes
# are still waiting.  Its zones are then ordered by stale or
# uninitialised values: here zone c.example's prerequisite goes out
# alone in a message of its own, and the two zones' updates alternate
# in four blocks instead of two.
$TXSPLIT -m merge-prereq-zones.in
