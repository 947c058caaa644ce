# A name's changes stay together also when txsplit's table of names
# grows in a later transaction (a bug: entries copied into the bigger
# table kept the old generation and were overwritten, so h1's delete
# was written last, apart from its add).
{
	printf 'BEGIN 1\nzone example.com\nupdate add x.example.com 300 A 192.0.2.1\nCOMMIT 1\n'
	printf 'BEGIN 2\nzone example.com\n'
	i=1
	while [ $i -le 70 ]
	do
		printf 'update add h%d.example.com 300 A 192.0.2.1\n' $i
		i=$((i + 1))
	done
	printf 'update delete h1.example.com A\nCOMMIT 2\n'
} | $TXSPLIT | sed -n '5,8p'
