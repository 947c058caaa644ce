# SVCB has no limit on the number of parameters or of mandatory keys
# (as BIND has none: it sends these in 367 and 501 octets).
#   39 (see size-svcb) + 2 + 1 + 65 x (4 + 1) = 367
#   and mandatory listing the 65 keys: + 4 + 65 x 2 = 501
keys=$(awk 'BEGIN { for (i = 1000; i < 1065; i++) printf " key%d=x", i }')
list=$(awk 'BEGIN { for (i = 1000; i < 1065; i++) printf "%skey%d", (i > 1000 ? "," : ""), i }')
printf 'zone example\nupdate add r.example 60 SVCB 1 .%s\nsend\nupdate add r.example 60 SVCB 1 . mandatory=%s%s\nsend\n' \
    "$keys" "$list" "$keys" |
$TXSPLIT -v -t 0 | grep -v '^update add'
