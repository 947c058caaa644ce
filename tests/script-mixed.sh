# Frames and script batches may follow one another; a BEGIN right after
# unsent update lines is an error, since the batch is not finished.
$TXSPLIT <<'IN'
zone example
update add a.example 60 A 192.0.2.1

BEGIN 1
zone example
update add b.example 60 A 192.0.2.2
COMMIT 1
update add c.example 60 A 192.0.2.3
BEGIN 2
COMMIT 2
IN
