# RFC 3597 RDATA of known types that BIND takes (checked by hand as each
# type's wire form); each is its length: 39 (see size-a) + length.
#   TXT 3: 42; SOA 22: 61; CAA 8: 47; DS 24: 63; LOC 16: 55; SVCB 3: 42;
#   SVCB 9 (port 443): 48; NAPTR 8: 47; HINFO 2: 41; DNSKEY 5: 44;
#   URI 4: 43; AAAA 16: 55; SRV 7: 46; RP 2: 41; NS 1: 40
$TXSPLIT -v -t 0 <<'IN' | grep octets
zone example
update add r.example 60 TXT \# 3 026869
send
update add r.example 60 SOA \# 22 00 00 0000000100000002000000030000000400000005
send
update add r.example 60 CAA \# 8 00 05 6973737565 61
send
update add r.example 60 DS \# 24 0001 0d 01 000102030405060708090a0b0c0d0e0f10111213
send
update add r.example 60 LOC \# 16 00 12 16 13 8b0d2c8c 7f5f9a18 00989680
send
update add r.example 60 SVCB \# 3 0001 00
send
update add r.example 60 SVCB \# 9 0001 00 0003 0002 01bb
send
update add r.example 60 NAPTR \# 8 0001 0001 00 00 00 00
send
update add r.example 60 HINFO \# 2 00 00
send
update add r.example 60 DNSKEY \# 5 0101 03 0d 00
send
update add r.example 60 URI \# 4 000a 0001
send
update add r.example 60 AAAA \# 16 20010db8000000000000000000000001
send
update add r.example 60 SRV \# 7 0000 0000 0001 00
send
update add r.example 60 RP \# 2 00 00
send
update add r.example 60 NS \# 1 00
send
IN
