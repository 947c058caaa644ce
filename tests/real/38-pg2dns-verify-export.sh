#!/bin/sh
# pg2dns verify -f: the deployment check against the old batch export.
# Paused, a stand-in export (awk writing zone files from the table, with
# relative names, $TTL and the zones' static parts) is compared with the
# DNS: clean; a difference planted in one zone file is found, and only
# it, and verify -r makes the DNS say what the file says; resume carries
# on.  A zone file named_compilezone cannot read is an error naming its
# line.

. tests/lib/common.sh
. tests/lib/named.sh
. tests/lib/pg.sh
. tests/lib/pg2dns.sh

pg2dns_setup
insert www.example.com. A 192.0.2.10
insert example.com. MX '10 mail.example.com.'
insert example.com. TXT '"v=spf1 mx -all"'
insert mail.example.net. AAAA 2001:db8::25
insert _sip._udp.example.net. SRV '0 5 5060 sip.example.net.'
insert 10.2.0.192.in-addr.arpa. PTR www.example.com.
pg2dns_start
wait_dns 10.2.0.192.in-addr.arpa PTR www.example.com.
wait_dns mail.example.net AAAA 2001:db8::25

# the deployment procedure: pause, export, verify against it, resume
pg2dns pause >/dev/null || fail "pause"
mkdir "$T/export"
psql -XAtq -F '|' -c "SELECT rtrim(zone, '.'), owner, coalesce(ttl, 3600),
	class, type, rdata FROM dns.rr ORDER BY 1, 2" |
awk -F '|' -v dir="$T/export" '
	function header(z) {
		f = dir "/" z ".db"
		print "$TTL 3600\n$ORIGIN " z ".\n@ IN SOA ns.example.com. hostmaster.example.com. (\n\t2026120201 3600 900 604800 300 )\n\tIN NS ns.example.com." > f
		if (z == "example.com")
			print "ns\tIN A\t127.0.0.1\nsub\tIN NS\tns.example.com." > f
	}
	$1 != zone { zone = $1; header(zone) }
	{
		o = $2
		if (o == zone ".") o = "@"
		else sub("\\." zone "\\.$", "", o)
		print o "\t" $3 "\t" $4 "\t" $5 "\t" $6 > f
	}' || fail "export"
[ "$(ls "$T/export")" = "2.0.192.in-addr.arpa.db
example.com.db
example.net.db" ] || fail "export wrote: $(ls "$T/export")"
pg2dns verify -f "$T/export" >"$T/repair" 2>"$T/verify.err" ||
	{ cat "$T/verify.err" "$T/repair"; fail "the DNS differs from the export"; }
grep -q '^verify: 3 zones, 6 records in the files, 6 in the DNS; 0 differences' \
	"$T/verify.err" || fail "verify said: $(cat "$T/verify.err")"

# a difference planted in the export: found, and only it
sed -i 's/2001:db8::25$/2001:db8::26/' "$T/export/example.net.db"
pg2dns verify -f example.com="$T/export/example.com.db" \
	-f example.net.="$T/export/example.net.db" >"$T/repair" 2>"$T/verify.err"
rc=$?
[ $rc -eq 1 ] || { cat "$T/verify.err" "$T/repair"; fail "verify -f exit $rc, want 1"; }
cat >"$T/want" <<'W'
zone example.net
update delete mail.example.net. IN AAAA 2001:db8::25
update add mail.example.net. 3600 IN AAAA 2001:db8::26
send
W
diff -u "$T/want" "$T/repair" || fail "verify -f's repair script differs"
grep -q '^verify: 2 zones, 5 records in the files, 5 in the DNS; 2 differences: 1 missing, 1 extra, 0 TTL only$' \
	"$T/verify.err" || fail "verify said: $(cat "$T/verify.err")"
pg2dns verify -r -f "$T/export" >/dev/null 2>"$T/verify.err"
[ $? -eq 1 ] || { cat "$T/verify.err"; fail "verify -r -f"; }
[ "$(dns mail.example.net AAAA)" = 2001:db8::26 ] || fail "verify -r -f did not repair"
pg2dns verify -f "$T/export" >"$T/repair" 2>"$T/verify.err" ||
	{ cat "$T/verify.err" "$T/repair"; fail "differences after verify -r -f"; }
pg2dns status >"$T/status"
grep -q '^state: paused' "$T/status" || fail "verify -f resumed a pause"
pg2dns resume >/dev/null || fail "resume"
insert after.example.com. A 192.0.2.20
wait_dns after.example.com A 192.0.2.20

# a zone file that cannot be read: an error naming the line
printf '$ORIGIN example.org.\n@ 3600 IN SOA ns hm 1 2 3 4 5\n@ 3600 IN NS ns\nns 3600 IN A 192.0.2.300\n' \
	>"$T/bad.db"
pg2dns verify -f example.org="$T/bad.db" >"$T/repair" 2>"$T/verify.err"
rc=$?
[ $rc -eq 2 ] || { cat "$T/verify.err"; fail "verify of a bad zone file exit $rc, want 2"; }
grep -q "bad.db:4: .*bad dotted quad" "$T/verify.err" ||
	fail "verify said: $(cat "$T/verify.err")"
echo "ok: verify against the batch export"
