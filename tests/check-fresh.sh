#!/bin/sh
# tests/check-fresh.sh [package ...]: "make demo" and then "make check"
# as a newcomer runs them on a fresh Debian ("make check-fresh").
#
# debootstraps a minimal Debian (--variant=minbase, plus make and git)
# into a new temporary directory, installs the packages given there
# (their services are not started), clones this tree's HEAD into
# /root/txsplit (what is committed, not the work tree), and runs
# "make demo" and then "make check" in a chroot as root, with /proc,
# /sys and /dev mounted, no terminal and CI=true (a real-server test
# that skips fails).  Exit 0 when both pass.  At the end, also on
# failure or interrupt, whatever still runs in the root is killed, its
# mounts are unmounted and the directory is removed.
#
# FRESH_SUITE chooses the Debian: bookworm (12, the default), trixie
# (13) or forky (testing, built with debootstrap's sid script).
# FRESH_TARGETS names the make targets run there, one after the other
# (default: demo check).
#
# Needs root, debootstrap and git.  The root gets the apt sources that
# this machine uses for bookworm, bookworm-updates and bookworm-security,
# with the suite's name in place of bookworm (deb.debian.org where it
# has none; FRESH_MIRROR names another).  Testing has no -updates; its
# -security is left out too, as Debian's testing images do.  Packages
# are checked against this machine's Debian archive keyring.

set -u
cd "$(dirname "$0")/.." || exit 2
TOP=$(pwd)

say() { printf 'check-fresh: %s\n' "$*"; }
die() { say "$*"; exit 1; }

[ "$(id -u)" = 0 ] || die "needs root (debootstrap, mount, chroot)"
for p in debootstrap git chroot mount umount
do
	command -v "$p" >/dev/null 2>&1 || die "$p not found"
done
head=$(git rev-parse HEAD) || die "not a git checkout: $TOP"

suite=${FRESH_SUITE:-bookworm}
targets=${FRESH_TARGETS:-demo check}
# suite: Debian version, debootstrap's script, the pockets beside it,
# and whether apt takes a Release file past its Valid-Until (testing's
# mirrors may lag behind its short validity; the signature is still
# checked)
case $suite in
bookworm) version=12 script=bookworm pockets="-updates -security" stale= ;;
trixie)	version=13 script=trixie pockets="-updates -security" stale= ;;
forky)	version=testing script=sid pockets='' stale=1 ;;
*)	die "FRESH_SUITE=$suite: not bookworm, trixie or forky" ;;
esac

