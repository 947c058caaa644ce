# PENDING (accepts what nsupdate refuses): BIND refuses a LOC latitude
# over 90 degrees or a longitude over 180 (counting minutes and seconds):
# "dns_rdata_fromtext: ... near '59': out of range".  txsplit checks the
# degrees alone.  (The wording of txsplit's message is not fixed here:
# only that it names the line, is about LOC, and the exit status is 1.)
for loc in '90 59 59.999 S 180 0 0 E 0m' '90 S 180 59 E 0m' '10 N 180 0 0.001 E 0m'
do
	err=$(printf 'BEGIN\nzone example\nupdate add r.example 60 LOC %s\nCOMMIT\n' "$loc" |
	    $TXSPLIT 2>&1 >/dev/null)
	echo "rc=$?"
	printf '%s\n' "$err" | sed 's/ LOC: .*/ LOC: .../'
done
