#!/bin/sh
# demo/deps.sh [-n] [demo|check|bench|plugin|fresh]: make sure that
# what "make demo" (the default), "make check", "make bench",
# "make check-plugin" or "make check-fresh" uses is installed.
#
# Each dependency is found by the very file or program that the build
# and the tests use (the table below), never by something that usually
# comes with it: the plugin needs postgres.h, which
# postgresql-server-dev-NN ships, not just the PGXS makefiles of
# postgresql-client-NN; the sanitizer build needs clang to link with
# its runtime (libclang-rt-NN-dev), not just clang.
#
# The packages are named for the versions in use (see pg_major and
# clang_major below): Debian 12 has PostgreSQL 15 and clang 14, Debian
# 13 PostgreSQL 17 and clang 19.
#
# What is missing is installed from the Debian packages when run as
# root (apt-get).  When not root, or with -n (report only: nothing is
# installed), it prints what is missing, from which package, and the
# exact apt-get command, and exits 1.  Exit 0: nothing is missing.
#
# Programs are looked for in DEPS_PATH, by default $PATH:/usr/sbin:/sbin
# (the tests look in sbin too: BIND's programs are there).  PG_CONFIG,
# CC and CLANG choose other programs, as they do for make.  The
# system's files that name versions (/usr/lib/postgresql,
# /etc/os-release) are read under DEPS_ROOT, by default /.
#
# The packages' own services (named on port 53, PostgreSQL on 5432) are
# not started by the installation: the demo runs private servers on
# 127.0.0.1 and stops them.  (A policy-rc.d that refuses to start
# services is put in place for the installation only, unless one is
# there already.)

pg_config_given=${PG_CONFIG:+1}
PG_CONFIG=${PG_CONFIG:-pg_config}
CC=${CC:-cc}
CLANG=${CLANG:-clang}
PATH=${DEPS_PATH:-$PATH:/usr/sbin:/sbin}
export PATH

# What the distribution packages when nothing says otherwise, by its
# codename (/etc/os-release), where apt-cache cannot tell (no package
# lists yet): codename, PostgreSQL major, clang major.
RELEASES="
bookworm	15	14
trixie		17	19
"

# default_major PACKAGE COLUMN: the major version of PACKAGE (postgresql,
# clang) that the distribution installs: the version its metapackage
# depends on, else the codename's in RELEASES
default_major() {
	_v=$(apt-cache depends "$1" 2>/dev/null |
		sed -n "s/^ *Depends: $1-\([0-9][0-9]*\)\$/\1/p" | head -n 1)
	if [ -z "$_v" ] && [ -f "${DEPS_ROOT:-}/etc/os-release" ]
	then
		_code=$(sed -n 's/^VERSION_CODENAME=//p' \
			"${DEPS_ROOT:-}/etc/os-release" | tr -d '"')
		_v=$(printf '%s\n' "$RELEASES" |
			awk -v c="$_code" -v f="$2" '$1 == c { print $f }')
	fi
	echo "$_v"
}
# the PostgreSQL major to build and test with: PG_CONFIG's when it is
# given, else the newest installed (/usr/lib/postgresql/NN, where
# Debian's pg_config looks too), else pg_config's (libpq-dev alone),
# else the distribution's
pg_major() {
	_v=
	[ -z "$pg_config_given" ] || _v=$(pg_config_major)
	[ -n "$_v" ] || _v=$(for _d in "${DEPS_ROOT:-}"/usr/lib/postgresql/*/bin
		do
			_d=${_d%/bin}
			_d=${_d##*/}
			case $_d in
			*[!0-9]* | "") ;;
			*) echo "$_d" ;;
			esac
		done | sort -n | tail -n 1)
	[ -n "$_v" ] || _v=$(pg_config_major)
	[ -n "$_v" ] || _v=$(default_major postgresql 2)
	echo "${_v:-NN}"
}
pg_config_major() {
	"$PG_CONFIG" --version 2>/dev/null |
		sed -n 's/^PostgreSQL \([0-9][0-9]*\).*/\1/p'
}
# the clang major whose runtime the sanitizers link with: the
# installed clang's, else the distribution's
clang_major() {
	_v=$("$CLANG" --version 2>/dev/null |
		sed -n 's/.*clang version \([0-9][0-9]*\).*/\1/p' | head -n 1)
	[ -n "$_v" ] || _v=$(default_major clang 3)
	echo "${_v:-NN}"
}
pg=$(pg_major)
clang=$(clang_major)

