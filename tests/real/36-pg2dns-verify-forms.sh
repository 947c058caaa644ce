#!/bin/sh
# pg2dns verify compares records as named reads them: rows written in
# forms other than named's own (NAPTR with upper-case regexps, AAAA in
# long form, TXT of unquoted words, unquoted CAA values, SRV and MX
# targets without the final dot, quotes and semicolons inside words)
# verify clean once streamed; a difference planted in the DNS is
# repaired by verify -r with exactly the row's record, so that deleting
# the rows afterwards leaves nothing behind; what verify reports counts
# missing, extra and TTL-only differences.  (A zone file reads ; ( ) and
# a quote inside a word otherwise than nsupdate does: verify writes the
# rows' zone files so that they read alike.)  An apex NS the tables hold
# is compared and repaired with its TTL.  A zone whose AXFR fails is
# named, and the other zones are still compared and repaired (exit 2).

. tests/lib/common.sh
. tests/lib/named.sh
. tests/lib/pg.sh
. tests/lib/pg2dns.sh

pg2dns_setup
# zones to compare even when the tables hold nothing in them
echo 'PG2DNS_VERIFY_ZONES="example.com example.net"' >>"$PG2DNS_CONFIG"
# owner TYPE RDATA: one row each
cat >"$T/rows" <<'ROWS'
naptr.example.com. NAPTR 100 10 "U" "E2U+sip" "!^.*$!SIP:INFO@EXAMPLE.COM!" .
naptr.example.com. NAPTR 102 10 U E2U+email !^.*$!MAILTO:Info@Example.COM! .
long.example.com. AAAA 2001:DB8:0:0:0:0:0:1
long.example.com. AAAA 2001:0db8:0000::00ff
spf.example.com. TXT v=spf1 mx -all
words.example.com. TXT a;b c"d e" "f g"h
paren.example.com. TXT x(y z) ;
caa.example.com. CAA 0 issue letsencrypt.org
caa.example.com. CAA 128 tbs Unknown
_sip._udp.example.com. SRV 0 5 5060 sip.example.com
mx.example.net. MX 10 mail.example.net
svc.example.net. HTTPS 1 . alpn="h2,h3" port=443
ROWS
while read -r owner type rdata
do
	insert "$owner" "$type" "$rdata"
done <"$T/rows"
pg2dns_start
wait_dns svc.example.net HTTPS '1 . alpn="h2,h3" port=443'
pg2dns verify >"$T/repair" 2>"$T/verify.err" ||
	{ cat "$T/verify.err" "$T/repair"; fail "verify found differences in forms named reads alike"; }
grep -q '^verify: 2 zones, 12 records in the tables, 12 in the DNS; 0 differences' \
	"$T/verify.err" || fail "verify said: $(cat "$T/verify.err")"

# differences behind replication's back: a one-string TXT where the
# table has three unquoted words (alike as text, not as records), a TTL
# changed, records deleted, a stray one
nsupdate_local <<'NSU' || fail "nsupdate"
update delete spf.example.com. IN TXT
update add spf.example.com. 3600 IN TXT "v=spf1 mx -all"
update add long.example.com. 60 IN AAAA 2001:db8::1
update delete naptr.example.com. IN NAPTR
update delete words.example.com. IN TXT
send
update add stray.example.net. 300 IN A 192.0.2.99
send
NSU
pg2dns verify -r >"$T/repair" 2>"$T/verify.err"
rc=$?
[ $rc -eq 1 ] || { cat "$T/verify.err" "$T/repair"; fail "verify -r exit $rc, want 1"; }
cat >"$T/want" <<'W'
zone example.com
update delete spf.example.com. IN TXT "v=spf1 mx -all"
update add long.example.com. 3600 IN AAAA 2001:db8::1
update add long.example.com. 3600 IN AAAA 2001:db8::ff
update add naptr.example.com. 3600 IN NAPTR 100 10 "U" "E2U+sip" "!^.*$!SIP:INFO@EXAMPLE.COM!" .
update add naptr.example.com. 3600 IN NAPTR 102 10 "U" "E2U+email" "!^.*$!MAILTO:Info@Example.COM!" .
update add spf.example.com. 3600 IN TXT "v=spf1" "mx" "-all"
update add words.example.com. 3600 IN TXT "a;b" "c\"d" "e\"" "f g" "h"
send
zone example.net
update delete stray.example.net. IN A 192.0.2.99
send
W
diff -u "$T/want" "$T/repair" || fail "verify's repair script differs"
grep -q '^verify: 2 zones, 12 records in the tables, 10 in the DNS; 8 differences: 4 missing, 2 extra, 2 TTL only$' \
	"$T/verify.err" || fail "verify said: $(cat "$T/verify.err")"
