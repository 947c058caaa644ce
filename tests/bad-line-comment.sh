# The limit holds for every line, comments and blank ones too: nsupdate
# would read what is left of a long comment as a command.  A comment of
# 131070 octets is fine; one of 131071 (line 15) is refused, and 101 and
# 102 are written, nothing of 103 or 104.  Then a -z file with a comment
# line of 131071 octets: refused, naming the file and line.
comment() { perl -e 'print ";", "c" x ($ARGV[0] - 1), "\n"' "$1"; }
{ echo BEGIN; echo zone example.com; comment 131070; echo COMMIT; } |
	{ $TXSPLIT; echo "rc=$?"; }
{ cat bad-head.txt; comment 131071; cat bad-tail.txt; } | $TXSPLIT
echo "rc=$?"
{ echo example.com; comment 131071; } >bad-line-comment.zones
$TXSPLIT -z bad-line-comment.zones bad-tail.txt
echo "rc=$?"
rm -f bad-line-comment.zones
