# DS, CDS and SSHFP: algorithm by number (0 to 255) or mnemonic, digest
# type likewise; the digest and fingerprint lengths that their types fix.
# Each case is line 3 of a transaction in zone example; its message
# (on standard output here) comes before its exit status.
t() {
	printf 'BEGIN\nzone example\n%s\nCOMMIT\n' "$1" | $TXSPLIT 2>&1
	echo "rc=$?"
}
t 'update add r.example 60 DS 1 13 2 0001'
t 'update add r.example 60 CDS 1 13 1 0001'
t 'update add r.example 60 DS 1 13 SHA-512 00'
t 'update add r.example 60 DS 1 FOO 2 00'
t 'update add r.example 60 DS 1 256 2 00'
t 'update add r.example 60 DS 65536 13 2 00'
t 'update add r.example 60 DS 1 13 2'
t 'update add r.example 60 SSHFP 1 1 0001'
t 'update add r.example 60 SSHFP 1 2 000102030405060708090a0b0c0d0e0f10111213'
t 'update add r.example 60 SSHFP 1 256 00'
t 'update add r.example 60 DS 1 13 9 0001'
t 'update add r.example 60 SSHFP 1 3 0001'
