# Size of URI: priority 2, weight 2, the target without a length octet.
# Each message: header 12 + zone "example" 9+4 + owner r.example (one
# label below the zone: 1+1 and a pointer 2) + type, class, TTL and
# RDLENGTH 10 = 39 octets, plus the RDATA.  Names in RDATA count whole.
#   URI 10 1 "https://example.net/"   4 + 20 = 24   63
#   URI 0 0 "ftp://a\"b"              4 + 9  = 13   52
$TXSPLIT -v -t 0 <<'IN'
zone example
update add r.example 60 URI 10 1 "https://example.net/"
send
update add r.example 60 URI 0 0 "ftp://a\"b"
send
IN
