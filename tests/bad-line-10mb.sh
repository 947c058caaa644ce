# A line of 10 MB: a TXT string of 10485760 octets, far over the 255 a
# string may have.  Read whole (lines may be of any length) and refused;
# transactions 101 and 102 are written, nothing of 103 or 104.  Then the
# same 10 MB as a comment, which is fine: 101, 102, 103 and 104 are
# written.
{ cat bad-head.txt; perl -e 'print "update add txt.example.com 60 TXT \"", "t" x 10485760, "\"\n"'; cat bad-tail.txt; } | $TXSPLIT
echo "rc=$?"
{ cat bad-head.txt; perl -e 'print "; ", "c" x 10485760, "\n"'; cat bad-tail.txt; } | $TXSPLIT
