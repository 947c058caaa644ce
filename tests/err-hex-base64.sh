# Hex and base64 RDATA (blanks allowed between the parts).
# Each case is line 3 of a transaction in zone example; its message
# (on standard output here) comes before its exit status.
t() {
	printf 'BEGIN\nzone example\n%s\nCOMMIT\n' "$1" | $TXSPLIT 2>&1
	echo "rc=$?"
}
t 'update add r.example 60 TLSA 3 1 1'
t 'update add r.example 60 TLSA 3 1 1 0g'
t 'update add r.example 60 TLSA 3 1 1 012'
t 'update add r.example 60 TLSA 3 1 1 "00"'
t 'update add r.example 60 DNSKEY 257 3 13'
t 'update add r.example 60 DNSKEY 257 3 13 AA=A'
t 'update add r.example 60 DNSKEY 257 3 13 AAA'
t 'update add r.example 60 DNSKEY 257 3 13 A==='
t 'update add r.example 60 DNSKEY 257 3 13 AA== AAAA'
t 'update add r.example 60 DNSKEY 257 3 13 AA!A'
t 'update add r.example 60 OPENPGPKEY "AAAA"'
