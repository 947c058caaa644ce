# A transaction that -a skips must still be good input.
$TXSPLIT -a 1/0 <<'IN'
BEGIN 1
zone example
update add a.example 60 A 192.0.2.1
COMMIT 1 0/1
BEGIN 2
zone example
update add b.example 60 A 192.0.2.256
COMMIT 2 0/2
IN
