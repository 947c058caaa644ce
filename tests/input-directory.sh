# A directory cannot be read: a system error (exit 2).
$TXSPLIT .
