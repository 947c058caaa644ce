# A line that is no command nsupdate or txsplit knows.
$TXSPLIT <<'IN'
BEGIN
zone example
upate add a.example 60 A 192.0.2.1
COMMIT
IN
