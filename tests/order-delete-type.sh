# -O with -m: a delete of one RRset (foo's A, bar's AAAA) is that
# RRset's alone, also when it ends its line: 1 and 2 touch different
# RRsets and share one message.
$TXSPLIT -m -O order-delete-type.in
