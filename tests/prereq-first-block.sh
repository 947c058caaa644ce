# Prerequisites go first, and only in the first block of their zone.
# -b 1024 -t 0.
#   zone example 25
#   prereq yxrrset a.example TXT: 1+1+2 + 10 = 14         (39)
#   prereq nxdomain n.example: 14                         (53)
#   update add a.example TXT 255 255: 2 (a.example, written for the
#     first prerequisite) + 10 + 512 = 524                (577)
#   update add b.example TXT 255 255: 526; 1103 > 1024: new block, 551
{ $TXSPLIT -v -b 1024 -t 0 prereq-first-block.in; echo "rc=$?"; } | cut -c1-60
