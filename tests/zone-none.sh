# No zone line and no -z: the block has no zone line, and nsupdate finds
# the zone.  Sizes count the zone as 255 octets, unknown to name
# compression: the names point only at each other.
#   header 12 + zone 255+4 = 271
#   www.example.com A: 17 + 10 + 4 = 31 (remembered: www.example.com and
#     its parent example.com, on 9.18 and 9.20)
#   www.example.com AAAA (the same name): 2 + 10 + 16 = 28
#   example.com TXT "x" (remembered as the parent): 2 + 10 + 2 = 14
#   271 + 31 + 28 + 14 = 344
$TXSPLIT -v -t 0 <<'IN'
BEGIN
update add www.example.com 60 A 192.0.2.1
update add example.com 60 TXT "x"
update add www.example.com 60 AAAA 2001:db8::1
COMMIT
IN
