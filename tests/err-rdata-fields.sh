# RDATA fields: each there, none extra, numbers in range, addresses
# good.
# Each case is line 3 of a transaction in zone example; its message
# (on standard output here) comes before its exit status.
t() {
	printf 'BEGIN\nzone example\n%s\nCOMMIT\n' "$1" | $TXSPLIT 2>&1
	echo "rc=$?"
}
t 'update add r.example 60 MX 10'
t 'update add r.example 60 SOA ns.example.net. h.example.org. 1 2 3 4'
t 'update add r.example 60 A 192.0.2.1 192.0.2.2'
t 'update add r.example 60 MX 65536 mx.example.net.'
t 'update add r.example 60 MX -1 mx.example.net.'
t 'update add r.example 60 MX 0x10 mx.example.net.'
t 'update add r.example 60 SRV 0 0 65536 x.example.net.'
t 'update add r.example 60 SOA ns.example.net. h.example.org. 4294967296 2 3 4 5'
t 'update add r.example 60 A 1.2.3'
t 'update add r.example 60 A 192.0.2.256'
t 'update add r.example 60 A "192.0.2.1"'
t 'update add r.example 60 AAAA 2001:db8::g'
t 'update add r.example 60 AAAA 192.0.2.1'
t 'update add r.example 60 TLSA 3 1 256 00'
t 'update add r.example 60 NAPTR 1 1 "u" "E2U" "" "."'
