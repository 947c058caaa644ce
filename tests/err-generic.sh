# RFC 3597 RDATA: \# length hex, the length matching the hex.
# Each case is line 3 of a transaction in zone example; its message
# (on standard output here) comes before its exit status.
t() {
	printf 'BEGIN\nzone example\n%s\nCOMMIT\n' "$1" | $TXSPLIT 2>&1
	echo "rc=$?"
}
t 'update add a.example 60 TYPE999 \#'
t 'update add a.example 60 TYPE999 \# x 00'
t 'update add a.example 60 TYPE999 \# 2 01'
t 'update add a.example 60 TYPE999 \# 1 0g'
t 'update add a.example 60 TYPE999 \# 2 012'
t 'update add a.example 60 TYPE999 \# 65536 00'
t 'update add a.example 60 TYPE999 \# 0 00'
t 'update add a.example 60 TYPE999 \# 1'
t 'update add a.example 60 TYPE999 "\#" 0'
