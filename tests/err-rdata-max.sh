# RDATA is at most 65535 octets: 257 strings of 255 are 65792.  (This is
# found before the record's size in a message is.)
awk 'BEGIN {
	s = "\"" sprintf("%255s", "") "\""
	gsub(/ /, "x", s)
	printf "BEGIN\nzone example\nupdate add r.example 60 TXT"
	for (i = 0; i < 257; i++)
		printf " %s", s
	printf "\nCOMMIT\n"
}' | $TXSPLIT
