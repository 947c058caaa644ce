# -C takes a release of BIND whose nsupdate it knows, or both: anything
# else is a usage error (exit 2).
for c in 9.19 9.18.49 BOTH ""
do
	$TXSPLIT -C "$c" </dev/null
	echo "rc=$?"
done
