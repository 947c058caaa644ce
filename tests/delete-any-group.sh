# A delete of every RRset groups with its name's other changes like any
# change: each name's changes together and in their own order, names in
# order of first appearance, a block cut only between names.  With
# -b 600 -t 0 (575 octets after the 25 of header and zone), a TXT of
# 200 octets costs 214 (4 for a.example, 10, 200) and 212 after a change
# of its own name (a pointer), a delete ANY 14 and 12.
#   a: 214 + 12 + 212 = 438; b: 14 + 212 = 226; c: 214 + 12 = 226
# so a alone (25 + 438 = 463), then b and c (25 + 226 + 226 = 477).
txt=$(awk 'BEGIN { s = sprintf("%199s", ""); gsub(/ /, "t", s); print s }')
$TXSPLIT -v -b 600 -t 0 <<IN | cut -c1-50
BEGIN
zone example
update add a.example 60 TXT $txt
update delete b.example ANY
update delete a.example ANY
update add b.example 60 TXT $txt
update add c.example 60 TXT $txt
update add a.example 60 TXT $txt
update delete c.example IN ANY
COMMIT
IN
