# Each file must close its transactions: one left open at the end of
# the first file is an error there, even if the next file would close it.
$TXSPLIT input-unterminated-file.in input-files.in
