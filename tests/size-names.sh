# Sizes of NS, CNAME, DNAME and PTR: one domain name, counted whole.
# Each message: header 12 + zone "example" 9+4 + owner r.example (one
# label below the zone: 1+1 and a pointer 2) + type, class, TTL and
# RDLENGTH 10 = 39 octets, plus the RDATA.  Names in RDATA count whole.
#   NS ns1.example.net.       1+3 1+7 1+3 1 = 17   56
#   CNAME www.example.org     1+3 1+7 1+3 1 = 17   56
#   DNAME example.net         1+7 1+3 1     = 13   52
#   PTR host.example.net      1+4 1+7 1+3 1 = 18   57
#   CNAME a\.b.example.net    1+3 1+7 1+3 1 = 17   56  (label "a.b")
#   CNAME \000x\255.example.net 1+3 ...      = 17   56
#   PTR .                     1                    40
$TXSPLIT -v -t 0 <<'IN'
zone example
update add r.example 60 NS ns1.example.net.
send
update add r.example 60 CNAME www.example.org
send
update add r.example 60 DNAME example.net
send
update add r.example 60 PTR host.example.net
send
update add r.example 60 CNAME a\.b.example.net
send
update add r.example 60 CNAME \000x\255.example.net
send
update add r.example 60 PTR .
send
IN
