#!/bin/sh
# pg2dns verify on a zone that named signs (dnssec-policy default;
# inline-signing yes): the DNSKEY, RRSIG, NSEC and TYPE65534 records are
# the signer's, left out of the comparison, so the zone verifies clean
# after changes, and verify -r repairs what differs without sending a
# DNSSEC record.  A DNSSEC type in a record table is refused: by the
# schema's constraint, and by the plugin for a table without it.

. tests/lib/common.sh
. tests/lib/named.sh
. tests/lib/pg.sh
. tests/lib/pg2dns.sh

NAMED_SIGNED_ZONES=example.net
pg2dns_setup
dnssec='RRSIG|NSEC|NSEC3|NSEC3PARAM|DNSKEY|CDS|CDNSKEY|TYPE65534'
insert www.example.net. A 192.0.2.1
insert example.net. MX '10 mail.example.net.'
insert mail.example.net. AAAA 2001:db8::25
insert www.example.com. A 192.0.2.2
pg2dns_start
wait_dns mail.example.net AAAA 2001:db8::25
wait_dns www.example.com A 192.0.2.2
named_axfr example.net >"$T/axfr" || fail "AXFR"
grep -Eq " ($dnssec) " "$T/axfr" || fail "example.net is not signed: $(cat "$T/axfr")"
pg2dns verify >"$T/repair" 2>"$T/verify.err" ||
	{ cat "$T/verify.err" "$T/repair"; fail "a signed zone does not verify clean"; }
grep -Eq '^verify: zone example.net: 3 records in the tables, 3 in the DNS \(left out: DNS [1-9][0-9]* DNSSEC, 1 ignored\); 0 missing, 0 extra, 0 TTL only$' \
	"$T/verify.err" || fail "verify said: $(cat "$T/verify.err")"

# changes: the signer re-signs, verify stays clean
psql -Xq -v ON_ERROR_STOP=1 <<'SQL' || fail "changes"
UPDATE dns.rr SET rdata = '192.0.2.3' WHERE owner = 'www.example.net.';
DELETE FROM dns.rr WHERE owner = 'mail.example.net.';
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES
	('example.net', 'new.example.net.', 'TXT', 'signed zone');
SQL
wait_dns new.example.net TXT '"signed" "zone"'
wait_dns mail.example.net AAAA ''
pg2dns verify >"$T/repair" 2>"$T/verify.err" ||
	{ cat "$T/verify.err" "$T/repair"; fail "the signed zone differs after changes"; }

# a difference: verify -r repairs it and sends nothing DNSSEC
nsupdate_local <<'NSU' || fail "nsupdate"
update add stray.example.net. 300 IN A 192.0.2.99
update delete www.example.net. IN A
send
NSU
wait_dns www.example.net A ''
named_axfr example.net | grep -c ' DNSKEY ' >"$T/keys.before"
pg2dns verify -r >"$T/repair" 2>"$T/verify.err"
rc=$?
[ $rc -eq 1 ] || { cat "$T/verify.err" "$T/repair"; fail "verify -r exit $rc, want 1"; }
cat >"$T/want" <<'W'
zone example.net
update delete stray.example.net. IN A 192.0.2.99
update add www.example.net. 3600 IN A 192.0.2.3
send
W
diff -u "$T/want" "$T/repair" || fail "verify -r's repair script differs"
grep -Eq "$dnssec" "$T/repair" && fail "verify -r sent DNSSEC records"
wait_dns www.example.net A 192.0.2.3
named_axfr example.net | grep -c ' DNSKEY ' | cmp -s - "$T/keys.before" ||
	fail "the zone's DNSKEY records changed"
pg2dns verify >"$T/repair" 2>"$T/verify.err" ||
	{ cat "$T/verify.err" "$T/repair"; fail "differences after verify -r"; }

# DNSSEC types in a record table: the schema refuses them ...
for type in RRSIG NSEC NSEC3 NSEC3PARAM DNSKEY CDS CDNSKEY TYPE65534 rrsig TYPE46
do
	psql -Xq -c "INSERT INTO dns.rr (zone, owner, type, rdata) VALUES
		('example.net', 'k.example.net.', '$type', '\\# 0')" \
		>"$T/out" 2>&1 && fail "the schema took a $type row"
	grep -q rr_type_dnssec_is_the_signers "$T/out" ||
		fail "$type: $(cat "$T/out")"
done
# ... and so does the plugin, in a table without the constraint
pg2dns_stop
psql -Xq -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || fail "table"
CREATE TABLE dns.raw (owner text, type text, rdata text);
ALTER TABLE dns.raw REPLICA IDENTITY FULL;
SELECT 1 FROM pg_create_logical_replication_slot('raw', 'wal2nsupdate');
SQL
for type in RRSIG NSEC NSEC3 NSEC3PARAM DNSKEY CDS CDNSKEY TYPE65534 rrsig TYPE46
do
	psql -Xq -c "INSERT INTO dns.raw VALUES ('k.example.net.', '$type', '\\# 0')" ||
		fail "insert"
	psql -XAtq -c "SELECT data FROM pg_logical_slot_get_changes('raw', NULL,
		NULL, 'tables', 'dns.raw')" >"$T/out" 2>&1 &&
		fail "the plugin wrote a $type record: $(cat "$T/out")"
	grep -q 'is a DNSSEC type' "$T/out" || fail "$type: $(cat "$T/out")"
	psql -XAtq -c "SELECT 1 FROM pg_replication_slot_advance('raw',
		pg_current_wal_lsn())" >/dev/null || fail "advance"
done
echo "ok: signed zones verify clean; DNSSEC records never compared nor repaired"
