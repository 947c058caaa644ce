# PENDING (wrong output): a transaction skipped by -a leaves its zones
# in txsplit's zone index, so the next transaction's second zone gets
# the same slot and its records are written under the wrong zone:
# y.a.example lands in "zone b.example".
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