# One line a dependency: the mode that needs it (plugin: every mode but
# fresh; demo: every mode but fresh and plugin), the Debian package, how
# to find it, and what to find:
#   prog NAME         NAME is a command in DEPS_PATH
#   pgbin NAME        an executable NAME in $(pg_config --bindir)
#   pgfile -OPT/PATH  a file PATH in the directory $(pg_config -OPT)
#                     names (-OPT alone: the file it names)
#   user NAME         a user account NAME
#   file PATH         a file PATH
#   perl MODULE       perl can load MODULE
#   cc CC FLAGS       CC with FLAGS compiles and links a C program
#   fuzzer CC FLAGS   the same for a libFuzzer target (no main)
DEPS_TABLE="
plugin	build-essential		cc	$CC
plugin	postgresql-client-$pg	prog	$PG_CONFIG
plugin	postgresql-client-$pg	pgfile	--pgxs
plugin	postgresql-server-dev-$pg pgfile	--includedir-server/postgres.h
demo	libpq-dev		pgfile	--includedir/libpq-fe.h
plugin	postgresql-$pg		pgbin	initdb
plugin	postgresql-$pg		pgbin	pg_ctl
plugin	postgresql-$pg		pgbin	postgres
plugin	postgresql-$pg		user	postgres
plugin	postgresql-client-$pg	pgbin	psql
plugin	postgresql-client-$pg	pgbin	pg_recvlogical
plugin	postgresql-client-$pg	pgbin	pg_isready
plugin	postgresql-client-$pg	pgfile	--pkglibdir/pgxs/src/test/regress/pg_regress
plugin	postgresql-client-$pg	pgfile	--pkglibdir/pgxs/src/test/isolation/pg_isolation_regress
plugin	perl			perl	IO::Socket::INET
plugin	util-linux		prog	runuser
demo	bind9			prog	named
demo	bind9			prog	tsig-keygen
demo	bind9-dnsutils		prog	nsupdate
demo	bind9-dnsutils		prog	dig
demo	bind9-utils		prog	named-compilezone
demo	perl			perl	Time::HiRes
check	perl			perl	Getopt::Std
check	perl			perl	MIME::Base64
check	perl			perl	Digest::SHA
check	perl			perl	JSON::PP
demo	coreutils		prog	stdbuf
check	util-linux		prog	flock
check	procps			prog	pgrep
check	procps			prog	ps
check	clang			prog	$CLANG
check	libclang-rt-$clang-dev	cc	$CLANG -fsanitize=address,undefined
check	libclang-rt-$clang-dev	fuzzer	$CLANG -fsanitize=address,undefined -fsanitize=fuzzer
check	valgrind		prog	valgrind
check	mandoc			prog	mandoc
check	shellcheck		prog	shellcheck
check	knot			prog	knotd
check	pdns-server		prog	pdns_server
check	pdns-backend-sqlite3	file	/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql
check	sqlite3			prog	sqlite3
check	patroni			prog	patroni
check	patroni			prog	patronictl
check	python3-etcd		file	/usr/lib/python3/dist-packages/etcd/__init__.py
check	etcd-server		prog	etcd
check	etcd-client		prog	etcdctl
check	perl			perl	IO::Select
check	perl			perl	Time::Local
bench	time			prog	/usr/bin/time
bench	mawk			prog	mawk
bench	valgrind		prog	valgrind
bench	knot			prog	knotd
fresh	debootstrap		prog	debootstrap
fresh	git			prog	git
"

usage() {
	echo "usage: demo/deps.sh [-n] [demo|check|bench|plugin|fresh]" >&2
	exit 2
}

