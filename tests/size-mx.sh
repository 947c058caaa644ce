# Sizes of MX, KX, AFSDB and RT: a 16-bit number and a name.
# Each message: header 12 + zone "example" 9+4 + owner r.example (one
# label below the zone: 1+1 and a pointer 2) + type, class, TTL and
# RDLENGTH 10 = 39 octets, plus the RDATA.  Names in RDATA count whole.
#   MX 10 mail.example.net     2 + 1+4 1+7 1+3 1 = 20   59
#   KX 10 kx.example.net       2 + 1+2 1+7 1+3 1 = 18   57
#   AFSDB 1 afs.example.net    2 + 1+3 1+7 1+3 1 = 19   58
#   RT 10 rt.example.net       2 + 1+2 1+7 1+3 1 = 18   57
$TXSPLIT -v -t 0 <<'IN'
zone example
update add r.example 60 MX 10 mail.example.net
send
update add r.example 60 KX 10 kx.example.net
send
update add r.example 60 AFSDB 1 afs.example.net
send
update add r.example 60 RT 10 rt.example.net
send
IN