pg2dns verify >"$T/repair" 2>"$T/verify.err" ||
	{ cat "$T/verify.err" "$T/repair"; fail "differences after verify -r"; }

# the rows' deletes remove exactly what verify -r added: no orphans
psql -Xq -c "DELETE FROM dns.rr" || fail "delete"
wait_dns svc.example.net HTTPS ''
for zone in example.com example.net
do
	named_axfr_nosoa $zone >"$T/axfr" || fail "AXFR of $zone"
	grep -v -e '^ns\.example\.com\. 3600 IN A 127\.0\.0\.1$' \
		-e '^sub\.example\.com\. 3600 IN NS ns\.example\.com\.$' \
		-e "^$zone\\. 3600 IN NS ns\\.example\\.com\\.\$" "$T/axfr" >"$T/left" &&
		{ cat "$T/left"; fail "records left behind in $zone (above)"; }
done
pg2dns verify >"$T/repair" 2>"$T/verify.err" ||
	{ cat "$T/verify.err" "$T/repair"; fail "verify after the deletes"; }
echo "ok: verify compares canonical forms; verify -r repairs exactly"

# the tables hold example.net's apex NS, not ignored: compared and
# repaired like any RRset, with its own TTL (not the stand-in NS's 0
# that verify's zone files give a zone whose rows hold no apex NS)
echo 'PG2DNS_VERIFY_IGNORE="example.com.:NS ns.example.com.:A sub.example.com.:NS"' >>"$PG2DNS_CONFIG"
insert example.net. NS ns.example.com. 300
insert mark.example.net. A 192.0.2.7
wait_dns mark.example.net A 192.0.2.7
nsupdate_local <<'NSU' || fail "nsupdate"
update add example.net. 3600 IN NS ns.example.com.
send
NSU
pg2dns verify -r >"$T/repair" 2>"$T/verify.err"
rc=$?
[ $rc -eq 1 ] || { cat "$T/verify.err" "$T/repair"; fail "apex NS: verify -r exit $rc, want 1"; }
printf '%s\n' 'zone example.net' \
	'update add example.net. 300 IN NS ns.example.com.' send >"$T/want"
diff -u "$T/want" "$T/repair" || fail "apex NS: verify's repair script differs"
ttl=$(dig @127.0.0.1 -p "$NAMED_PORT" +noall +answer example.net NS | awk '{ print $2 }')
[ "$ttl" = 300 ] || fail "apex NS: TTL $ttl after verify -r, want 300"
pg2dns verify >"$T/repair" 2>"$T/verify.err" ||
	{ cat "$T/verify.err" "$T/repair"; fail "apex NS: differences after verify -r"; }
echo "ok: verify compares and repairs the tables' apex NS with its TTL"

# a zone the server does not serve: its AXFR fails; the others are
# compared and repaired all the same, and verify exits 2 naming it
echo 'PG2DNS_VERIFY_ZONES="example.com example.net example.org"' >>"$PG2DNS_CONFIG"
nsupdate_local <<'NSU' || fail "nsupdate"
update add stray.example.net. 300 IN A 192.0.2.99
send
NSU
pg2dns verify -r >"$T/repair" 2>"$T/verify.err"
rc=$?
[ $rc -eq 2 ] || { cat "$T/verify.err" "$T/repair"; fail "AXFR refused: verify -r exit $rc, want 2"; }
grep -q '^verify: AXFR of example.org failed: ' "$T/verify.err" &&
	grep -q '^verify: not compared: example.org (AXFR failed)$' "$T/verify.err" ||
	fail "AXFR refused: verify said: $(cat "$T/verify.err")"
grep -q '^verify: 2 zones, .* 1 difference: 0 missing, 1 extra' "$T/verify.err" ||
	fail "AXFR refused: the other zones not compared: $(cat "$T/verify.err")"
printf '%s\n' 'zone example.net' \
	'update delete stray.example.net. IN A 192.0.2.99' send >"$T/want"
diff -u "$T/want" "$T/repair" || fail "AXFR refused: verify's repair script differs"
[ -z "$(dns stray.example.net A)" ] || fail "AXFR refused: the other zones not repaired"
echo "ok: a zone whose AXFR fails is named; the others are compared and repaired"
