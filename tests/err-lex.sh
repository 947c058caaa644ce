# The RDATA as BIND reads it: a backslash escapes the next character,
# so one cannot end the line; a quoted string must end.
# Each case is line 3 of a transaction in zone example; its message
# (on standard output here) comes before its exit status.
t() {
	printf 'BEGIN\nzone example\n%s\nCOMMIT\n' "$1" | $TXSPLIT 2>&1
	echo "rc=$?"
}
t 'update add a.example 60 TXT "abc'
t "update add a.example 60 TXT abc\\"
t 'update add a.example 60 TXT "abc\"'
