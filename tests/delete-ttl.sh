# nsupdate ignores the TTL of a delete "for compatibility", checking
# its range only for add (and reading it as a 32-bit number); deletes
# are written without a TTL.
$TXSPLIT <<'IN'
BEGIN
zone example
update delete a.example 4294967295 A
update delete b.example 2147483648 A 192.0.2.1
del c.example 300 TXT
COMMIT
IN
