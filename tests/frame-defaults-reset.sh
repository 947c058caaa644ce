# Defaults belong to their transaction: BEGIN resets ttl and class.  The
# second transaction's add is class IN again; the third has no ttl, so
# its add is refused (and the first two are written).
$TXSPLIT frame-defaults-reset.in
