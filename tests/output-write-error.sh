# A write error is a system error (exit 2).
$TXSPLIT input-files.in >/dev/full
