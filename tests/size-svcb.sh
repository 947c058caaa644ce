# Sizes of SVCB (RFC 9460): priority 2, target name, then each
# parameter as key 2, length 2 and its value.
# Each message: header 12 + zone "example" 9+4 + owner r.example (one
# label below the zone: 1+1 and a pointer 2) + type, class, TTL and
# RDLENGTH 10 = 39 octets, plus the RDATA.  Names in RDATA count whole.
#   SVCB 0 alias.example.net.         2 + 1+5 1+7 1+3 1 (19)     = 21   60
#   SVCB 1 svc.example.net alpn=h2,h3 port=8443 ipv4hint=192.0.2.1,192.0.2.2
#     2 + 17 + alpn 4+(1+2)+(1+2) + port 4+2 + ipv4hint 4+4+4  = 47   86
#   SVCB 2 . ipv6hint=2001:db8::1,2001:db8::2
#     2 + 1 + 4+16+16                                          = 39   78
#   SVCB 3 . mandatory=alpn,port alpn=h2 port=443
#     2 + 1 + 4+2+2 + 4+1+2 + 4+2                              = 24   63
#   SVCB 4 . alpn="h2" no-default-alpn key65000=abc
#     2 + 1 + 4+1+2 + 4 + 4+3                                  = 21   60
#   SVCB 5 . ech=AAECAwQ= dohpath=/dns-query{?dns}
#     2 + 1 + 4+5 + 4+16                                       = 32   71
#   SVCB 6 . key65000=x key8=abc (unknown keys: the value as it is)
#     2 + 1 + 4+1 + 4+3                                        = 15   54
$TXSPLIT -v -t 0 <<'IN'
zone example
update add r.example 60 SVCB 0 alias.example.net.
send
update add r.example 60 SVCB 1 svc.example.net alpn=h2,h3 port=8443 ipv4hint=192.0.2.1,192.0.2.2
send
update add r.example 60 SVCB 2 . ipv6hint=2001:db8::1,2001:db8::2
send
update add r.example 60 SVCB 3 . mandatory=alpn,port alpn=h2 port=443
send
update add r.example 60 SVCB 4 . alpn="h2" no-default-alpn key65000=abc
send
update add r.example 60 SVCB 5 . ech=AAECAwQ= dohpath=/dns-query{?dns}
send
update add r.example 60 SVCB 6 . key65000=x key8=abc
send
IN
