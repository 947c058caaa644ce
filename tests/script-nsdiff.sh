# nsdiff | txsplit | nsupdate: nsdiff's output (for zone example, with
# its SOA serial prerequisite) goes through as one batch, prerequisite
# first, each owner's changes together (sizes: see pending/prereq-owner-size).
$TXSPLIT <<'IN'
ttl 3600
prereq yxrrset example. IN SOA ns1.example. hostmaster.example. 2026112501 7200 3600 1209600 3600
update delete example. IN SOA ns1.example. hostmaster.example. 2026112501 7200 3600 1209600 3600
update delete www.example. IN A 192.0.2.1
update add example. 3600 IN SOA ns1.example. hostmaster.example. 2026112502 7200 3600 1209600 3600
update add www.example. 3600 IN A 192.0.2.2
update add new.example. 3600 IN AAAA 2001:db8::2
send
IN
