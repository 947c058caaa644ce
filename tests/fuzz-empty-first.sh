# Found by make fuzz: an empty transaction before any change, written
# alone or by the error after it, made group_write call qsort and memmove
# with a null pointer (undefined behaviour; txsplit-asan stopped there).
printf 'BEGIN 1\nCOMMIT 1\nCOMMIT 2\n' | $TXSPLIT
echo "rc=$?"
printf 'BEGIN 1\nCOMMIT 1\nBEGIN 2\nzone example\nupdate add a.example 60 A 192.0.2.1\nCOMMIT 2\n' | $TXSPLIT -m
echo "rc=$?"
printf 'send\nBEGIN\nCOMMIT\n' | $TXSPLIT
