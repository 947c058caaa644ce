# -O: a transaction whose updates conflict among themselves is cut
# within, each message ending before the update that would give another
# result in another order: an add then a delete of one record (a); a
# delete of the RRset, then an add (b) and of the name (n); adds to one
# RRset with two TTLs (t; the AAAA beside them is another type, no
# conflict); a CNAME added twice (the same, no cut) and then replaced
# (k); at the apex a delete and an add of NS.  Two RDATA that differ
# only in blanks and quotes are taken for one record (s: a cut), two
# that differ otherwise for two (no cut).
$TXSPLIT -O order-self.in
