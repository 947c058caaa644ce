# Size of RP: two names, counted whole.
# Each message: header 12 + zone "example" 9+4 + owner r.example (one
# label below the zone: 1+1 and a pointer 2) + type, class, TTL and
# RDLENGTH 10 = 39 octets, plus the RDATA.  Names in RDATA count whole.
#   RP mbox.example.net. txt.example.org.
#      1+4 1+7 1+3 1 = 18, 1+3 1+7 1+3 1 = 17: 35   74
#   RP . .                 1 + 1 = 2                 41
$TXSPLIT -v -t 0 <<'IN'
zone example
update add r.example 60 RP mbox.example.net. txt.example.org.
send
update add r.example 60 RP . .
send
IN
