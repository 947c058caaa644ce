# An lsn is two hexadecimal numbers of at most 8 digits, as PostgreSQL
# writes them.
for lsn in 16B374D848 /B374D848 16/ 16/B374D84G 123456789/0 0/123456789 0x1/2 1/2/3
do
	printf 'BEGIN 1\nCOMMIT 1 %s\n' "$lsn" | $TXSPLIT; echo "rc=$?"
done
