# An update whose owner is octet-identical to the owner of the
# prerequisite just before it in the block costs a 2-octet pointer
# (BIND 9.18's nsupdate sends the first message in 57 octets).
#
# zone example: header 12 + zone 9+4 = 25
#   prereq yxdomain foo.example: 1+3+2 (label, pointer) + 10 = 16
#   update add foo.example A: 2 (same owner as before) + 10 + 4 = 16
#   25 + 16 + 16 = 57
$TXSPLIT -v -t 0 <<'IN'
BEGIN
zone example
prereq yxdomain foo.example
update add foo.example 300 A 192.0.2.1
COMMIT
IN
# nsdiff's output, zone unknown: 12 + 255+4 = 271; SOA's names are
# compressed like owners (9.18 and 9.20 alike)
#   prereq yxrrset example. SOA: 9 + 10 + SOA RDATA = 58, the RDATA
#     ns1.example. 3+1+2 (label and a pointer to the owner)
#     + hostmaster.example. 10+1+2 + 20 = 39
#   update delete example. SOA: 2 + 10 + 2 + 2 + 20 = 36 (all three
#     names written before)
#   update add example. SOA: 36
#   update delete www.example. A: 3+1+2 + 10 + 4 = 20
#   update add www.example. A: 2 + 10 + 4 = 16
#   update add new.example. AAAA: 3+1+2 + 10 + 16 = 32
#   271 + 58 + 36 + 36 + 20 + 16 + 32 = 469
$TXSPLIT -v -t 0 <<'IN'
ttl 3600
prereq yxrrset example. IN SOA ns1.example. hostmaster.example. 2026112501 7200 3600 1209600 3600
update delete example. IN SOA ns1.example. hostmaster.example. 2026112501 7200 3600 1209600 3600
update delete www.example. IN A 192.0.2.1
update add example. 3600 IN SOA ns1.example. hostmaster.example. 2026112502 7200 3600 1209600 3600
update add www.example. 3600 IN A 192.0.2.2
update add new.example. 3600 IN AAAA 2001:db8::2
send
IN
