# zone takes one good name.
for z in '' 'example example.org' 'a..example'
do
	printf 'BEGIN\nzone %s\nCOMMIT\n' "$z" | $TXSPLIT; echo "rc=$?"
done
