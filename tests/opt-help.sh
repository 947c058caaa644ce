# -h writes the usage to standard error and exits 2 (as written: it
# neither reads nor writes anything else).
$TXSPLIT -h </dev/null
