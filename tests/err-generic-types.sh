# RFC 3597 RDATA of known types that BIND refuses as that type's wire
# form (too short, too long, a name running off the end, a bad digest
# length, SVCB parameters out of order or malformed, check-names).
# Each case is line 3 of a transaction in zone example; its message
# (on standard output here) comes before its exit status.
t() {
	printf 'BEGIN\nzone example\n%s\nCOMMIT\n' "$1" | $TXSPLIT 2>&1
	echo "rc=$?"
}
t 'update add r.example 60 TXT \# 3 036869'
t 'update add r.example 60 TXT \# 0'
t 'update add r.example 60 SOA \# 21 00 00 00000001000000020000000300000004000000'
t 'update add r.example 60 CAA \# 2 00 00'
t 'update add r.example 60 DS \# 24 0001 0d 02 000102030405060708090a0b0c0d0e0f10111213'
t 'update add r.example 60 LOC \# 15 00 12 16 13 8b0d2c8c 7f5f9a18 009896'
t 'update add r.example 60 SVCB \# 9 0001 00 0003 0003 01bb'
t 'update add r.example 60 SVCB \# 13 0001 00 0003 0002 01bb 0001 0000'
t 'update add r.example 60 SVCB \# 7 0001 00 0000 0000'
t 'update add r.example 60 HTTPS \# 9 0001 00 0002 0000 0000'
t 'update add r.example 60 NAPTR \# 7 0001 0001 00 00 00'
t 'update add r.example 60 HINFO \# 3 00 00 00'
t 'update add r.example 60 SSHFP \# 4 01 01 0001'
t 'update add r.example 60 TLSA \# 3 03 01 01'
t 'update add r.example 60 DNSKEY \# 4 0101 03 0d'
t 'update add r.example 60 OPENPGPKEY \# 0'
t 'update add r.example 60 SRV \# 9 0000 0000 0001 015f 00'
t 'update add r.example 60 RP \# 1 00'
t 'update add r.example 60 CNAME \# 2 01 00'
