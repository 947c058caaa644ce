# nsupdate checks names as check-names does in zones, in update add
# only: owners of A, AAAA and MX, and targets of NS, MX, SRV, AFSDB, RT,
# SVCB and HTTPS are host names (an owner may start with *); SOA's
# mailbox may have any first label; PTR targets in the reverse trees
# are host names.  txsplit refuses the same, and no more.
# Each case is line 3 of a transaction in zone example; its message
# (on standard output here) comes before its exit status.
t() {
	printf 'BEGIN\nzone example\n%s\nCOMMIT\n' "$1" | $TXSPLIT 2>&1
	echo "rc=$?"
}
t 'update add _x.example 60 A 192.0.2.1'
t 'update add _x.example 60 AAAA 2001:db8::1'
t 'update add _x.example 60 MX 10 mx.example.net.'
t 'update add -x.example 60 A 192.0.2.1'
t 'update add x-.example 60 A 192.0.2.1'
t 'update add r.example 60 MX 10 _mx.example.net.'
t 'update add r.example 60 NS ns_1.example.net.'
t 'update add r.example 60 SRV 0 0 1 _t.example.net.'
t 'update add r.example 60 AFSDB 1 _x.example.net.'
t 'update add r.example 60 RT 1 _x.example.net.'
t 'update add r.example 60 SVCB 1 _x.example.net.'
t 'update add r.example 60 HTTPS 1 _x.example.net.'
t 'update add r.example 60 SOA _ns.example.net. h.example.org. 1 2 3 4 5'
t 'update add r.example 60 SOA ns.example.net. a_b.host_master.example.org. 1 2 3 4 5'
# the reverse trees
printf 'BEGIN\nzone 2.0.192.in-addr.arpa\nupdate add 1.2.0.192.in-addr.arpa 60 PTR _x.example.net.\nCOMMIT\n' | $TXSPLIT 2>&1
echo "rc=$?"
printf 'BEGIN\nzone 8.b.d.0.1.0.0.2.ip6.arpa\nupdate add 1.0.8.b.d.0.1.0.0.2.ip6.arpa 60 PTR _x.example.net.\nCOMMIT\n' | $TXSPLIT 2>&1
echo "rc=$?"
# all fine:
$TXSPLIT 2>&1 <<'IN'
BEGIN
zone example
update add *.example 60 A 192.0.2.1
update add *.x.example 60 MX 10 mx.example.net.
update add _x.example 60 TXT "not checked"
update add r.example 60 KX 1 _x.example.net.
update add r.example 60 CNAME _x.example.net.
update add r.example 60 PTR _x.example.net.
update add r.example 60 SOA ns.example.net. h\.ost+master.example.org. 1 2 3 4 5
update add r-1.example 60 MX 10 mail-1.example.net.
update delete _x.example A 192.0.2.1
update delete r.example MX 10 _mx.example.net.
prereq yxrrset _y.example A 192.0.2.1
COMMIT
IN
echo "rc=$?"
