# What BIND 9.18 refuses in the text of the types beyond the common ones
# (each checked with named-rrchecker), txsplit refuses too, saying why.
# Each case is line 3 of a transaction in zone example.
t() {
	printf 'BEGIN\nzone example\nupdate add r.example 60 %s\nCOMMIT\n' "$1" |
	$TXSPLIT 2>&1
	echo "rc=$?"
}
t 'X25 311'
t 'X25 31a1'
t 'ISDN "1" "2" "3"'
t 'NSAP 0x4'
t 'NSAP 47'
t 'NSAP 0x'
t 'KEY 49152 3 8 AwEAAQ=='
t 'KEY 256 3 8'
t 'ATMA +358..400'
t 'ATMA .39'
t 'ATMA 39.'
t 'ATMA 3'
t 'ATMA +'
t 'CERT FOO 0 0 AwEAAQ=='
t 'CERT 65536 0 0 AwEAAQ=='
t 'APL 1:192.168.32.0/33'
t 'APL 3:1.2.3.4/8'
t 'APL 1:1.2.3.4'
t 'IPSECKEY 10 4 2 . AQNR'
t 'IPSECKEY 10 0 2 .'
t 'IPSECKEY 10 1 2 mygw AQNR'
t 'HIP 2 200100107B1A74DF365639CC39F1D578'
t 'HIP 2 2001001 AwEAAQ=='
t 'RKEY 1 3 8 AwEAAQ=='
t 'CSYNC 66 3 FOO'
t 'ZONEMD 2018031500 1 240 e2d523f654b9422a96c5a8'
t 'ZONEMD 2018031500 1 1 e2d523f654b9422a96c5a8f44607bbee'
t 'NID 10 0014:4fff:ff20'
t 'NID 10 00014:4fff:ff20:ee64'
t 'EUI48 00-00-5e-00-53'
t 'EUI48 00:00:5e:00:53:2a'
t 'DOA 0 1 2 "text/plain"'
t 'AMTRELAY 10 0 4 .'
t 'AMTRELAY 10 2 0 .'
t 'AMTRELAY 10 0 0 a'
# check-names: the owners of MB and MG are mailboxes, and so are both
# names of MINFO
t 'MINFO a.b_c.example. b.example.'
printf 'BEGIN\nzone example\nupdate add a.b_c.example 60 MB a.example.\nCOMMIT\n' |
	$TXSPLIT 2>&1
echo "rc=$?"
