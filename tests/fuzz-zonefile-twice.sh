# Found by make fuzz (whose harness reads a zone file for many inputs):
# with two -z options the second read_zonefile reused the input buffer
# the first had freed (heap use after free; a segmentation fault).  The
# zones of both files are listed.
printf 'BEGIN 1\nupdate add a.example.net 60 A 192.0.2.1\nupdate add b.example.com 60 A 192.0.2.2\nCOMMIT 1\n' |
	$TXSPLIT -z fuzz-zonefile-twice.1.z -z fuzz-zonefile-twice.2.z
