# SVCB and HTTPS parameters (RFC 9460), refused as BIND refuses them:
# unknown keys, a key twice, a value missing or empty or where none is
# taken, mandatory keys that are bad or not given, no-default-alpn
# without alpn, empty alpn ids, bad ports, addresses and ech.
# Each case is line 3 of a transaction in zone example; its message
# (on standard output here) comes before its exit status.
t() {
	printf 'BEGIN\nzone example\n%s\nCOMMIT\n' "$1" | $TXSPLIT 2>&1
	echo "rc=$?"
}
t 'update add r.example 60 SVCB 1'
t 'update add r.example 60 SVCB 1 . foo=bar'
t 'update add r.example 60 SVCB 1 . "alpn=h2"'
t 'update add r.example 60 SVCB 1 . alpn=h2 alpn=h3'
t 'update add r.example 60 SVCB 1 . port'
t 'update add r.example 60 SVCB 1 . alpn=h2 no-default-alpn=x'
t 'update add r.example 60 SVCB 1 . port='
t 'update add r.example 60 SVCB 1 . port=""'
t 'update add r.example 60 SVCB 1 . mandatory=foo alpn=h2'
t 'update add r.example 60 SVCB 1 . mandatory=mandatory'
t 'update add r.example 60 SVCB 1 . mandatory=port alpn=h2'
t 'update add r.example 60 SVCB 1 . no-default-alpn'
t 'update add r.example 60 SVCB 1 . alpn=,h2'
t 'update add r.example 60 SVCB 1 . alpn=h2,'
t 'update add r.example 60 SVCB 1 . port=65536'
t 'update add r.example 60 SVCB 1 . port=x'
t 'update add r.example 60 HTTPS 1 . ipv4hint=192.0.2.1,'
t 'update add r.example 60 HTTPS 1 . ipv4hint=2001:db8::1'
t 'update add r.example 60 HTTPS 1 . ipv6hint=192.0.2.1'
t 'update add r.example 60 HTTPS 1 . ech=AAA'
t 'update add r.example 60 HTTPS 1 . key65536=x'
