# A quoted token where a number, an address, hex, base64, a CAA tag or
# an SVCB key belongs is refused (as BIND refuses it), and the message
# shows it with its quotes.
# Each case is line 3 of a transaction in zone example; its message
# (on standard output here) comes before its exit status.
for rd in 'MX "10" mx.example.net.' 'A "192.0.2.1"' 'TLSA 3 1 1 "00"' \
    'OPENPGPKEY "AAAA"' 'CAA 0 "issue" "x"' 'SVCB 1 . "alpn=h2"'
do
	printf 'BEGIN\nzone example\nupdate add r.example 60 %s\nCOMMIT\n' "$rd" |
	$TXSPLIT 2>&1
	echo "rc=$?"
done
