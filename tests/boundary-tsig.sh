# The TSIG reserve comes off the budget: -b 1024 and the default -t 358
# leave 666 octets.  Exactly 666 is one message; 667 is two.
#   zone example 25; a.example TXT 255 255: 526 (551)
#   c.example TXT 100: 4 + 10 + 101 = 115 (666)
#   c.example TXT 101: 116 (667): blocks of 551 and 25 + 116 = 141
{ $TXSPLIT -v -b 1024 boundary-tsig.in; echo "rc=$?"; } | cut -c1-60
{ $TXSPLIT -v -b 1024 boundary-tsig-over.in; echo "rc=$?"; } | cut -c1-60
