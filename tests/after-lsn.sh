# -a LSN skips the transactions whose COMMIT lsn is at or below LSN,
# comment line and all; lsns compare as 64-bit numbers (15/FFFFFFFF is
# below 16/0), hex in either case; a COMMIT with no lsn is never
# skipped.
$TXSPLIT -a 16/b374d848 after-lsn.in
