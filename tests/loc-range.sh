# LOC: a latitude beyond 90 degrees or a longitude beyond 180, minutes
# and seconds counted, is refused (as BIND refuses it: "out of range");
# exactly 90 and 180 are fine.
for loc in '90 59 59.999 S 180 0 0 E 0m' '90 S 180 59 E 0m' '10 N 180 0 0.001 E 0m' '90 0 0.000 S 180 0 0 W 0m'
do
	printf 'BEGIN\nzone example\nupdate add r.example 60 LOC %s\nCOMMIT\n' "$loc" | $TXSPLIT 2>&1
	echo "rc=$?"
done
