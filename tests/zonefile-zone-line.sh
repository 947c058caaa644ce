# A zone line in effect wins over -z.
$TXSPLIT -z zonefile-longest.z <<'IN'
BEGIN
zone example
update add a.sub.example 60 A 192.0.2.1
COMMIT
IN
