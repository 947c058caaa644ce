# -C: the same block sized as nsupdate 9.18 and 9.20 compress its names,
# and by default the larger.  -t 0; header 12 + zone example.com 13+4 = 29.
#
# -C 9.18 (looks up a name and its parent; remembers both if written out):
#   x.y.example.com A: 17 whole (neither it nor y.example.com known)
#     + 10 + 4 = 31                                              (60)
#   x.y.example.com A: the same name, a pointer: 2 + 14 = 16    (76)
#   z.y.example.com A: z and a pointer to y.example.com,
#     remembered above: 1+1+2 + 14 = 18                          (94)
#   www.example.com MX: www and a pointer to the zone 1+3+2, 10,
#     2 + mail and a pointer 1+4+2: 6 + 10 + 9 = 25              (119)
#   www.example.com SRV: 2, 10, 6 + mail.example.com. whole (SRV's
#     target is never compressed) 18: 36                         (155)
#   mail.example.com A: remembered from the MX, 2 + 14 = 16      (171)
# -C 9.20 (looks up every suffix; remembers every suffix written):
#   x.y.example.com A: x, y and a pointer to the zone: 6 + 14 = 20 (49)
#   x.y.example.com A: 16                                        (65)
#   z.y.example.com A: 18                                        (83)
#   www.example.com MX: 25, and SRV: 36, as above                (144)
#   mail.example.com A: 16                                       (160)
# A record beyond the first 16384 octets is not remembered by either:
#   a.example.com TXT of 64 strings of 255: 1+1+2 + 10 + 64*256 = 16398
#     (16427), then b.example.com A at 16427: 4 + 14 = 18 (16445), and
#     b.example.com AAAA: b written again, 4 + 26 = 30 (16475).
# (nsupdate 9.18.49 sends 171 and 16475 octets, 9.20.30 160 and 16475.)
in=$(mktemp) || exit 2
trap 'rm -f "$in"' EXIT
cat >"$in" <<'IN'
zone example.com
update add x.y.example.com 300 A 192.0.2.1
update add x.y.example.com 300 A 192.0.2.2
update add z.y.example.com 300 A 192.0.2.3
update add www.example.com 300 MX 10 mail.example.com.
update add www.example.com 300 SRV 0 0 443 mail.example.com.
update add mail.example.com 300 A 192.0.2.4
send
IN
perl -e 'print "update add a.example.com 300 TXT", (" " . "x" x 255) x 64,
	"\nupdate add b.example.com 300 A 192.0.2.5\n",
	"update add b.example.com 300 AAAA 2001:db8::5\nsend\n"' >>"$in"
# shellcheck disable=SC2086 # c is an option and its value, or none
for c in "-C 9.18" "-C 9.20" ""
do
	echo "== txsplit $c"
	$TXSPLIT -v -t 0 $c "$in" | grep '^;'
done
