# SVCB mandatory may not list a key twice (BIND: syntax error), whether
# by name or in wire form (key0).
for rd in 'alpn=h2 mandatory=alpn,alpn' 'alpn=h2 key0=\000\001\000\001'
do
	printf 'BEGIN\nzone example\nupdate add r.example 60 SVCB 1 . %s\nCOMMIT\n' "$rd" |
	$TXSPLIT 2>&1
	echo "rc=$?"
done
