# A NUL byte inside an RDATA string: nsupdate would read the line only
# up to it.  Transactions 101 and 102 (bad-head.txt) are written; nothing
# of 103, nor of 104 after it.
{ cat bad-head.txt; printf 'update add txt.example.com 60 TXT "a\000send"\n'; cat bad-tail.txt; } | $TXSPLIT
