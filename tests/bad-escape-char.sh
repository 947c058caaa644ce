# A terminal escape sequence (ESC) in a TXT string.  Transactions 101 and
# 102 are written; nothing of 103 or 104.
{ cat bad-head.txt; printf 'update add txt.example.com 60 TXT "\033[2J"\n'; cat bad-tail.txt; } | $TXSPLIT
