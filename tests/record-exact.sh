# One record that alone fills the budget is fine.  -b 1024 -t 0.
#   zone example 25; a.example TXT 255 255 255 216:
#   4 + 10 + 3*256 + 217 = 999; 25 + 999 = 1024
{ $TXSPLIT -v -b 1024 -t 0 record-exact.in; echo "rc=$?"; } | cut -c1-60
