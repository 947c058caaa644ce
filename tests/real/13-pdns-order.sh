#!/bin/sh
# txsplit -O against a private PowerDNS Authoritative Server
# (tests/lib/pdns.sh, sqlite3 backend, dnsupdate=yes).  PowerDNS does
# not apply a message's updates in order (RFC 2136 section 3.4.2 wants
# them so): it applies the deletes first, then the CNAME adds, then the
# other adds, and refuses (FORMERR) a whole message that holds a CNAME
# and other data at one name.  With -O every message means the same in
# any order, so the zones must end up as the same changes sent one per
# message to a fresh PowerDNS leave them, and nsupdate must take every
# message.
#
# First the cases merging gets wrong: a transaction adds x and a later
# one deletes it; a transaction adds a CNAME at c and a later one
# replaces it by an A; around them, transactions that change unrelated
# names.  Without -O, txsplit -m puts them all in one message: PowerDNS
# keeps x and refuses the message with c (every unrelated change in it
# lost), which this test asserts too, to show why -O exists.  Then a
# stream from tests/gen-stream, with -O and with -O -m.
#
# gen-stream leaves out the types PowerDNS 4.7 cannot hold: those it
# does not know, whose every add or delete makes the whole message
# FORMERR ("Failed prescan check"; RFC 3597 would have it take them as
# unknown types), RT among them; IPSECKEY, some of whose values it takes
# and then cannot read back (SERVFAIL, "invalid algorithm type"); KEY,
# whose form without a key ("49152 3 8") it takes and then cannot
# send; and SVCB and HTTPS, some of whose values it takes and then
# cannot send: the AXFR of the zone fails.  Its AXFR also fails on a zone
# with a record of about 64,000 octets, which gen-stream's records (700
# octets at most) never approach.
#
# Which PowerDNS matters: 4.7.3 (Debian 12) and 4.9.18 take an add or a
# delete of a type in RFC 3597 form that they do not know (TYPE65400 \#
# ...); 4.9.20 (Debian 13's security update) refuses the whole message
# (FORMERR), though prerequisites with such a type still pass.  The
# server is asked (pdns_refuses_unknown) rather than its version
# compared, and gen-stream leaves TYPE65400 out where it is refused.
PDNS_UNKNOWN=MD,MF,NSAP-PTR,TALINK,PX,X25,ISDN,GPOS,NSAP,EID,NIMLOC,ATMA
PDNS_UNKNOWN=$PDNS_UNKNOWN,HIP,NINFO,AVC,RESINFO,WALLET,DOA,AMTRELAY,TA
PDNS_UNKNOWN=$PDNS_UNKNOWN,HHIT,BRID,IPSECKEY,KEY

. tests/lib/common.sh
. tests/lib/named.sh
. tests/lib/pdns.sh

srv_start() { pdns_start; }
srv_stop() { pdns_stop; }
srv_log() { echo "$PDNS_DIR/pdns.log"; }
. tests/lib/equivalence.sh

# pdns_refuses_unknown: a fresh PowerDNS refuses an add of TYPE65400
pdns_refuses_unknown() {
	srv_start
	printf 'zone example.com\nupdate add t.example.com 60 TYPE65400 \\# 0\nsend\n' |
		nsupdate_local >"$T/unknown.nsupdate" 2>&1
	_rc=$?
	srv_stop
	[ $_rc -ne 0 ] && grep -q FORMERR "$T/unknown.nsupdate"
}
pdns_version=$(pdns_server --version 2>&1 |
	sed -n 's/.*Authoritative Server \([^ ]*\).*/\1/p;q')
if pdns_refuses_unknown
then
	PDNS_UNKNOWN=$PDNS_UNKNOWN,TYPE65400
	echo "PowerDNS $pdns_version: refuses TYPE65400 (an unknown type), left out"
else
	echo "PowerDNS $pdns_version: takes TYPE65400 (an unknown type)"
fi

