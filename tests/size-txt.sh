# Sizes of TXT: each character-string is a length octet and its octets.
# Each message: header 12 + zone "example" 9+4 + owner r.example (one
# label below the zone: 1+1 and a pointer 2) + type, class, TTL and
# RDLENGTH 10 = 39 octets, plus the RDATA.  Names in RDATA count whole.
#   "hello"                      1+5        = 6     45
#   "a" "bc"                     1+1 1+2    = 5     44
#   hello world (unquoted)       1+5 1+5    = 12    51
#   ""                           1          = 1     40
#   255 x's, then "" (tab between) 1+255 1  = 257   296
#   "with blanks  inside"        1+19       = 20    59
$TXSPLIT -v -t 0 <<'IN'
zone example
update add r.example 60 TXT "hello"
send
update add r.example 60 TXT "a" "bc"
send
update add r.example 60 TXT hello world
send
update add r.example 60 TXT ""
send
update add r.example 60 TXT "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"	""
send
update add r.example 60 TXT "with blanks  inside"
send
IN
