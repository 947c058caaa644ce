# In one transaction, a zoneless owner and then a zone line: the
# zoneless block goes first, before any zone line, so it is fine.
$TXSPLIT <<'IN'
BEGIN 1
update add a.example 60 A 192.0.2.1
zone example.org
update add b.example.org 60 A 192.0.2.2
COMMIT 1
IN
