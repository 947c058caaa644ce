# -a wants an lsn as PostgreSQL writes it: a usage error (exit 2).
$TXSPLIT -a 16B374D848 </dev/null; echo "rc=$?"
$TXSPLIT -a 1/123456789 </dev/null; echo "rc=$?"
