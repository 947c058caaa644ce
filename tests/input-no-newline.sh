# The last line needs no newline.
printf 'BEGIN 1\nzone example\nupdate add a.example 60 A 192.0.2.1\nCOMMIT 1 0/1' | $TXSPLIT
