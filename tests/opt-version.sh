# -V prints the name and version, exits 0, and reads no input.
$TXSPLIT -V opt-version.nonexistent | sed 's/^txsplit [0-9][0-9.]*$/txsplit VERSION/'
