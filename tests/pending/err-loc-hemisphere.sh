# PENDING (misleading message): a bad or missing hemisphere after the
# latitude is reported as "LOC: bad seconds 'X'" (or "bad seconds '3'"
# for a fourth number); for the longitude txsplit says what it wants.
# It should say the same for the latitude.
for loc in '52 22 23.000 X 4 53 32.000 E 0m' '52 1 2 3 N 4 E 0m'
do
	printf 'BEGIN\nzone example\nupdate add r.example 60 LOC %s\nCOMMIT\n' "$loc" | $TXSPLIT
	echo "rc=$?"
done
