# SOA timers: seconds (0 to 4294967295) or with units w, d, h, m, s.
# Each case is line 3 of a transaction in zone example; its message
# (on standard output here) comes before its exit status.
t() {
	printf 'BEGIN\nzone example\n%s\nCOMMIT\n' "$1" | $TXSPLIT 2>&1
	echo "rc=$?"
}
t 'update add r.example 60 SOA ns.example.net. h.example.org. 1 1x 3 4 5'
t 'update add r.example 60 SOA ns.example.net. h.example.org. 1 4294967296 3 4 5'
t 'update add r.example 60 SOA ns.example.net. h.example.org. 1 1h30 3 4 5'
t 'update add r.example 60 SOA ns.example.net. h.example.org. 1 h 3 4 5'
t 'update add r.example 60 SOA ns.example.net. h.example.org. 1 7102w 3 4 5'
t 'update add r.example 60 SOA ns.example.net. h.example.org. 1 7101w 3 4 5'
t 'update add r.example 60 SOA ns.example.net. h.example.org. 1 7101w2d4h 3 4 5'
t 'update add r.example 60 SOA ns.example.net. h.example.org. 1h 1 3 4 5'
