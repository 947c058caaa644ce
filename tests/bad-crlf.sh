# CR LF line endings in transaction 103.  Transactions 101 and 102 are
# written; nothing of 103, nor of 104 after it.
{ cat bad-head.txt; printf 'update add crlf.example.com 60 A 192.0.2.1\r\n'; cat bad-tail.txt; } | $TXSPLIT
