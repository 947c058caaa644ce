# The "; COMMIT" line echoes whatever the frame carried: nothing; the
# xid of BEGIN when COMMIT has none; COMMIT's own xid, lsn and time.
$TXSPLIT frame-commit-echo.in
