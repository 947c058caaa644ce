# Size of SRV: three 16-bit numbers and a name.
# Each message: header 12 + zone "example" 9+4 + owner r.example (one
# label below the zone: 1+1 and a pointer 2) + type, class, TTL and
# RDLENGTH 10 = 39 octets, plus the RDATA.  Names in RDATA count whole.
#   SRV 0 5 5060 sip.example.net   6 + 1+3 1+7 1+3 1 = 23   62
#   SRV 10 0 0 .                   6 + 1 = 7                46
$TXSPLIT -v -t 0 <<'IN'
zone example
update add r.example 60 SRV 0 5 5060 sip.example.net
send
update add r.example 60 SRV 10 0 0 .
send
IN
