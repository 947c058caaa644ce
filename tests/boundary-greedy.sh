# Packing is greedy, in order: once an owner does not fit, the block is
# sent and later owners go in the next one, even small ones that would
# have fitted before.  -b 1024 -t 0.
#   zone example 25
#   a.example TXT 255 230: 4 + 10 + 256+231 = 501   (526)
#   b.example TXT 255 230: 501; 526 + 501 = 1027 > 1024: new block (526)
#   c.example TXT "c": 4 + 10 + 2 = 16 (542), not back in the first
{ $TXSPLIT -v -b 1024 -t 0 boundary-greedy.in; echo "rc=$?"; } | cut -c1-60
