# Sizes of DNSKEY and CDNSKEY: flags 2, protocol 1, algorithm 1, key in
# base64 (blanks allowed).
# Each message: header 12 + zone "example" 9+4 + owner r.example (one
# label below the zone: 1+1 and a pointer 2) + type, class, TTL and
# RDLENGTH 10 = 39 octets, plus the RDATA.  Names in RDATA count whole.
#   DNSKEY 257 3 13 <88 base64, 64 octets>   4 + 64 = 68   107
#   CDNSKEY 256 3 ED25519 <base64 in 2 parts, 30 octets>  4 + 30 = 34   73
#   CDNSKEY 0 3 0 AA== (RFC 8078: delete)    4 + 1  = 5    44
$TXSPLIT -v -t 0 <<'IN'
zone example
update add r.example 60 DNSKEY 257 3 13 AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw==
send
update add r.example 60 CDNSKEY 256 3 ED25519 AAECAwQFBgcICQoLDA0O DxAREhMUFRYXGBkaGxwd
send
update add r.example 60 CDNSKEY 0 3 0 AA==
send
IN
