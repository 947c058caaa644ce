# Types: a type txsplit does not know must be written in RFC 3597
# form (TYPEnnn \# length hex); meta types are not data; a TYPEnnn
# with no known format needs \# too.
# Each case is line 3 of a transaction in zone example; its message
# (on standard output here) comes before its exit status.
t() {
	printf 'BEGIN\nzone example\n%s\nCOMMIT\n' "$1" | $TXSPLIT 2>&1
	echo "rc=$?"
}
t 'update add a.example 60 FOO 1'
t 'update add a.example 60 NSEC a.example A'
t 'update add a.example 60 TYPE0 \# 0'
t 'update add a.example 60 TYPE41 \# 0'
t 'update add a.example 60 TYPE128 \# 0'
t 'update add a.example 60 TYPE255 \# 0'
t 'update add a.example 60 TYPE65536 \# 0'
t 'update add a.example 60 TYPE999 0102'
t 'update add a.example 60 TYPE "x"'
t 'update delete a.example FOO'
t 'prereq nxrrset a.example FOO'
