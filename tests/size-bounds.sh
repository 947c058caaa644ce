# Without -v, txsplit adds up each change's most (its cost as the first
# record of a block, names in RDATA whole) and works out a block's exact
# size only once that sum may not fit: the blocks must be the ones the
# exact sizes of -v make, whatever -C, -b and -m.
in=$(mktemp) || exit 2
trap 'rm -f "$in"' EXIT
perl gen-stream -s 5 -c 600 -n 1-10x30,100-300x5,2000 >"$in" 2>/dev/null ||
	exit 2
# and names whose most is what they cost: one label below the zone
perl -e 'print "BEGIN\nzone example.com\n",
	map({ "update add h$_.example.com 300 A 192.0.2.1\n" } 1 .. 5000),
	"COMMIT\n"' >>"$in"
# shellcheck disable=SC2086 # each o is a list of options
for o in "" "-m" "-b 1400" "-C 9.20" "-C 9.18 -m -b 4096" "-C 9.20 -O -m"
do
	if $TXSPLIT $o "$in" >"$in.1" 2>&1 &&
	    $TXSPLIT -v $o "$in" 2>&1 | grep -v '^; [0-9]* records' >"$in.2" &&
	    cmp -s "$in.1" "$in.2"
	then
		echo "txsplit $o: the same blocks, $(grep -c '^send' "$in.1")"
	else
		echo "txsplit $o: other blocks with -v"
	fi
	rm -f "$in.1" "$in.2"
done
