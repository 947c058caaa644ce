# -h writes the usage to standard output and exits 0 (as written: it
# neither reads nor writes anything else); a usage error writes it to
# standard error (opt-unknown).
$TXSPLIT -h </dev/null
