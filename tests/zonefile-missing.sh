# With -z, an owner in none of the listed zones is an error.
$TXSPLIT -z zonefile-longest.z <<'IN'
BEGIN
update add a.example 60 A 192.0.2.1
update add a.example.net 60 A 192.0.2.2
COMMIT
IN
