#!/bin/sh
# demo/deps.sh [bench|check]: make sure the programs that "make demo"
# (with "bench", "make bench"; with "check", "make check") needs are
# installed.  Whatever is missing is
# installed from the Debian packages when run as root (apt-get); when
# not root, the exact command is printed and the exit status is 1.
#
#   C compiler                  build-essential
#   PostgreSQL 15 server        postgresql-15 (initdb, pg_ctl, postgres,
#                               psql, pg_recvlogical)
#   its server headers (PGXS)   postgresql-server-dev-15
#   named, tsig-keygen          bind9
#   nsupdate, dig               bind9-dnsutils
#   GNU time, mawk, valgrind    time, mawk, valgrind
#   (bench only)
#   clang, valgrind (check only) clang, valgrind
#
# The packages' own services (named on port 53, PostgreSQL on 5432) are
# not started by the installation: the demo runs private servers on
# 127.0.0.1 and stops them.  (A policy-rc.d that refuses to start
# services is put in place for the installation only, unless one is
# there already.)

case :$PATH: in
*:/usr/sbin:*)	;;
*)		PATH=$PATH:/usr/sbin:/sbin; export PATH ;;
esac

pkgs=
want() {
	case " $pkgs " in *" $1 "*) ;; *) pkgs="${pkgs:+$pkgs }$1" ;; esac
}
have() { command -v "$1" >/dev/null 2>&1; }

have cc || have gcc || want build-essential
# the server: pg_config names the installation the plugin is built for
# and the tests run (tests/lib/pg.sh)
pgbin=
if have pg_config
then
	pgbin=$(pg_config --bindir 2>/dev/null)
	pgxs=$(pg_config --pgxs 2>/dev/null)
	[ -n "$pgxs" ] && [ -f "$pgxs" ] || want postgresql-server-dev-15
	case $(pg_config --version 2>/dev/null) in
	"PostgreSQL 15"*) ;;
	*) want postgresql-server-dev-15 ;;
	esac
else
	want postgresql-server-dev-15
fi
[ -n "$pgbin" ] || pgbin=/usr/lib/postgresql/15/bin
for p in initdb pg_ctl postgres psql pg_recvlogical
do
	[ -x "$pgbin/$p" ] || want postgresql-15
done
have named || want bind9
have tsig-keygen || want bind9
have nsupdate || want bind9-dnsutils
have dig || want bind9-dnsutils
have perl || want perl
have stdbuf || want coreutils
have flock || want util-linux
if [ "$(id -u)" = 0 ]
then
	have runuser || want util-linux
fi
case ${1:-} in
bench)	[ -x /usr/bin/time ] || want time
	have mawk || want mawk
	have valgrind || want valgrind ;;
check)	have clang || want clang
	have valgrind || want valgrind ;;
esac

[ -n "$pkgs" ] || exit 0

cmd="apt-get update && apt-get install -y --no-install-recommends $pkgs"
if [ "$(id -u)" != 0 ]
then
	echo "Missing Debian packages: $pkgs"
	echo "Install them as root, then run make again:"
	echo
	echo "    $cmd"
	echo
	exit 1
fi
if ! have apt-get
then
	echo "Missing: $pkgs (Debian package names), and there is no apt-get."
	exit 1
fi

echo "Installing the missing Debian packages: $pkgs"
echo "    $cmd"
policy=
if [ ! -e /usr/sbin/policy-rc.d ]
then
	# refuse to start services during this installation only
	printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d &&
		chmod 755 /usr/sbin/policy-rc.d && policy=/usr/sbin/policy-rc.d
	trap 'rm -f $policy' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
fi
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
apt-get update -q && apt-get install -y -q --no-install-recommends $pkgs || {
	echo "apt-get failed; the command was:"
	echo "    $cmd"
	exit 1
}
echo "Installed: $pkgs"
