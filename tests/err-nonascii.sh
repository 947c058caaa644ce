# A byte that is not ASCII is refused; the message says how to write it.
printf 'BEGIN\nzone example\nupdate add a.example 60 TXT "caf\303\251"\nCOMMIT\n' | $TXSPLIT
