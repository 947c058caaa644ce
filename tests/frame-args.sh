# BEGIN takes at most an xid; COMMIT at most an xid, an lsn and a time.
printf 'BEGIN 1 2\nCOMMIT 1\n' | $TXSPLIT; echo "rc=$?"
printf 'BEGIN 1\nCOMMIT 1 0/1 2026-11-25T20:10:00Z extra\n' | $TXSPLIT; echo "rc=$?"
