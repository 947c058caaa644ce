# A transaction still open at the end of the input is an error, and
# nothing of it is written; the one before is.
$TXSPLIT <<'IN'
BEGIN 1
zone example
update add a.example 60 A 192.0.2.1
COMMIT 1
BEGIN 2
zone example
update add b.example 60 A 192.0.2.2
IN
