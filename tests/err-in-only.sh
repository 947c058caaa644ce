# A, AAAA, SRV, NAPTR, KX, SVCB and HTTPS are defined for class IN
# only: in another class only RFC 3597 form will do (and it does).
# Each case is line 3 of a transaction in zone example; its message
# (on standard output here) comes before its exit status.
t() {
	printf 'BEGIN\nzone example\n%s\nCOMMIT\n' "$1" | $TXSPLIT 2>&1
	echo "rc=$?"
}
t 'update add a.example 60 CH A 192.0.2.1'
t 'update add a.example 60 HS AAAA 2001:db8::1'
t 'update add a.example 60 CLASS9 SRV 0 0 1 x.example.net.'
t 'update add a.example 60 CH NAPTR 1 1 "" "" "" .'
t 'update add a.example 60 CH KX 1 x.example.net.'
t 'update add a.example 60 CH SVCB 0 x.example.net.'
t 'update add a.example 60 CH HTTPS 0 x.example.net.'
t 'update add a.example 60 CH A \# 4 C0000201'
t 'update add a.example 60 CH TXT "fine in CH"'
