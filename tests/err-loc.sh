# LOC (RFC 1876): degrees [minutes [seconds]] N|S, the same E|W, an
# altitude from -100000.00m to 42849672.95m, then up to three of size
# and precisions, each at most 90000000.00m.
# Each case is line 3 of a transaction in zone example; its message
# (on standard output here) comes before its exit status.
t() {
	printf 'BEGIN\nzone example\n%s\nCOMMIT\n' "$1" | $TXSPLIT 2>&1
	echo "rc=$?"
}
t 'update add r.example 60 LOC 52 22 23.000 X 4 53 32.000 E 0m'
t 'update add r.example 60 LOC 91 N 0 E 0m'
t 'update add r.example 60 LOC 52 60 N 4 E 0m'
t 'update add r.example 60 LOC 52 22 60.000 N 4 E 0m'
t 'update add r.example 60 LOC 52 22 23.0001 N 4 E 0m'
t 'update add r.example 60 LOC 52 N 181 E 0m'
t 'update add r.example 60 LOC 52 N 4 E'
t 'update add r.example 60 LOC 52 N 4'
t 'update add r.example 60 LOC 52 N'
t 'update add r.example 60 LOC N 4 E 0m'
t 'update add r.example 60 LOC 52 N 4 E 42849672.96m'
t 'update add r.example 60 LOC 52 N 4 E -100000.01m'
t 'update add r.example 60 LOC 52 N 4 E 0m 90000000.01m'
t 'update add r.example 60 LOC 52 N 4 E 0m 1m 1m 1m 1m'
t 'update add r.example 60 LOC 52 N 4 E 0m 1x'
t 'update add r.example 60 LOC 52 1 2 3 N 4 E 0m'
