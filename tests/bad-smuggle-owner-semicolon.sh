# A ';' does not start a second command: what follows it is read as the
# rest of the line (here as the type), and refused.
# Transactions 101 and 102 are written; nothing of 103, which holds a
# good change before the bad line, nor of 104 after it.
$TXSPLIT bad-smuggle-owner-semicolon.in
