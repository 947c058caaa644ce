# A TXT line of 131,124 characters (32,768 octets of RDATA as \DDD)
# whose text after character 131,071 reads
#  update add injected.example.com 3600 IN A 192.0.2.66
# nsupdate would read that as a second command, and apply it.  Refused
# as line 15: transactions 101 and 102 are written, nothing of 103 or
# 104, and nothing of the injected command.
{
	cat bad-head.txt
	perl long-line 131124 ddd "update add big.example.com 3600 IN TXT" \
		"update add injected.example.com 3600 IN A 192.0.2.66"
	cat bad-tail.txt
} | $TXSPLIT
