# SVCB keyNNNNN values are in wire form, and a known key's value must
# have that key's shape, as BIND checks (FORMERR): alpn ids each after
# its length, no-default-alpn empty, port two octets, mandatory keys
# and addresses whole.
# Each case is line 3 of a transaction in zone example; its message
# (on standard output here) comes before its exit status.
t() {
	printf 'BEGIN\nzone example\n%s\nCOMMIT\n' "$1" | $TXSPLIT 2>&1
	echo "rc=$?"
}
t 'update add r.example 60 SVCB 1 . key1=h2'
t 'update add r.example 60 SVCB 1 . key1'
t 'update add r.example 60 SVCB 1 . alpn=h2 key2=x'
t 'update add r.example 60 SVCB 1 . key3'
t 'update add r.example 60 SVCB 1 . key3=8443'
t 'update add r.example 60 SVCB 1 . key4=\000\000\000'
t 'update add r.example 60 SVCB 1 . key6=\000\000\000\000'
t 'update add r.example 60 SVCB 1 . key0=\000'
