# A script batch is split like a transaction.  -b 1024 -t 0.
#   zone example 25; a.example TXT 255 255: 4 + 10 + 512 = 526 (551)
#   b.example the same: 1077 > 1024, so a second message of 551
{ $TXSPLIT -v -b 1024 -t 0 script-split.in; echo "rc=$?"; } | cut -c1-60
