# ttl and class are defaults for the lines that follow; each line is
# written with its TTL and class resolved, so that it means the same to
# nsupdate wherever it lands.  A line's own TTL and class win; "ttl
# none" clears the default; deletes and prereqs get the class too.
$TXSPLIT frame-defaults.in
