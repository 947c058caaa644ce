# Sizes of A and AAAA records.
# Each message: header 12 + zone "example" 9+4 + owner r.example (one
# label below the zone: 1+1 and a pointer 2) + type, class, TTL and
# RDLENGTH 10 = 39 octets, plus the RDATA.  Names in RDATA count whole.
#   A 192.0.2.1                  4   43
#   AAAA 2001:db8::1            16   55
#   AAAA ::ffff:192.0.2.1       16   55
$TXSPLIT -v -t 0 <<'IN'
zone example
update add r.example 60 A 192.0.2.1
send
update add r.example 60 AAAA 2001:db8::1
send
update add r.example 60 AAAA ::ffff:192.0.2.1
send
IN
