# An empty transaction writes only its comment line, even with a zone,
# ttl and class and comments in it.
$TXSPLIT <<'IN'
BEGIN 1
COMMIT 1 0/10
BEGIN 2
zone example
ttl 300
class IN
; nothing
COMMIT 2 0/20
IN
