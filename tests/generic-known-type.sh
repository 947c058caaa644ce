# RFC 3597 RDATA for a type txsplit knows must be that type's RDATA in
# wire form, as BIND reads it: an A of 3 or 5 octets, an MX whose name
# runs off the end, are refused; good ones pass.  Check-names applies
# to names given this way too.
for rd in 'A \# 3 c00002' 'A \# 5 c000020101' 'MX \# 3 000a01' 'MX \# 4 000a015f' \
    'A \# 4 c0000201' 'MX \# 3 000a00' 'MX \# 8 000a046d61696c00' 'MX \# 5 000a015f00'
do
	printf 'BEGIN\nzone example\nupdate add r.example 60 %s\nCOMMIT\n' "$rd" |
	$TXSPLIT 2>&1
	echo "rc=$?"
done
