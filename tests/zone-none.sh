# No zone line and no -z: the block has no zone line, and nsupdate finds
# the zone.  Sizes count the zone as 255 octets and names whole.
#   header 12 + zone 255+4 = 271
#   www.example.com A: 17 + 10 + 4 = 31
#   www.example.com AAAA (same owner as before): 2 + 10 + 16 = 28
#   example.com TXT "x": 13 + 10 + 2 = 25
#   271 + 31 + 28 + 25 = 355
$TXSPLIT -v -t 0 <<'IN'
BEGIN
update add www.example.com 60 A 192.0.2.1
update add example.com 60 TXT "x"
update add www.example.com 60 AAAA 2001:db8::1
COMMIT
IN
