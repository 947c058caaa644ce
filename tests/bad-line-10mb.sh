# A line of 10 MB: a TXT string of 10485760 octets.  Refused as longer
# than nsupdate can read as one command, as soon as that much of it is
# read; transactions 101 and 102 are written, nothing of 103 or 104.
# Then the same 10 MB as a comment, refused the same way: nsupdate would
# read what is left of it as commands.
{ cat bad-head.txt; perl -e 'print "update add txt.example.com 60 TXT \"", "t" x 10485760, "\"\n"'; cat bad-tail.txt; } | $TXSPLIT
echo "rc=$?"
{ cat bad-head.txt; perl -e 'print "; ", "c" x 10485760, "\n"'; cat bad-tail.txt; } | $TXSPLIT
