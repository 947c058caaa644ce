# LOC: after the latitude's degrees, minutes and seconds comes N or S;
# a bad letter or a fourth number is reported as such.
for loc in '52 22 23.000 X 4 53 32.000 E 0m' '52 1 2 3 N 4 E 0m'
do
	printf 'BEGIN\nzone example\nupdate add r.example 60 LOC %s\nCOMMIT\n' "$loc" | $TXSPLIT
	echo "rc=$?"
done