# this machine's bookworm sources, as lines for sources.list, for suite
sources=$(apt-cache policy 2>/dev/null | awk -v s="$suite" -v p="$pockets" '
	$3 ~ /^bookworm(-updates|-security)?\/main$/ && !seen[$2 $3]++ {
		sub("/main$", "", $3); sub("^bookworm", "", $3)
		if ($3 == "" || index(" " p " ", " " $3 " "))
			print "deb " $2 " " s $3 " main"
	}')
mirror=${FRESH_MIRROR:-$(printf '%s\n' "$sources" |
	awk -v s="$suite" '$3 == s { print $2; exit }')}
mirror=${mirror:-http://deb.debian.org/debian}
if [ -n "${FRESH_MIRROR:-}" ] || [ -z "$sources" ]
then
	sources="deb $mirror $suite main"
	case $pockets in
	*-updates*) sources="$sources
deb $mirror $suite-updates main" ;;
	esac
fi

dir=
root=
job=
# the processes that descend from $1
descendants() {
	# shellcheck disable=SC2013
	for _c in $(grep -l "^PPid:[[:space:]]*$1\$" /proc/[0-9]*/status \
		2>/dev/null | sed 's|^/proc/\([0-9]*\)/status$|\1|')
	do
		echo "$_c"
		descendants "$_c"
	done
}
# the processes whose root directory is the chroot's
in_root() {
	for _p in /proc/[0-9]*
	do
		[ "$(readlink "$_p/root" 2>/dev/null)" = "$root" ] &&
			echo "${_p#/proc/}"
	done
}
# those of the processes $* that have not exited
alive() {
	for _p
	do
		grep -qs '^State:[[:space:]]*[^Z]' "/proc/$_p/status" && echo "$_p"
	done
}
cleanup() {
	rc=$?
	trap - EXIT HUP INT TERM
	[ -n "$root" ] || exit "$rc"
	# an interrupted step and all it started (debootstrap's downloads),
	# and whatever still runs in the root (a server left behind); all
	# found before any is stopped, since orphans leave the tree
	pids=$(
		[ -z "$job" ] || { echo "$job"; descendants "$job"; }
		in_root
	)
	# shellcheck disable=SC2086
	pids=$(printf '%s\n' $pids | sort -nu)
	if [ -n "$pids" ]
	then
		# shellcheck disable=SC2086
		say "stopping what still runs:" $pids
		# shellcheck disable=SC2086
		kill $pids 2>/dev/null
		[ -z "$job" ] || wait "$job"
		n=0
		# shellcheck disable=SC2086
		while [ -n "$(alive $pids)" ] && [ $n -lt 20 ]
		do sleep 0.5; n=$((n + 1))
		done
		# shellcheck disable=SC2046,SC2086
		kill -9 $(alive $pids) $(in_root) 2>/dev/null
		sleep 0.5
	fi
	# innermost first
	awk -v r="$root" '$2 == r || index($2, r "/") == 1 { print $2 }' \
		/proc/mounts | sort -r | while read -r m
	do
		umount "$m" || umount -l "$m" || say "cannot unmount $m"
	done
	if awk -v r="$root" 'index($2, r "/") == 1 { f = 1 } END { exit !f }' \
		/proc/mounts
	then
		say "still mounted under $root; $dir is left in place"
		exit 1
	fi
	rm -rf --one-file-system "$dir"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

dir=$(mktemp -d "${TMPDIR:-/tmp}/check-fresh.XXXXXX") || die "mktemp"
dir=$(cd "$dir" && pwd -P)
root=$dir/root
log=$dir/debootstrap.log

# step NAME command ...: run it, time it, fail with NAME; in the
# background, so that a signal is handled at once
step() {
	_name=$1
	shift
	_t0=$(date +%s)
	"$@" &
	job=$!
	wait "$job"
	_rc=$?
	job=
	say "$_name: $([ $_rc = 0 ] && echo ok || echo "FAILED (exit $_rc)"), $(($(date +%s) - _t0)) s"
	[ $_rc = 0 ] || exit 1
}
# in_chroot command: run a shell command in the root, as a fresh login
# would have it: root's environment only, no terminal
in_chroot() {
	chroot "$root" /usr/bin/env -i HOME=/root USER=root LOGNAME=root \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		CI=true sh -c "$1" </dev/null
}
bootstrap() {
	debootstrap --variant=minbase --include=make,git \
		--keyring=/usr/share/keyrings/debian-archive-keyring.gpg \
		"$suite" "$root" "$mirror" "/usr/share/debootstrap/scripts/$script" \
		>"$log" 2>&1 || { tail -20 "$log"; return 1; }
	printf '%s\n' "$sources" >"$root/etc/apt/sources.list"
	[ -z "$stale" ] || echo 'Acquire::Check-Valid-Until "false";' \
		>"$root/etc/apt/apt.conf.d/99check-fresh-valid-until"
	cp /etc/resolv.conf "$root/etc/resolv.conf"
	[ -f "$root/etc/hosts" ] ||
		printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost\n' >"$root/etc/hosts"
	mount -t proc proc "$root/proc" &&
		mount -t sysfs sysfs "$root/sys" &&
		mount --bind /dev "$root/dev" &&
		mount --bind /dev/pts "$root/dev/pts" &&
		mount -t tmpfs -o mode=1777 tmpfs "$root/dev/shm"
}
preinstall() {
	printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d" &&
	chmod 755 "$root/usr/sbin/policy-rc.d" &&
	in_chroot "export DEBIAN_FRONTEND=noninteractive
		apt-get update -q >/dev/null &&
		apt-get install -y -q --no-install-recommends $* >/dev/null" &&
	rm "$root/usr/sbin/policy-rc.d"
}
clone() {
	git clone -q --no-checkout "$TOP" "$root/root/txsplit" &&
		git -C "$root/root/txsplit" checkout -q "$head"
}

say "Debian $version ($suite) minbase, make, git${1:+, $*} from $mirror into $root"
step "debootstrap" bootstrap
[ $# -eq 0 ] || step "installing $*" preinstall "$@"
step "clone of $head" clone
for t in $targets
do
	step "make $t" in_chroot "cd /root/txsplit && make $t"
done
