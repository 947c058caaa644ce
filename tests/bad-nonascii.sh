# UTF-8 (bytes over 127) in a TXT string: refused, with how to write
# it.  Transactions 101 and 102 are written; nothing of 103 or 104.
{ cat bad-head.txt; printf 'update add txt.example.com 60 TXT "caf\303\251"\n'; cat bad-tail.txt; } | $TXSPLIT
