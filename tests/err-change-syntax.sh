# Malformed prereq and update lines.
# Each case is line 3 of a transaction in zone example; its message
# (on standard output here) comes before its exit status.
t() {
	printf 'BEGIN\nzone example\n%s\nCOMMIT\n' "$1" | $TXSPLIT 2>&1
	echo "rc=$?"
}
t 'update'
t 'prereq'
t 'update frob a.example'
t 'prereq exists a.example'
t 'update add'
t 'prereq nxdomain'
t 'prereq nxdomain a.example A'
t 'prereq yxdomain a.example IN'
t 'update add a.example 60'
t 'update add a.example 60 IN'
t 'prereq nxrrset a.example'
t 'prereq nxrrset a.example A 192.0.2.1'
t 'update add a.example 60 A'
t 'update add a.example 60 TXT'
