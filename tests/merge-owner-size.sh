# -m: in a merged block, the first change of a name in one transaction
# leans on the last change of the same name in the transaction before
# (BIND 9.18 sends this in 73 octets).
#   zone example 25
#   T1 update add foo.example A:    1+3+2 + 10 + 4 = 20   (45)
#   T2 update delete foo.example A: 2 + 10         = 12   (57)
#   T2 update add foo.example A:    2 + 10 + 4     = 16   (73)
$TXSPLIT -m -v -t 0 merge-owner-size.in
