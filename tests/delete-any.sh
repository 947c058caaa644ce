# The delete forms nsupdate (BIND 9.18) reads as "delete every RRset of
# the name", which its show prints as "NAME 0 ANY ANY": no type; ANY,
# any or TYPE255 as the type, with or without a class or a TTL.  To an
# update, as to nsupdate, ANY is a type, not a class.  And the rrset
# prerequisites with type ANY, which are nxdomain and yxdomain by
# another name (class, then ANY: nsupdate reads a lone ANY there as a
# class).
# Each is one record of 10 octets and no RDATA: header 12 + zone
# "example" 9+4 = 25; owner r.example 1+1+2 = 4; 25 + 4 + 10 = 39.
# A class other than IN frames its block with class lines.
$TXSPLIT -v -t 0 <<'IN'
zone example
update delete r.example
send
update delete r.example ANY
send
update delete r.example IN ANY
send
update delete r.example TYPE255
send
update delete r.example IN TYPE255
send
update delete r.example 300 ANY
send
update delete r.example 300 IN any
send
del r.example CH ANY
send
prereq nxrrset r.example IN ANY
send
prereq yxrrset r.example IN TYPE255
send
IN
