# -b and -t take a number of octets: -b from 512 to 65535, -t from 0 to
# 65535; and what they leave must hold the largest record header that
# can come with no RDATA: header 12 + zone 255+4 + owner 255 + 10 = 536.
for args in '-b 511' '-b 65536' '-b 1k' '-b -1' '-b ""' '-t 65536' '-t x' \
    '-b 535 -t 0' '-b 536 -t 0' '-b 893' '-b 894' '-t 65000' '-t 64999'
do
	echo "$args:"
	eval "\$TXSPLIT $args" </dev/null 2>&1
	echo "rc=$?"
done
