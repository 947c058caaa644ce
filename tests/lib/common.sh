# Shared by the real-server tests (sourced by POSIX sh).
#
#   . tests/lib/common.sh
#   at_exit 'some command'   run it when the test exits, however it exits
#   free_port                print a TCP and UDP port free on 127.0.0.1
#   skip "reason"            print a loud SKIP line and exit 77
#   fail "message"           print FAIL and exit 1
#   new_tmpdir VAR           make a new directory under ${TMPDIR:-/tmp},
#                            set VAR to its path, remove it at exit
#                            (not in $(...): at_exit must run in this shell)
#   stop_server PID NAME     SIGTERM to PID, then wait until it has really
#                            gone (SIGKILL after about 10 s, saying so);
#                            says so too if it had already exited
#
# Cleanups run in reverse order of registration, so a server started
# last is stopped first.

_at_exit_cmds=
at_exit() {
	_at_exit_cmds="$1
$_at_exit_cmds"
}
_run_at_exit() {
	_rc=$?
	trap - EXIT HUP INT TERM
	# each in a subshell, so that one that fails (fail exits) does not
	# keep the others from stopping their servers
	printf '%s\n' "$_at_exit_cmds" | while IFS= read -r _cmd
	do
		[ -n "$_cmd" ] && (eval "$_cmd")
	done
	exit "$_rc"
}
trap _run_at_exit EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

skip() {
	echo "SKIP: $*"
	exit 77
}

fail() {
	echo "FAIL: $*"
	exit 1
}

free_port() {
	perl -MIO::Socket::INET -e '
		for (1..100) {
			my $t = IO::Socket::INET->new(LocalAddr => "127.0.0.1",
			    LocalPort => 0, Proto => "tcp", ReuseAddr => 0) or next;
			my $p = $t->sockport;
			my $u = IO::Socket::INET->new(LocalAddr => "127.0.0.1",
			    LocalPort => $p, Proto => "udp") or next;
			print "$p\n"; exit 0;
		}
		exit 1;'
}

new_tmpdir() {
	_d=$(mktemp -d "${TMPDIR:-/tmp}/txsplit-test.XXXXXX") || fail "mktemp"
	chmod 755 "$_d"
	at_exit "rm -rf '$_d'"
	eval "$1=\$_d"
}

stop_server() {
	if ! kill -TERM "$1" 2>/dev/null
	then
		wait "$1"
		echo "$2 $1 had already exited, status $? (139: a segfault)" >&2
		return 0
	fi
	_n=0
	while kill -0 "$1" 2>/dev/null
	do
		_n=$((_n + 1))
		if [ $_n -eq 100 ]
		then
			echo "$2 $1 ignored SIGTERM; killing it" >&2
			kill -KILL "$1" 2>/dev/null
		fi
		[ $_n -ge 150 ] && break
		sleep 0.1
	done
	wait "$1" 2>/dev/null
}
