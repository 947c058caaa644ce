# An owner outside its zone is an error (names compare without regard
# to case: WWW.EXAMPLE is in zone example).
$TXSPLIT <<'IN'
BEGIN
zone example
update add WWW.EXAMPLE 60 A 192.0.2.1
update add www.example.org 60 A 192.0.2.2
COMMIT
IN
