# A carriage return that would hide a second command from a terminal:
# refused.  Transactions 101 and 102 are written; nothing of 103 or 104.
{ cat bad-head.txt; printf 'update add cr.example.com 60 TXT "x"\rsend\n'; cat bad-tail.txt; } | $TXSPLIT
