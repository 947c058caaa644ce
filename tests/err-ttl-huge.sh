# A TTL of digits is a TTL, however long: one too big for any integer
# is out of range (as nsupdate says), not an unknown type.
$TXSPLIT <<'IN'
BEGIN
zone example
update add a.example 18446744073709551616 A 192.0.2.1
COMMIT
IN
