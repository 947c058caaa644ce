# TTLs: 0 to 2147483647 (RFC 2181, and nsupdate), decimal; "ttl" takes
# one number or "none".  (The good lines write only "; COMMIT".)
# Each case is line 3 of a transaction in zone example; its message
# (on standard output here) comes before its exit status.
t() {
	printf 'BEGIN\nzone example\n%s\nCOMMIT\n' "$1" | $TXSPLIT 2>&1
	echo "rc=$?"
}
t 'ttl 2147483648'
t 'ttl -1'
t 'ttl 1h'
t 'ttl'
t 'ttl 1 2'
t 'update add a.example 2147483648 A 192.0.2.1'
t 'update add a.example 4294967296 A 192.0.2.1'
t 'update add a.example 2147483647 A 192.0.2.1'
t 'update add a.example 0 A 192.0.2.1'
t 'ttl 2147483647'
t 'ttl none'
# "ttl none" clears the default: the add after it has no TTL.
$TXSPLIT 2>&1 <<'IN'
BEGIN
zone example
ttl 60
ttl none
update add a.example A 192.0.2.1
COMMIT
IN
echo "rc=$?"
