# Zoneless blocks are fine before any zone line; after one, nsupdate
# would keep that zone, so a zoneless block is refused.
$TXSPLIT <<'IN'
BEGIN 1
update add a.example 60 A 192.0.2.1
COMMIT 1
BEGIN 2
zone example
update add b.example 60 A 192.0.2.2
COMMIT 2
BEGIN 3
update add c.example 60 A 192.0.2.3
COMMIT 3
IN
