# -O with -m: the cases PowerDNS gets wrong once transactions are
# merged.  Transaction 1 adds x and 2 deletes it: 2 starts a new message
# (in one, PowerDNS would apply the delete first and keep x).  3 adds a
# CNAME at c and 4 replaces it by an A: 4 starts a new message, and is
# itself cut before its add, which a CNAME still there would refuse
# (PowerDNS refuses a message holding both whole).  5, an address
# changed (a record deleted, another added) and a TXT beside it, means
# the same in any order and joins 4's second message.  Without -O all
# five share one message.
$TXSPLIT -m -O order-merge.in
echo "== without -O"
$TXSPLIT -m order-merge.in
