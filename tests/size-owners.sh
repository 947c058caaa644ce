# What an owner costs: nsupdate compresses it only as the zone apex (a
# pointer, 2), one label below the apex (the label and a pointer), or
# octet-identical to the owner just before it in the block (a pointer);
# else the whole name.  Octet-identical: case counts.
# zone Example.ORG: header 12 + zone 13+4 = 29
#   Example.ORG A                   2 + 14 = 16
#   example.org TXT "x"            13 + 12 = 25  (case differs from zone)
#   www.Example.ORG A          1+3+2 = 6 + 14 = 20
#   www.Example.ORG AAAA             2 + 26 = 28  (same as before)
#   WWW.Example.ORG TXT "x"    1+3+2 = 6 + 12 = 18  (case differs from the
#                                                   one before; one below)
#   a.b.Example.ORG A              17 + 14 = 31  (two labels below)
#   a.b.Example.ORG TXT "x"         2 + 12 = 14  (same as before)
#   c.example.ORG A                15 + 14 = 29  (parent differs in case)
#   29 + 16+25+20+28+18+31+14+29 = 210
$TXSPLIT -v -t 0 <<'IN'
BEGIN
zone Example.ORG
update add Example.ORG 60 A 192.0.2.1
update add example.org 60 TXT "x"
update add www.Example.ORG 60 A 192.0.2.2
update add www.Example.ORG 60 AAAA 2001:db8::2
update add WWW.Example.ORG 60 TXT "x"
update add a.b.Example.ORG 60 A 192.0.2.3
update add a.b.Example.ORG 60 TXT "x"
update add c.example.ORG 60 A 192.0.2.4
COMMIT
IN
