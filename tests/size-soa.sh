# Size of SOA: two names and five 32-bit numbers; the timers may be
# written with units (1h30m) as in zone files.
# Each message: header 12 + zone "example" 9+4 + owner r.example (one
# label below the zone: 1+1 and a pointer 2) + type, class, TTL and
# RDLENGTH 10 = 39 octets, plus the RDATA.  Names in RDATA count whole.
#   mname ns.example.net 1+2 1+7 1+3 1 = 16, rname hostmaster.example.org
#   1+10 1+7 1+3 1 = 24, 5 x 4 = 20: 60, so 99
$TXSPLIT -v -t 0 <<'IN'
zone example
update add r.example 60 SOA ns.example.net. hostmaster.example.org. 2026112501 7200 3600 1209600 3600
send
update add r.example 60 SOA ns.example.net. hostmaster.example.org. 4294967295 2h 1h30m 2w1d 1H
send
IN
