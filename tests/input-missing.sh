# An input file that cannot be opened is a system error (exit 2); the
# files before it have been written.
$TXSPLIT input-files.in input-missing.nonexistent input-files.in
