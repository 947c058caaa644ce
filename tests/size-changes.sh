# Sizes of each kind of change.  Deletes and prerequisites have no TTL
# and usually no RDATA on the wire, but their 10 octets of type, class,
# TTL and RDLENGTH are there all the same.
# Each message: header 12 + zone "example" 9+4 = 25; owner r.example
# 1+1+2 = 4; so 39 + RDATA.
#   update delete r.example              (all RRsets)     39
#   update delete r.example A            (one RRset)      39
#   update delete r.example A 192.0.2.1  (one record)     43
#   prereq nxdomain r.example                             39
#   prereq yxdomain r.example                             39
#   prereq nxrrset r.example A                            39
#   prereq yxrrset r.example A                            39
#   prereq yxrrset r.example A 192.0.2.1 (value-dependent) 43
#   prereq yxrrset r.example TXT "a" "b"                  43
$TXSPLIT -v -t 0 <<'IN'
zone example
update delete r.example
send
update delete r.example A
send
update delete r.example A 192.0.2.1
send
prereq nxdomain r.example
send
prereq yxdomain r.example
send
prereq nxrrset r.example A
send
prereq yxrrset r.example A
send
prereq yxrrset r.example A 192.0.2.1
send
prereq yxrrset r.example TXT "a" "b"
send
IN
