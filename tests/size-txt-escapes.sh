# TXT escapes: \X is X, \DDD one octet; a quoted string runs to the
# next unescaped quote; semicolons and parentheses are ordinary.
# Each message: header 12 + zone "example" 9+4 + owner r.example (one
# label below the zone: 1+1 and a pointer 2) + type, class, TTL and
# RDLENGTH 10 = 39 octets, plus the RDATA.  Names in RDATA count whole.
#   "a\"b"                 a " b        1+3  = 4    43
#   "\065\066\255"          A B \255     1+3  = 4    43
#   "a\\b"                a \ b        1+3  = 4    43
#   "a\b"                 \b is b      1+2  = 3    42
#   "semi;colon(paren)"    17 octets    1+17 = 18   57
#   a\ b (unquoted)        a, blank, b  1+3  = 4    43
#   "x"y                   two strings  1+1 1+1 = 4  43
$TXSPLIT -v -t 0 <<'IN'
zone example
update add r.example 60 TXT "a\"b"
send
update add r.example 60 TXT "\065\066\255"
send
update add r.example 60 TXT "a\\b"
send
update add r.example 60 TXT "a\b"
send
update add r.example 60 TXT "semi;colon(paren)"
send
update add r.example 60 TXT a\ b
send
update add r.example 60 TXT "x"y
send
IN
