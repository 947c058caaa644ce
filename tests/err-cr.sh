# CR LF line ends are refused, not guessed about.
printf 'BEGIN 1\r\nCOMMIT 1\r\n' | $TXSPLIT
