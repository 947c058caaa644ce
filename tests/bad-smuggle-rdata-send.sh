# A second command after the RDATA on the same line is extra text, not a command.
# Transactions 101 and 102 are written; nothing of 103, which holds a
# good change before the bad line, nor of 104 after it.
$TXSPLIT bad-smuggle-rdata-send.in
