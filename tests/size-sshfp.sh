# Size of SSHFP: algorithm, fingerprint type, fingerprint (SHA-1 20
# octets, SHA-256 32).
# Each message: header 12 + zone "example" 9+4 + owner r.example (one
# label below the zone: 1+1 and a pointer 2) + type, class, TTL and
# RDLENGTH 10 = 39 octets, plus the RDATA.  Names in RDATA count whole.
#   SSHFP 4 2 <64 hex digits>         1 + 1 + 32 = 34   73
#   SSHFP 1 1 <40 hex digits, split>  1 + 1 + 20 = 22   61
$TXSPLIT -v -t 0 <<'IN'
zone example
update add r.example 60 SSHFP 4 2 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
send
update add r.example 60 SSHFP 1 1 0001020304050607 08090A0B0C0D0E0F10111213
send
IN
