# RFC 3597 generic RDATA, "\# length hex", for TYPEnnn and for known
# types: the RDATA is exactly length octets.
# Each message: header 12 + zone "example" 9+4 + owner r.example (one
# label below the zone: 1+1 and a pointer 2) + type, class, TTL and
# RDLENGTH 10 = 39 octets, plus the RDATA.
#   TYPE65280 \# 4 0A000001        4    43
#   TYPE1 \# 4 C0000201 (an A)     4    43
#   A \# 4 c0 00 02 01             4    43
#   TYPE999 \# 0                   0    39
#   type65280 \# 3 010203 (lower case) 3   42
#   TXT \# 6 0568656c6c6f          6    45
$TXSPLIT -v -t 0 <<'IN'
zone example
update add r.example 60 TYPE65280 \# 4 0A000001
send
update add r.example 60 TYPE1 \# 4 C0000201
send
update add r.example 60 A \# 4 c0 00 02 01
send
update add r.example 60 TYPE999 \# 0
send
update add r.example 60 type65280 \# 3 010203
send
update add r.example 60 TXT \# 6 0568656c6c6f
send
IN
