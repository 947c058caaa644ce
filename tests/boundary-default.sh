# The default budget, 65535 octets less 358 for TSIG: 65177.  The input
# is made here: a.example with 62 TXT records of four 255-octet strings,
# then b.example with one record of the size that makes the block exactly
# 65177 octets; then the same with b one octet longer.
#   zone example 25
#   a.example: 1+1+2 + 10 + 4*256 = 1038, then 61 x (2 + 10 + 1024 = 1036):
#     1038 + 63196 = 64234                                   (64259)
#   b.example TXT 255 255 255 135: 4 + 10 + 3*256 + 136 = 918 (65177)
#   with 136 instead of 135: 919, 65178 > 65177: blocks of 64259 and
#   25 + 919 = 944
input() {
	awk -v last="$1" 'BEGIN {
		s = "\"" sprintf("%255s", "") "\""
		gsub(/ /, "x", s)
		print "BEGIN 1"
		print "zone example"
		for (i = 1; i <= 62; i++)
			print "update add a.example 60 TXT", s, s, s, s
		t = "\"" sprintf("%" last "s", "") "\""
		gsub(/ /, "y", t)
		print "update add b.example 60 TXT", s, s, s, t
		print "COMMIT 1"
	}'
}
{ input 135 | $TXSPLIT -v; echo "rc=$?"; } | grep -v '^update add a' | cut -c1-60
{ input 136 | $TXSPLIT -v; echo "rc=$?"; } | grep -v '^update add a' | cut -c1-60
input 136 | $TXSPLIT | grep -c '^update add a'
