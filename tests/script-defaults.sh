# Outside frames zone, ttl and class last from batch to batch, as in
# nsupdate; a frame's defaults are its own and do not change them.
$TXSPLIT script-defaults.in
