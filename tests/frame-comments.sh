# Comments (";", also indented) and blank lines, inside and outside a
# frame, and tabs between words: all ignored.  BEGIN and COMMIT in
# lower case are still BEGIN and COMMIT.
$TXSPLIT frame-comments.in
