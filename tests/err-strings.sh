# Character-strings: at most 255 octets after unescaping; \DDD needs
# three digits and is at most 255.
# Each case is line 3 of a transaction in zone example; its message
# (on standard output here) comes before its exit status.
t() {
	printf 'BEGIN\nzone example\n%s\nCOMMIT\n' "$1" | $TXSPLIT 2>&1
	echo "rc=$?"
}
t 'update add r.example 60 TXT "a\2"'
t 'update add r.example 60 TXT "a\300"'
t 'update add r.example 60 TXT a\25'
t 'update add r.example 60 HINFO "\1x" "y"'
# 256 octets; 255 written as \065 each is fine; 256 as \065 is not;
# NAPTR and HINFO strings too.
t 'update add r.example 60 TXT "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"'
t 'update add r.example 60 TXT "\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065"' | cut -c1-60
t 'update add r.example 60 TXT "\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065\065"'
t 'update add r.example 60 HINFO "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" ""'
t 'update add r.example 60 NAPTR 1 1 "" "" "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" .'
