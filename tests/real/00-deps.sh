#!/bin/sh
# demo/deps.sh finds a dependency by the very file or program that is
# used: with a stand-in pg_config whose server include directory has no
# postgres.h (though the PGXS makefiles are there) it must name
# postgresql-server-dev-NN for this machine's PostgreSQL NN, and with a
# PATH that lacks named, bind9; each time that package alone.
#
# It names the packages of the versions in use: on a Debian 12 and a
# Debian 13 with nothing of PostgreSQL installed (stand-in os-release
# files under DEPS_ROOT, no pg_config or apt-cache on the PATH, and a
# stand-in clang that says its version and links nothing),
# postgresql-15 and libclang-rt-14-dev, and postgresql-17 and
# libclang-rt-19-dev; an installed PostgreSQL (/usr/lib/postgresql/NN)
# comes before the distribution's, and PG_CONFIG's before both.
#
# It runs with -n, so nothing is installed, and needs a machine where
# nothing is missing, as make check leaves it.

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

# expect_versions WHAT PACKAGE ...: of the packages deps named, those
# of a PostgreSQL major or a clang runtime are these and only these
expect_versions() {
	_what=$1
	shift
	# shellcheck disable=SC2086
	_got=$(printf '%s\n' $pkgs | grep -E '^(postgresql-|libclang-rt-)' | sort)
	_want=$(printf '%s\n' "$@" | sort)
	if [ "$rc" != 1 ] || [ "$_got" != "$_want" ]
	then
		cat "$T/out"
		# shellcheck disable=SC2086 # the packages, a word each
		fail "deps.sh -n check on $_what: exit $rc, named" \
			"'$(printf '%s ' $_got)', not '$*'"
	fi
	echo "  $_what: $*"
}

deps PATH="$PATH"
[ "$rc" = 0 ] || { cat "$T/out"; skip "something is missing here (make check installs it)"; }

pg_config=$(command -v pg_config) || fail "no pg_config"
major=$(pg_config --version | sed -n 's/^PostgreSQL \([0-9]*\).*/\1/p')
[ -n "$major" ] || fail "pg_config --version: no major version"

# pg_config as it is, but for an empty server include directory
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
expect "postgresql-server-dev-$major" "no $T/include-server/postgres.h"

# path DIR PROGRAM ...: DIR holds every program where deps.sh looks
# (PATH, sbin), but these
path() {
	_dir=$1
	shift
	mkdir "$_dir"
	for _d in $(printf '%s\n' "$PATH:/usr/sbin:/sbin" | tr : ' ')
	do
		case $_d in
		/*) [ -d "$_d" ] && ln -s "$_d"/* "$_dir/" 2>/dev/null ;;
		esac
	done
	for _p
	do
		rm -f "$_dir/$_p"
		! PATH=$_dir command -v "$_p" >/dev/null ||
			fail "$_p is still on the PATH"
	done
}

path "$T/path" named
PATH=$T/path command -v nsupdate >/dev/null || fail "nsupdate is not on the PATH"
deps DEPS_PATH="$T/path"
expect bind9 "named: not found"
echo "deps.sh named postgresql-server-dev-$major without postgres.h, bind9 without named"

# Nothing of PostgreSQL, no apt-cache to ask, and a clang that says its
# version but cannot link (no runtime)
path "$T/bare" pg_config apt-cache clang
cat >"$T/bare/clang" <<'EOF'
#!/bin/sh
case $1 in
--version) echo "Debian clang version $CLANG_STANDIN_VERSION"; exit 0 ;;
esac
echo "clang stand-in: cannot find libclang_rt.asan" >&2
exit 1
EOF
chmod 755 "$T/bare/clang"
# root CODENAME [PGMAJOR]: a DEPS_ROOT for that release, with
# /usr/lib/postgresql/PGMAJOR if given
root() {
	_root=$T/root-$1${2:+-$2}
	mkdir -p "$_root/etc"
	printf 'PRETTY_NAME="Debian GNU/Linux"\nVERSION_CODENAME=%s\n' "$1" \
		>"$_root/etc/os-release"
	[ -z "${2:-}" ] || mkdir -p "$_root/usr/lib/postgresql/$2/bin"
	echo "$_root"
}

echo "deps.sh names the packages of the versions in use:"
deps DEPS_PATH="$T/bare" DEPS_ROOT="$(root bookworm)" \
	CLANG_STANDIN_VERSION=14.0.6
expect_versions "Debian 12" postgresql-15 postgresql-client-15 \
	postgresql-server-dev-15 libclang-rt-14-dev
deps DEPS_PATH="$T/bare" DEPS_ROOT="$(root trixie)" \
	CLANG_STANDIN_VERSION=19.1.7
expect_versions "Debian 13" postgresql-17 postgresql-client-17 \
	postgresql-server-dev-17 libclang-rt-19-dev
deps DEPS_PATH="$T/bare" DEPS_ROOT="$(root trixie 18)" \
	CLANG_STANDIN_VERSION=19.1.7
expect_versions "Debian 13 with PostgreSQL 18 installed" postgresql-18 \
	postgresql-client-18 postgresql-server-dev-18 libclang-rt-19-dev
cat >"$T/bin/pg_config16" <<'EOF'
#!/bin/sh
case $1 in
--version) echo "PostgreSQL 16.4" ;;
*) exit 1 ;;
esac
EOF
chmod 755 "$T/bin/pg_config16"
deps DEPS_PATH="$T/bare" DEPS_ROOT="$(root trixie 18)" \
	PG_CONFIG="$T/bin/pg_config16" CLANG_STANDIN_VERSION=19.1.7
expect_versions "PG_CONFIG of PostgreSQL 16 there" postgresql-16 \
	postgresql-client-16 postgresql-server-dev-16 libclang-rt-19-dev
