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
# nsdiff's output, zone unknown: 12 + 255+4 = 271
#   prereq yxrrset example. SOA: 9 + 10 + SOA RDATA (13 + 20 + 20 = 53) = 72
#   update delete example. SOA: 2 + 10 + 53 = 65 (follows the prereq)
#   update add example. SOA: 2 + 10 + 53 = 65
#   update delete www.example. A: 13 + 10 + 4 = 27
#   update add www.example. A: 2 + 10 + 4 = 16
#   update add new.example. AAAA: 13 + 10 + 16 = 39
#   271 + 72 + 65 + 65 + 27 + 16 + 39 = 555
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
