# Sizes of SPF (as TXT) and HINFO (two character-strings).
# Each message: header 12 + zone "example" 9+4 + owner r.example (one
# label below the zone: 1+1 and a pointer 2) + type, class, TTL and
# RDLENGTH 10 = 39 octets, plus the RDATA.  Names in RDATA count whole.
#   SPF "v=spf1 -all"        1+11         = 12   51
#   SPF "v=spf1" "-all"      1+6 1+4      = 12   51
#   HINFO "PC" "Linux"       1+2 1+5      = 9    48
#   HINFO x86 "Linux 6"      1+3 1+7      = 12   51
$TXSPLIT -v -t 0 <<'IN'
zone example
update add r.example 60 SPF "v=spf1 -all"
send
update add r.example 60 SPF "v=spf1" "-all"
send
update add r.example 60 HINFO "PC" "Linux"
send
update add r.example 60 HINFO x86 "Linux 6"
send
IN
