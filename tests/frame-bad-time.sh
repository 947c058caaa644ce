# The time is one ISO 8601 token: digits and - + : . T Z.
printf 'BEGIN 1\nCOMMIT 1 0/1 2026-11-25_20:10\n' | $TXSPLIT; echo "rc=$?"
printf 'BEGIN 1\nCOMMIT 1 0/1 yesterday\n' | $TXSPLIT; echo "rc=$?"
