# Size of CAA: flags, the tag with a length octet, the value without.
# Each message: header 12 + zone "example" 9+4 + owner r.example (one
# label below the zone: 1+1 and a pointer 2) + type, class, TTL and
# RDLENGTH 10 = 39 octets, plus the RDATA.  Names in RDATA count whole.
#   CAA 0 issue "letsencrypt.org"           1 + 1+5 + 15 = 22   61
#   CAA 128 iodef "mailto:a@example.net"    1 + 1+5 + 20 = 27   66
#   CAA 0 issuewild ";"                     1 + 1+9 + 1  = 12   51
#   CAA 0 issue ""                          1 + 1+5 + 0  = 7    46
$TXSPLIT -v -t 0 <<'IN'
zone example
update add r.example 60 CAA 0 issue "letsencrypt.org"
send
update add r.example 60 CAA 128 iodef "mailto:a@example.net"
send
update add r.example 60 CAA 0 issuewild ";"
send
update add r.example 60 CAA 0 issue ""
send
IN
