# A transaction: BEGIN, zone, ttl, updates, COMMIT xid lsn time.  The
# block is zone, updates, send; the ttl and class in effect are written
# into each line; then "; COMMIT" echoes the frame.
$TXSPLIT frame-basic.in
