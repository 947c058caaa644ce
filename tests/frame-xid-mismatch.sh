# COMMIT's xid must be BEGIN's.  The transaction before is written;
# nothing of the bad one.
$TXSPLIT <<'IN'
BEGIN 1
zone example
update add a.example 60 A 192.0.2.1
COMMIT 1
BEGIN 2
zone example
update add b.example 60 A 192.0.2.2
COMMIT 3 0/30
IN
