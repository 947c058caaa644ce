# Prerequisites go first, and only in the first block of their zone.
# -b 1024 -t 0.
#   zone example 25
#   prereq yxrrset a.example TXT: 1+1+2 + 10 = 14         (39)
#   prereq nxdomain n.example: 14                         (53)
#   update add a.example TXT 255 255: 4 + 10 + 512 = 526  (579)
#   update add b.example TXT 255 255: 526; 1105 > 1024: new block, 551
{ $TXSPLIT -v -b 1024 -t 0 prereq-first-block.in; echo "rc=$?"; } | cut -c1-60
