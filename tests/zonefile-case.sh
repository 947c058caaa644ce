# With -z, the zone line says the zone as the file does ("other.test"),
# and owners are compressed against that: nsupdate compresses
# case-sensitively, so neither X.OTHER.TEST nor Other.Test is the apex
# or one label below it octet for octet (BIND 9.18 sends 56 and 54).
#
# zone other.test: header 12 + zone 12+4 = 28
#   X.OTHER.TEST A: 14 + 10 + 4 = 28; 28 + 28 = 56
#   Other.Test A:   12 + 10 + 4 = 26; 28 + 26 = 54
z=$(mktemp) || exit 2
trap 'rm -f "$z"' EXIT
echo other.test >"$z"
printf 'BEGIN 1\nupdate add X.OTHER.TEST 60 A 192.0.2.1\nCOMMIT 1\n' |
$TXSPLIT -v -t 0 -z "$z"
printf 'BEGIN 2\nupdate add Other.Test 60 A 192.0.2.1\nCOMMIT 2\n' |
$TXSPLIT -v -t 0 -z "$z"
