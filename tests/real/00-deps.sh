#!/bin/sh
# demo/deps.sh finds a dependency by the very file or program that is
# used: with a stand-in pg_config whose server include directory has no
# postgres.h (though the PGXS makefiles are there) it must name
# postgresql-server-dev-15, and with a PATH that lacks named, bind9;
# each time that package alone.  It runs with -n, so nothing is
# installed, and needs a machine where nothing is missing, as make check
# leaves it.

cd "$(dirname "$0")/../.." || exit 2
. tests/lib/common.sh
new_tmpdir T

# deps VAR=value ...: run demo/deps.sh -n check in that environment;
# sets rc, and pkgs to the packages its apt-get command names
deps() {
	env "$@" sh demo/deps.sh -n check >"$T/out" 2>&1
	rc=$?
	pkgs=$(sed -n 's/.*apt-get install -y --no-install-recommends //p' "$T/out")
}

# expect PACKAGE TEXT: deps found PACKAGE alone missing, and said TEXT
expect() {
	if [ "$rc" != 1 ] || [ "$pkgs" != "$1" ] || ! grep -qF -- "$2" "$T/out"
	then
		cat "$T/out"
		fail "deps.sh -n check: exit $rc, named '$pkgs', not '$1' alone (with '$2')"
	fi
}

deps PATH="$PATH"
[ "$rc" = 0 ] || { cat "$T/out"; skip "something is missing here (make check installs it)"; }

# pg_config as it is, but for an empty server include directory
pg_config=$(command -v pg_config) || fail "no pg_config"
mkdir "$T/bin" "$T/include-server"
cat >"$T/bin/pg_config" <<EOF
#!/bin/sh
case \$1 in
--includedir-server) echo '$T/include-server' ;;
*) exec '$pg_config' "\$@" ;;
esac
EOF
chmod 755 "$T/bin/pg_config"
[ -f "$("$T/bin/pg_config" --pgxs)" ] || fail "the stand-in pg_config has no PGXS"
deps PATH="$T/bin:$PATH"
expect postgresql-server-dev-15 "no $T/include-server/postgres.h"

# every program where deps.sh looks (PATH, sbin), but named
mkdir "$T/path"
for d in $(printf '%s\n' "$PATH:/usr/sbin:/sbin" | tr : ' ')
do
	case $d in
	/*) [ -d "$d" ] && ln -s "$d"/* "$T/path/" 2>/dev/null ;;
	esac
done
rm -f "$T/path/named"
! PATH=$T/path command -v named >/dev/null || fail "named is still on the PATH"
PATH=$T/path command -v nsupdate >/dev/null || fail "nsupdate is not on the PATH"
deps DEPS_PATH="$T/path"
expect bind9 "named: not found"
echo "deps.sh named postgresql-server-dev-15 without postgres.h, bind9 without named"
