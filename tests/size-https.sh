# Sizes of HTTPS (as SVCB), and alpn escapes: a value is unescaped once
# as a string, then "\," is a comma inside a protocol id and "\\" a
# backslash; each id is a length octet and its octets.
# Each message: header 12 + zone "example" 9+4 + owner r.example (one
# label below the zone: 1+1 and a pointer 2) + type, class, TTL and
# RDLENGTH 10 = 39 octets, plus the RDATA.  Names in RDATA count whole.
#   HTTPS 1 . alpn=h3                               2+1 + 4+1+2        = 10   49
#   HTTPS 1 . alpn=h2\\,x,h3   ids "h2,x" and "h3":  2+1 + 4+1+4+1+2    = 15   54
#   HTTPS 1 . alpn="a\\\\b"    id "a\b":             2+1 + 4+1+3        = 11   50
#   HTTPS 1 . alpn=h\050      id "h2" (\050 is 2):  2+1 + 4+1+2        = 10   49
#   HTTPS 1 www.example.net. port=443 ipv4hint=192.0.2.1
#     2 + 1+3 1+7 1+3 1 (17) + 4+2 + 4+4                                = 33   72
$TXSPLIT -v -t 0 <<'IN'
zone example
update add r.example 60 HTTPS 1 . alpn=h3
send
update add r.example 60 HTTPS 1 . alpn=h2\\,x,h3
send
update add r.example 60 HTTPS 1 . alpn="a\\\\b"
send
update add r.example 60 HTTPS 1 . alpn=h\050
send
update add r.example 60 HTTPS 1 www.example.net. port=443 ipv4hint=192.0.2.1
send
IN