# The merge cases: x in example.net, between unrelated changes there;
# c in example.com, beside an unrelated TXT.  The reference sends each
# change alone.
{
	n=0
	unrelated() {
		echo "zone example.net"
		for _i in 1 2 3 4 5 6 7 8 9 10
		do
			n=$((n + 1))
			echo "update add u$n.example.net 60 A 192.0.2.$((n % 250 + 1))"
		done
	}
	echo "BEGIN 1"; unrelated
	echo "update add x.example.net 60 A 192.0.2.1"; echo "COMMIT 1"
	echo "BEGIN 2"; unrelated; echo "COMMIT 2"
	echo "BEGIN 3"; echo "zone example.net"
	echo "update delete x.example.net A 192.0.2.1"; unrelated; echo "COMMIT 3"
	echo "BEGIN 4"; echo "zone example.com"
	echo "update add c.example.com 60 CNAME t.example.net."
	unrelated; echo "COMMIT 4"
	echo "BEGIN 5"; unrelated; echo "zone example.com"
	echo "update add u.example.com 60 TXT unrelated"
	echo "update delete c.example.com CNAME"
	echo "update add c.example.com 60 A 192.0.2.3"; echo "COMMIT 5"
	echo "BEGIN 6"; unrelated; echo "COMMIT 6"
} >"$T/stream.txt"
awk '/^zone / { z = $0 } /^update / { print z; print; print "send" }' \
	"$T/stream.txt" >"$T/ref.txt"
changes=$(grep -c '^send$' "$T/ref.txt")

failed=
echo "merge cases: $changes changes in 6 transactions"
apply reference "$T/ref.txt" perzone || exit 1
split order-merge "$T/stream.txt" signed -- -O -m ||
	failed="$failed order-merge"
# Without -O: must go wrong, and is shown going wrong.  One message
# per zone: example.net's adds x and deletes it, and PowerDNS keeps x;
# example.com's holds the CNAME and the A at c, and is refused whole.
txsplit -m "$T/stream.txt" >"$T/merge.txt" || fail "txsplit -m failed"
srv_start
nsupdate_local <"$T/merge.txt" >"$T/merge.nsupdate" 2>&1
_eq_axfr merge >"$T/merge.axfr"
srv_stop
echo "  merge (without -O): $(grep -c '^send$' "$T/merge.txt") messages;" \
	"nsupdate said: $(tr '\n' ' ' <"$T/merge.nsupdate")"
diff "$T/reference.axfr" "$T/merge.axfr" | sed -n 's/^[<>]/   &/p'
if ! grep -q '^x\.example\.net\. .* A 192\.0\.2\.1$' "$T/merge.axfr"
then
	echo "FAIL: without -O, PowerDNS did not keep x.example.net, added" \
		"and deleted in one message"
	failed="$failed merge-x"
fi
if ! grep -q 'FORMERR' "$T/merge.nsupdate" ||
	grep -q '^u\.example\.com\. ' "$T/merge.axfr"
then
	echo "FAIL: without -O, PowerDNS took the message holding a CNAME" \
		"and an A at c.example.com"
	failed="$failed merge-c"
fi

eq_generate "${TXSPLIT_TEST_SEED:-13}" 1-10x60,10-100x10,100-1000x1,1000 \
	-x "RT,SVCB,HTTPS,$PDNS_UNKNOWN"
echo "reference: $changes changes, one per message"
apply reference "$T/ref.txt" perzone || exit 1
records=$(wc -l <"$T/reference.axfr")
[ "$records" -gt 300 ] ||
	fail "reference: only $records records after $changes changes"
echo "  reference zones hold $records records (SOA aside)"
split order "$T/stream.txt" signed -- -O || failed="$failed order"
split order-merge "$T/stream.txt" signed -- -O -m || failed="$failed order-merge"

[ -z "$failed" ] || fail "runs that went wrong:$failed"
echo "PASS: with -O, PowerDNS's zones are as one change per message leaves" \
	"them, merged or not, every message taken; without it the merged cases" \
	"went wrong"
