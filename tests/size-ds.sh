# Sizes of DS and CDS: key tag 2, algorithm 1, digest type 1, digest.
# Algorithms and digest types by number or mnemonic.
# Each message: header 12 + zone "example" 9+4 + owner r.example (one
# label below the zone: 1+1 and a pointer 2) + type, class, TTL and
# RDLENGTH 10 = 39 octets, plus the RDATA.  Names in RDATA count whole.
#   DS 12345 13 2 <64 hex>                         4 + 32 = 36   75
#   CDS 12345 ECDSAP256SHA256 SHA-256 <2 x 32 hex>  4 + 32 = 36   75
#   DS 1 RSASHA1 1 <40 hex>                        4 + 20 = 24   63
#   DS 2 8 SHA-384 <96 hex>                        4 + 48 = 52   91
#   CDS 0 0 0 00 (RFC 8078: delete DS)             4 + 1  = 5    44
$TXSPLIT -v -t 0 <<'IN'
zone example
update add r.example 60 DS 12345 13 2 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
send
update add r.example 60 CDS 12345 ECDSAP256SHA256 SHA-256 000102030405060708090a0b0c0d0e0f 101112131415161718191a1b1c1d1e1f
send
update add r.example 60 DS 1 RSASHA1 1 000102030405060708090a0b0c0d0e0f10111213
send
update add r.example 60 DS 2 8 SHA-384 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f000102030405060708090a0b0c0d0e0f
send
update add r.example 60 CDS 0 0 0 00
send
IN
