# Names: \DDD needs three digits and is at most 255; no empty labels;
# no backslash at the end; a name in RDATA cannot be quoted (nsupdate
# would keep the quotes as part of the name).  Good escapes work.
# Each case is line 3 of a transaction in zone example; its message
# (on standard output here) comes before its exit status.
t() {
	printf 'BEGIN\nzone example\n%s\nCOMMIT\n' "$1" | $TXSPLIT 2>&1
	echo "rc=$?"
}
t 'update add a\25.example 60 TXT "x"'
t 'update add a\256.example 60 TXT "x"'
t 'update add a..example 60 TXT "x"'
t 'update add .a.example 60 TXT "x"'
t 'update add a\ 60 TXT "x"'
t 'update add r.example 60 CNAME "x.example.net"'
t 'update add r.example 60 CNAME x..example.net'
t 'update add r.example 60 MX 10 \256.example.net'
t 'update add a\046b.example 60 TXT "x"'
t 'update add \@.example 60 TXT "x"'
