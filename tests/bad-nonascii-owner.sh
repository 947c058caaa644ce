# A Latin-1 byte in an owner name.  Transactions 101 and 102 are
# written; nothing of 103 or 104.
{ cat bad-head.txt; printf 'update add caf\351.example.com 60 A 192.0.2.1\n'; cat bad-tail.txt; } | $TXSPLIT
