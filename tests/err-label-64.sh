# A label is at most 63 octets (a 63 is fine), as owner, zone or in
# RDATA; \DDD counts one.
# Each case is line 3 of a transaction in zone example; its message
# (on standard output here) comes before its exit status.
t() {
	printf 'BEGIN\nzone example\n%s\nCOMMIT\n' "$1" | $TXSPLIT 2>&1
	echo "rc=$?"
}
t 'update add aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example 60 TXT "x"'
t 'update add aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example 60 TXT "x"'
t 'update add r.example 60 CNAME aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example.net.'
t 'update add r.example 60 CNAME aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\097\097\097.example.net.'
t 'update add r.example 60 CNAME aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\097\097\097\097.example.net.'
printf 'BEGIN\nzone aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example\nCOMMIT\n' | $TXSPLIT 2>&1
echo "rc=$?"
