# Sizes of TLSA and SMIMEA: three octets, then the data in hex.
# Each message: header 12 + zone "example" 9+4 + owner r.example (one
# label below the zone: 1+1 and a pointer 2) + type, class, TTL and
# RDLENGTH 10 = 39 octets, plus the RDATA.  Names in RDATA count whole.
#   TLSA 3 1 1 <64 hex>              3 + 32 = 35   74
#   SMIMEA 3 0 0 <20 hex in 3 parts>  3 + 10 = 13   52
$TXSPLIT -v -t 0 <<'IN'
zone example
update add r.example 60 TLSA 3 1 1 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
send
update add r.example 60 SMIMEA 3 0 0 0001020304 050607 0809
send
IN
