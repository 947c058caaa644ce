# LOC RDATA of a version other than 0 (RFC 1876 defines only 0) is
# opaque, and BIND takes it in RFC 3597 form as it is (55 octets here):
# 39 (see size-loc) + 16 = 55.
$TXSPLIT -v -t 0 <<'IN'
zone example
update add r.example 60 LOC \# 16 01 12 16 13 8b0d2c8c 7f5f9a18 00989680
send
IN
