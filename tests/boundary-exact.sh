# A block of exactly the budget is one message.  -b 1024 -t 0.
# zone example: 12 + 9+4 = 25
#   a.example TXT 255 255:  1+1+2 + 10 + 256+256 = 526   (551)
#   b.example TXT 255 99:   4 + 10 + 256+100     = 370   (921)
#   c.example TXT 88:       4 + 10 + 89          = 103   (1024)
{ $TXSPLIT -v -b 1024 -t 0 boundary-exact.in; echo "rc=$?"; } | cut -c1-60
