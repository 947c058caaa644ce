# One octet over the budget: the last owner goes to a second message.
# -b 1024 -t 0.  As boundary-exact, but c's string is 89 octets:
#   c.example TXT 89:  4 + 10 + 90 = 104;  921 + 104 = 1025 > 1024
#   first block 921 octets, second 25 + 104 = 129
{ $TXSPLIT -v -b 1024 -t 0 boundary-over.in; echo "rc=$?"; } | cut -c1-60
