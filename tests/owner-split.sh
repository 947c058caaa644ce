# Only an owner whose changes alone exceed a message is split, in
# order, with a warning that names the line of its first change.
# -b 1024 -t 0.
#   zone example 25; x.example TXT "x": 4 + 10 + 2 = 16 (41)
#   a.example, 5 x TXT 255: 270 + 4*268 = 1342 > 1024 - 25: split
#   block 1: x alone, 41
#   block 2: 25 + 270 + 268 + 268 = 831 (one more would be 1099)
#   block 3: 25 + 270 + 268 = 563, then b.example TXT "b" 16: 579
{ $TXSPLIT -v -b 1024 -t 0 owner-split.in; echo "rc=$?"; } | cut -c1-60
