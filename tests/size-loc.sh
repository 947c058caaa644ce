# Size of LOC: always 16 octets (RFC 1876), however it is written.
# Each message: header 12 + zone "example" 9+4 + owner r.example (one
# label below the zone: 1+1 and a pointer 2) + type, class, TTL and
# RDLENGTH 10 = 39 octets, plus the RDATA.  Names in RDATA count whole.
#   each 16: 55
$TXSPLIT -v -t 0 <<'IN'
zone example
update add r.example 60 LOC 52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m
send
update add r.example 60 LOC 42 N 71 W 10m
send
update add r.example 60 LOC 90 0 0.000 S 180 0 0 E 42849672.95m 90000000.00m 0 0
send
update add r.example 60 LOC 89 59 59.999 N 179 59 59.999 W 0m
send
update add r.example 60 LOC 0 0 N 0 0 0.5 W -100000.00m 1m
send
IN
