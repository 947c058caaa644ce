#!/bin/sh
# tests/check-packages.sh: the Debian packages as an administrator gets
# them ("make check-packages"), as root, on this machine or in a fresh
# root.
#
# Installs the build dependencies (apt-get build-dep on debian/control),
# builds the packages (make deb, in a new temporary directory), runs
# lintian on them (an error fails; what else it says is shown),
# installs them with apt-get (services are not started meanwhile),
# checks what the installation made: the user pg2dns, /var/lib/pg2dns
# its own, /etc/pg2dns.conf a conffile, the version, the plugin in each
# PostgreSQL's pkglibdir, the systemd unit installed but not enabled
# (and "systemd-analyze verify" content with it, where systemd is
# installed), and then runs the README's first deployment on the
# installed files (tests/real/59-readme.sh with TEST_INSTALLED=yes),
# after installing what it needs (demo/deps.sh).  Exit 0 when all pass.
#
# The packages stay installed: apt-get purge pg2dns
# 'postgresql-*-wal2nsupdate' removes them (the user pg2dns stays, as
# Debian leaves system users).

set -u
cd "$(dirname "$0")/.." || exit 2
say() { printf 'check-packages: %s\n' "$*"; }
die() { say "FAIL: $*"; exit 1; }

[ "$(id -u)" = 0 ] || die "needs root (apt-get)"
export DEBIAN_FRONTEND=noninteractive

dir=
policy=
cleanup() {
	rc=$?
	[ -z "$policy" ] || rm -f "$policy"
	[ -z "$dir" ] || rm -rf "$dir"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
dir=$(mktemp -d "${TMPDIR:-/tmp}/check-packages.XXXXXX") || die "mktemp"

# step NAME command ...: run it, time it, fail with NAME
step() {
	_name=$1
	shift
	_t0=$(date +%s)
	"$@"
	_rc=$?
	say "$_name: $([ $_rc = 0 ] && echo ok || echo "FAILED (exit $_rc)"), $(($(date +%s) - _t0)) s"
	[ $_rc = 0 ] || exit 1
}
quiet() {
	"$@" >"$dir/log" 2>&1 || { tail -30 "$dir/log"; return 1; }
}
build_deps() {
	apt-get update -q >/dev/null &&
	apt-get build-dep -y -q ./ &&
	{ command -v lintian >/dev/null 2>&1 ||
		apt-get install -y -q --no-install-recommends lintian; } &&
	{ command -v git >/dev/null 2>&1 ||
		apt-get install -y -q --no-install-recommends git; }
}
lint() {
	lintian --fail-on error "$dir"/*.changes >"$dir/lintian" 2>&1
	_rc=$?
	grep -v '^running with root privileges' "$dir/lintian"
	return $_rc
}
# the packages built, and no services started while they go in (PostgreSQL's cluster would listen on 5432)
install_debs() {
	if [ ! -e /usr/sbin/policy-rc.d ]
	then
		policy=/usr/sbin/policy-rc.d
		printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" ||
			return 1
	fi
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $debs
	_rc=$?
	[ -z "$policy" ] || rm -f "$policy"
	policy=
	return $_rc
}
# what the installation made, as pg2dns(8) and README say
installed() {
	getent passwd pg2dns >/dev/null || die "no user pg2dns"
	[ "$(stat -c '%U %a' /var/lib/pg2dns)" = "pg2dns 700" ] ||
		die "/var/lib/pg2dns: $(stat -c '%U %a' /var/lib/pg2dns)"
	[ "$(stat -c '%U %G %a' /etc/pg2dns)" = "root pg2dns 750" ] ||
		die "/etc/pg2dns: $(stat -c '%U %G %a' /etc/pg2dns)"
	dpkg-query -W -f='${Conffiles}\n' pg2dns |
		grep -q '^ /etc/pg2dns\.conf ' ||
		die "/etc/pg2dns.conf is not a conffile of pg2dns"
	# the template sets nothing: pg2dns reads it and runs on defaults
	! env -i sh -c '. /etc/pg2dns.conf; set' | grep -E '^PG[A-Z0-9_]*=' ||
		die "/etc/pg2dns.conf sets a value"
	want=$(dpkg-parsechangelog -SVersion)
	[ "$(pg2dns -V)" = "pg2dns $want" ] ||
		die "pg2dns -V says \"$(pg2dns -V)\", debian/changelog $want"
	for deb in "$dir"/postgresql-*-wal2nsupdate_*.deb
	do
		v=${deb##*/postgresql-}
		v=${v%%-*}
		[ -f "/usr/lib/postgresql/$v/lib/wal2nsupdate.so" ] ||
			die "not installed: /usr/lib/postgresql/$v/lib/wal2nsupdate.so"
	done
	unit=$(dpkg -L pg2dns | grep '/systemd/system/pg2dns\.service$')
	[ -f "$unit" ] || die "pg2dns has no systemd unit"
	grep -qx 'ExecStart=/usr/bin/pg2dns run' "$unit" ||
		die "$unit: not ExecStart=/usr/bin/pg2dns run"
	[ ! -e /etc/systemd/system/multi-user.target.wants/pg2dns.service ] ||
		die "pg2dns.service was enabled by the installation"
	if command -v systemd-analyze >/dev/null 2>&1
	then
		if ! systemd-analyze verify "$unit" >"$dir/verify" 2>&1 ||
			[ -s "$dir/verify" ]
		then
			die "systemd-analyze verify $unit: $(cat "$dir/verify")"
		fi
	else
		say "systemd-analyze not installed: the unit is not verified"
	fi
}

say "in $(pwd), building in $dir"
step "build dependencies" quiet build_deps
step "make deb" quiet make deb DEBDIR="$dir"
step "lintian" lint
# the packages, as ./path for apt-get, without the debug symbols
debs=$(for f in "$dir"/*.deb
	do
		case $f in *-dbgsym_*) ;; *) echo "$f" ;; esac
	done)
step "installing$(for f in $debs; do f=${f##*/}; printf ' %s' "${f%%_*}"; done)" \
	quiet install_debs
step "what the installation made" installed
step "what the deployment needs (demo/deps.sh)" quiet sh demo/deps.sh
step "the README's first deployment, installed" \
	env TEST_INSTALLED=yes sh tests/real/59-readme.sh
