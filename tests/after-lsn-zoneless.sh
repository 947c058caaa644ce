# A transaction skipped by -a leaves no trace: a later zoneless
# transaction is fine, since no zone line has been written.
$TXSPLIT -a 0/10 <<'IN'
BEGIN 1
zone example
update add a.example 60 A 192.0.2.1
COMMIT 1 0/5
BEGIN 2
update add b.example.org 60 A 192.0.2.2
COMMIT 2 0/20
IN
