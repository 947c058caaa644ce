# A blank line ends a batch, as in nsupdate; so does the end of the
# input.  Comment lines do not.
$TXSPLIT <<'IN'
zone example
update add a.example 60 A 192.0.2.1
; still the first batch
update add b.example 60 A 192.0.2.2

update add c.example 60 A 192.0.2.3
IN
