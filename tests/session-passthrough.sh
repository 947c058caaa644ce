# nsupdate's session commands outside frames pass through in place, in
# order with the blocks around them.
$TXSPLIT session-passthrough.in
