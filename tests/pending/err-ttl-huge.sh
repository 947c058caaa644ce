# PENDING (misleading message): a TTL too big for an unsigned long is
# taken for a type: "unknown type '18446744073709551616': ... write the
# record in RFC 3597 form".  It is a TTL out of range, as nsupdate says
# ("ttl '18446744073709551616': out of range") and as txsplit says for
# 4294967296.
$TXSPLIT <<'IN'
BEGIN
zone example
update add a.example 18446744073709551616 A 192.0.2.1
COMMIT
IN
