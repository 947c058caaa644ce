# SVCB values may be quoted, key="value", and a quoted value runs to its
# closing quote, blanks and all (as BIND's lexer reads it).
# Each message: header 12 + zone "example" 9+4 + owner r.example 1+1+2
# + 10 = 39, plus the RDATA.
#   HTTPS 1 . alpn="h2 h3"     one id of 5: 2+1 + 4+1+5 = 13          52
#   HTTPS 1 . key65000="a b" port="443":  2+1 + 4+3 + 4+2 = 16       55
#   HTTPS 1 . dohpath="/q{?dns}" alpn="h2,h3":  2+1 + 4+8 + 4+3+3 = 25  64
$TXSPLIT -v -t 0 <<'IN'
zone example
update add r.example 60 HTTPS 1 . alpn="h2 h3"
send
update add r.example 60 HTTPS 1 . key65000="a b" port="443"
send
update add r.example 60 HTTPS 1 . dohpath="/q{?dns}" alpn="h2,h3"
send
IN
