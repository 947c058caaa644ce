# PENDING (refuses good input): a transaction skipped by -a still marks
# the group as having a known zone, so a later zoneless transaction is
# refused ("has no zone, and nsupdate keeps the zone of the last zone
# line it read") although no zone line has been written at all.
$TXSPLIT -a 0/10 <<'IN'
BEGIN 1
zone example
update add a.example 60 A 192.0.2.1
COMMIT 1 0/5
BEGIN 2
update add b.example.org 60 A 192.0.2.2
COMMIT 2 0/20
IN
