# An owner's changes are gathered (b's two, in their order, before c,
# whose first change came later) and never split by a block boundary
# when they fit in one message: b's first change would fit after a,
# but both do not, so both go in the next block.  -b 1024 -t 0.
#   zone example 25; a.example TXT 255 255: 526 (551)
#   b.example TXT 255: 4 + 10 + 256 = 270; again, after b: 2 + 10 + 256 = 268
#   551 + 538 > 1024: new block 25 + 538 = 563
#   c.example TXT "c": 4 + 10 + 2 = 16 (579)
{ $TXSPLIT -v -b 1024 -t 0 owner-together.in; echo "rc=$?"; } | cut -c1-60
