# With a TSIG reserve (the default), -v says "and TSIG": the size
# written is the message's without TSIG.  zone example 25 + a.example
# A (1+1+2 + 14 = 18) = 43.
$TXSPLIT -v <<'IN'
BEGIN
zone example
update add a.example 60 A 192.0.2.1
COMMIT
IN
