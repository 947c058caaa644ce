# Outside any frame the input may be a plain nsupdate script: update and
# prereq lines gather until "send", and each batch is split like a
# transaction, with no "; COMMIT" line.  A send with nothing waiting
# writes nothing.
$TXSPLIT script-send.in
