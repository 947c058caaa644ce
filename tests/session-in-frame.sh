# Inside a frame a session command is an error: a transaction does not
# choose its server or key.
for cmd in 'server 192.0.2.53' 'local 192.0.2.1' 'key name c2VjcmV0' 'realm X' gsstsig oldgsstsig debug answer show
do
	printf 'BEGIN\n%s\nCOMMIT\n' "$cmd" | $TXSPLIT; echo "rc=$?"
done
