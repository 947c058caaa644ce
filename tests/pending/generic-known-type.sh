# PENDING (accepts what nsupdate refuses): RFC 3597 RDATA for a type
# BIND knows must be valid RDATA of that type; BIND refuses an A of 3
# octets ("unexpected end of input") and an MX whose name runs off the
# end.  txsplit takes any length.  (The wording of txsplit's message is
# not fixed here.)
for rd in 'A \# 3 c00002' 'A \# 5 c000020101' 'MX \# 3 000a01'
do
	err=$(printf 'BEGIN\nzone example\nupdate add r.example 60 %s\nCOMMIT\n' "$rd" |
	    $TXSPLIT 2>&1)
	echo "rc=$?"
	printf '%s\n' "$err" | sed 's/\(:[0-9]*:\) .*/\1 .../'
done
