# Transactions do not nest.
$TXSPLIT <<'IN'
BEGIN 1
zone example
update add a.example 60 A 192.0.2.1
BEGIN 2
COMMIT 2
COMMIT 1
IN
