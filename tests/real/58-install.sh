#!/bin/sh
# The README's install commands, as shown, into a DESTDIR: each "make"
# line of its Install section (with DESTDIR added; but make deb, which
# tests/check-packages.sh runs) must succeed, and
# what it installs must be there and work from there: txsplit and
# pg2dns run, pg2dns finds its engine beside it, the manuals are where
# man looks, and the plugin is in PostgreSQL's pkglibdir, its extension
# in its sharedir.

. tests/lib/common.sh

command -v pg_config >/dev/null 2>&1 || skip "pg_config not found"
new_tmpdir T
D=$T/root

sed -n '/^Install$/,/^A first deployment$/p' README |
	sed -n 's/^    \(make[^#]*\).*/\1/p' | sed 's/ *$//' |
	grep -vx 'make deb' >"$T/commands"
[ "$(wc -l <"$T/commands")" -ge 4 ] ||
	fail "README's Install section shows too few make commands: $(cat "$T/commands")"
while IFS= read -r cmd
do
	echo "README: $cmd DESTDIR=..."
	sh -c "$cmd DESTDIR=$D" >"$T/out" 2>&1 ||
		{ cat "$T/out"; fail "$cmd failed"; }
done <"$T/commands"

B=$D/usr/local/bin M=$D/usr/local/share/man
for f in "$B/txsplit" "$B/pg2dns" "$B/pg2dns-run"
do
	[ -x "$f" ] || fail "not installed: $f"
done
for f in man1/txsplit.1 man7/wal2nsupdate.7 man8/pg2dns.8
do
	[ -f "$M/$f" ] || fail "not installed: $M/$f"
done
for f in "$(pg_config --pkglibdir)/wal2nsupdate.so" \
	"$(pg_config --sharedir)/extension/wal2nsupdate.control" \
	"$(pg_config --sharedir)/extension/wal2nsupdate--1.0.sql"
do
	[ -f "$D$f" ] || fail "not installed: $D$f"
done

printf 'zone example.com\nupdate add a.example.com 60 IN A 192.0.2.1\n' |
	"$B/txsplit" >"$T/out" 2>&1 || fail "installed txsplit: $(cat "$T/out")"
grep -q '^send$' "$T/out" || fail "installed txsplit wrote: $(cat "$T/out")"
# pg2dns runs its engine from beside it, not from this tree
mkdir "$T/state" || fail "mkdir"
env PATH=/usr/bin:/bin PG2DNS_STATE="$T/state" "$B/pg2dns" -c /dev/null \
	status >"$T/out" 2>&1
case $? in
0|1|3)	;;
*)	fail "installed pg2dns status: $(cat "$T/out")" ;;
esac
grep -q 'pg2dns-run not found' "$T/out" &&
	fail "installed pg2dns did not find its engine: $(cat "$T/out")"
echo "PASS: make install and make -C plugin install, as the README shows"
