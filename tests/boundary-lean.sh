# At the budget with compression: an update that follows a prerequisite
# on the same owner costs a pointer for its name in the same block, but
# its whole cost in a block of its own.  -b 1024 -t 0.
#   zone example 25; prereq yxrrset a.example TXT: 1+1+2 + 10 = 14 (39)
#   update add a.example TXT 255 255 255 204: 2 + 10 + 973 = 985 (1024)
#   with 205: 986, 1025 > 1024: the prerequisite alone (39), then
#   25 + 4 + 10 + 974 = 1013
{ $TXSPLIT -v -b 1024 -t 0 boundary-lean.in; echo "rc=$?"; } | cut -c1-60
{ $TXSPLIT -v -b 1024 -t 0 boundary-lean-over.in; echo "rc=$?"; } | cut -c1-60
