# A NUL byte is an error, wherever it is (here in a comment).  The
# transaction before is written.
printf 'BEGIN 1\nzone example\nupdate add a.example 60 A 192.0.2.1\nCOMMIT 1\nBEGIN 2\n; a\000b\nCOMMIT 2\n' | $TXSPLIT
