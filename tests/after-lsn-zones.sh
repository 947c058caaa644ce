# A transaction skipped by -a leaves nothing behind: the next
# transaction's zones are its own, each written with its own records
# (y.a.example under zone a.example, not the zone before it).
$TXSPLIT -a 0/10 <<'IN'
BEGIN 1
zone a.example
update add x.a.example 300 A 192.0.2.1
COMMIT 1 0/10
BEGIN 2
zone b.example
update add x.b.example 300 A 192.0.2.2
zone a.example
update add y.a.example 300 A 192.0.2.3
COMMIT 2 0/20
IN