# has_KIND WHAT: print nothing when WHAT is there; otherwise why not
has_prog() {
	command -v "$1" >/dev/null 2>&1 || echo "$1: not found"
}
has_pgbin() {
	_bindir=$("$PG_CONFIG" --bindir 2>/dev/null)
	if [ -z "$_bindir" ]
	then echo "$PG_CONFIG --bindir: no answer"
	elif [ ! -x "$_bindir/$1" ]
	then echo "no $_bindir/$1 ($PG_CONFIG --bindir)"
	fi
}
has_pgfile() {
	_opt=${1%%/*}
	_path=${1#"$_opt"}
	_dir=$("$PG_CONFIG" "$_opt" 2>/dev/null)
	if [ -z "$_dir" ]
	then echo "$PG_CONFIG $_opt: no answer"
	elif [ ! -f "$_dir$_path" ]
	then echo "no $_dir$_path ($PG_CONFIG $_opt)"
	fi
}
has_file() {
	[ -f "$1" ] || echo "no $1"
}
has_user() {
	id "$1" >/dev/null 2>&1 || echo "no user $1"
}
has_perl() {
	command -v perl >/dev/null 2>&1 && perl -M"$1" -e 1 2>/dev/null ||
		echo "perl cannot load $1"
}
has_cc() {
	printf 'int main(void) { return 0; }\n' >"$tmp/main.c"
	_link "$tmp/main.c" "$@"
}
has_fuzzer() {
	printf '%s\n' '#include <stddef.h>' \
		'int LLVMFuzzerTestOneInput(const unsigned char *d, size_t n)' \
		'{ (void)d; (void)n; return 0; }' >"$tmp/fuzz.c"
	_link "$tmp/fuzz.c" "$@"
}
# _link SOURCE CC [FLAGS]: compile and link SOURCE; say why not
_link() {
	_src=$1
	shift
	command -v "$1" >/dev/null 2>&1 || { echo "$1: not found"; return; }
	"$@" -o "$tmp/a.out" "$_src" >"$tmp/cc.err" 2>&1 && return
	echo "$* cannot link a program: $(grep -m 1 . "$tmp/cc.err")"
}

# detect: set pkgs to the packages missing for mode, and missing to a
# line for each thing not found
detect() {
	pkgs=
	missing=
	while read -r _mode _pkg _kind _what
	do
		[ -n "$_mode" ] || continue
		case $_mode in
		"$mode") ;;
		plugin)	[ "$mode" != fresh ] || continue ;;
		demo)	case $mode in fresh | plugin) continue ;; esac ;;
		*)	continue ;;
		esac
		# shellcheck disable=SC2086
		_why=$("has_$_kind" $_what 2>&1) ||
			_why="demo/deps.sh: no such check: $_kind"
		[ -n "$_why" ] || continue
		missing="$missing  $_pkg ($_why)
"
		case " $pkgs " in
		*" $_pkg "*) ;;
		*) pkgs="${pkgs:+$pkgs }$_pkg" ;;
		esac
	done <<EOF
$DEPS_TABLE
EOF
}

dry=
while getopts n opt
do
	case $opt in
	n)	dry=1 ;;
	*)	usage ;;
	esac
done
shift $((OPTIND - 1))
mode=${1:-demo}
case $mode in
demo | check | bench | plugin | fresh) [ $# -le 1 ] || usage ;;
*)	usage ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/deps.XXXXXX") || exit 2
policy=
trap 'rm -rf "$tmp" $policy' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

detect
[ -n "$pkgs" ] || exit 0

cmd="apt-get update && apt-get install -y --no-install-recommends $pkgs"
echo "Missing (Debian package, and what is not there):"
printf '%s' "$missing"
if [ -n "$dry" ] || [ "$(id -u)" != 0 ]
then
	echo "Install them as root, then run make again:"
	echo
	echo "    $cmd"
	echo
	exit 1
fi
if ! command -v apt-get >/dev/null 2>&1
then
	echo "There is no apt-get to install them with."
	exit 1
fi

echo "Installing them:"
echo "    $cmd"
if [ ! -e /usr/sbin/policy-rc.d ]
then
	# refuse to start services during this installation only
	printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d &&
		chmod 755 /usr/sbin/policy-rc.d && policy=/usr/sbin/policy-rc.d
fi
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
apt-get update -q && apt-get install -y -q --no-install-recommends $pkgs || {
	echo "apt-get failed; the command was:"
	echo "    $cmd"
	exit 1
}
installed=$pkgs
detect
if [ -n "$pkgs" ]
then
	echo "Installed $installed, but still missing:"
	printf '%s' "$missing"
	exit 1
fi
echo "Installed: $installed"
