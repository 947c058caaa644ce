# Size of NAPTR: two 16-bit numbers, three character-strings, a name.
# Each message: header 12 + zone "example" 9+4 + owner r.example (one
# label below the zone: 1+1 and a pointer 2) + type, class, TTL and
# RDLENGTH 10 = 39 octets, plus the RDATA.  Names in RDATA count whole.
#   NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:info@example.net!" .
#     2 + 2 + 1+1 + 1+7 + 1+27 + 1 = 43   82
#   NAPTR 10 0 "s" "SIP+D2U" "" _sip._udp.example.net.
#     2 + 2 + 1+1 + 1+7 + 1 + 1+4 1+4 1+7 1+3 1 = 38   77
$TXSPLIT -v -t 0 <<'IN'
zone example
update add r.example 60 NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:info@example.net!" .
send
update add r.example 60 NAPTR 10 0 "s" "SIP+D2U" "" _sip._udp.example.net.
send
IN
