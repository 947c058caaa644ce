# A private named for the real-server tests (sourced by POSIX sh, after
# tests/lib/common.sh).
#
#   . tests/lib/common.sh
#   . tests/lib/named.sh       skips the test (exit 77) if BIND is missing
#
#   named_start [zone ...]     start a named on 127.0.0.1 only, on a free
#                              port outside the kernel's ephemeral range
#                              (named_free_port; see there why not
#                              free_port), in a new temporary directory, primary
#                              for the zones given (default: $NAMED_ZONES,
#                              example.com example.net sub.example.com
#                              2.0.192.in-addr.arpa).  Each zone is a fresh
#                              file: SOA, apex NS ns.example.com., and
#                              nothing else (example.com also holds the
#                              address of ns.example.com and, when both are
#                              served, the delegation of sub.example.com).
#                              Updates are allowed with the TSIG key txkey
#                              (hmac-sha256); with NAMED_ALLOW_UNSIGNED=yes
#                              set, also unsigned ones from 127.0.0.1.
#                              Transfers are allowed to anyone (loopback).
#                              Zones also named in $NAMED_SIGNED_ZONES are
#                              signed by named (dnssec-policy default;
#                              inline-signing yes; keys in NAMED_DIR), and
#                              named_start waits until they answer DNSKEY.
#                              Returns once every zone answers SOA; fails
#                              the test, showing named's log, if that takes
#                              more than about 10 s.  Sets and exports:
#                                NAMED_DIR      the temporary directory
#                                               (named.conf, zone files,
#                                               journals, named.log)
#                                NAMED_PORT     its TCP and UDP port
#                                NAMED_KEYFILE  key file for nsupdate -k
#                                NAMED_PID      process id
#                              and registers named_stop with at_exit.
#                              Calling it again after named_stop starts a
#                              fresh server (new directory, port and key).
#   named_stop                 stop it (SIGTERM) and wait until the process
#                              has really gone (KILL after about 10 s);
#                              harmless when it is not running.
#   named_restart              stop it and start it again on the same port
#                              with the same directory, zone files,
#                              journals and key.
#   named_axfr ZONE            print ZONE by AXFR in a canonical form for
#                              diffing: one record a line, "owner ttl class
#                              type rdata" separated by single spaces,
#                              owner in lower case, sorted (LC_ALL=C),
#                              SOA included once.  Fails if the transfer
#                              does.
#   named_axfr_nosoa ZONE      the same without the SOA record (its serial
#                              counts update messages, so differs between
#                              runs that batch differently).
#   named_free_port            print a port free on 127.0.0.1 (TCP and
#                              UDP) outside the ephemeral range; use it,
#                              not free_port, for anything that binds
#                              with SO_REUSEPORT as named does.
#   nsupdate_local [arg ...]   run nsupdate -k $NAMED_KEYFILE [arg ...] on
#                              standard input with "server 127.0.0.1
#                              $NAMED_PORT" put before it.
#
# named runs as the invoking user (root is fine) with -g (foreground,
# log to standard error, kept in $NAMED_DIR/named.log), IPv4 only, no
# recursion, no validation, no NOTIFY, no control channel, no limits on
# records per RRset or types per name, and check-names off, so that any
# syntactically valid data a test sends is accepted.

# BIND lives in sbin, which a non-root PATH may lack.
case :$PATH: in
*:/usr/sbin:*)	;;
*)		PATH=$PATH:/usr/sbin:/sbin; export PATH ;;
esac
for _p in named nsupdate dig tsig-keygen
do
	command -v "$_p" >/dev/null 2>&1 ||
		skip "$_p not installed (Debian: apt-get install bind9 bind9-dnsutils)"
done
unset _p

: "${NAMED_ZONES:=example.com example.net sub.example.com 2.0.192.in-addr.arpa}"
NAMED_PID=

# A free port outside the kernel's ephemeral range.  named binds its
# port with SO_REUSEPORT, and so do nsupdate and dig (as root, the same
# user) for their random source ports: one that lands on named's port
# joins named's group, and nsupdate's own request is then delivered back
# to itself; named never sees it and nsupdate reports "timed out".  With
# one change per message that happened in most runs of ~16,000 messages
# when the port came from the ephemeral range as free_port's does.
named_free_port() {
	perl -MIO::Socket::INET -e '
		my ($lo, $hi) = (32768, 60999);
		if (open my $f, "<", "/proc/sys/net/ipv4/ip_local_port_range") {
			($lo, $hi) = split " ", scalar <$f>;
		}
		my ($from, $to) = $lo > 11024 ? (10000, $lo - 1) : ($hi + 1, 65535);
		srand($$ ^ time);
		for (1..200) {
			my $p = $from + int rand($to - $from + 1);
			my $t = IO::Socket::INET->new(LocalAddr => "127.0.0.1",
			    LocalPort => $p, Proto => "tcp", ReuseAddr => 0) or next;
			my $u = IO::Socket::INET->new(LocalAddr => "127.0.0.1",
			    LocalPort => $p, Proto => "udp") or next;
			print "$p\n"; exit 0;
		}
		exit 1;'
}

# named_zonefile ZONE ALLZONES: print a fresh zone file for ZONE.
_named_zonefile() {
	cat <<EOF
\$TTL 3600
@	IN SOA	ns.example.com. hostmaster.example.com. (
		1 3600 900 604800 300 )
	IN NS	ns.example.com.
EOF
	if [ "$1" = example.com ]
	then
		echo "ns	IN A	127.0.0.1"
		case " $2 " in
		*" sub.example.com "*)
			echo "sub	IN NS	ns.example.com." ;;
		esac
	fi
}

_named_conf() {
	_upd="key txkey;"
	[ "${NAMED_ALLOW_UNSIGNED:-}" = yes ] && _upd="key txkey; 127.0.0.1;"
	cat <<EOF
include "$NAMED_DIR/txkey.key";
controls { };
options {
	directory "$NAMED_DIR";
	pid-file "$NAMED_DIR/named.pid";
	session-keyfile "$NAMED_DIR/session.key";
	managed-keys-directory "$NAMED_DIR";
	listen-on port $NAMED_PORT { 127.0.0.1; };
	listen-on-v6 { none; };
	recursion no;
	dnssec-validation no;
	notify no;
	check-names primary ignore;
	check-names secondary ignore;
	check-names response ignore;
	check-integrity no;
	check-mx ignore;
	check-wildcard no;
	check-sibling no;
	check-srv-cname ignore;
	check-dup-records ignore;
	check-spf ignore;
	max-records-per-type 0;
	max-types-per-name 0;
	max-journal-size unlimited;
	zone-statistics no;
};
EOF
	for _z in $NAMED_ZONES_SERVED
	do
		_sign=
		case " ${NAMED_SIGNED_ZONES:-} " in
		*" $_z "*)
			_sign="dnssec-policy default; inline-signing yes; key-directory \"$NAMED_DIR\";" ;;
		esac
		cat <<EOF
zone "$_z" {
	type primary;
	file "$_z.db";
	allow-update { $_upd };
	allow-transfer { any; };
	$_sign
};
EOF
	done
}

# Start named on the configuration already in $NAMED_DIR and wait for it.
_named_run() {
	named -g -4 -c "$NAMED_DIR/named.conf" >>"$NAMED_DIR/named.log" 2>&1 &
	NAMED_PID=$!
	export NAMED_PID
	# shellcheck disable=SC2086 # the zones
	server_wait "$NAMED_PID" "$NAMED_DIR/named.log" named named_stop SOA \
		$NAMED_ZONES_SERVED
	# shellcheck disable=SC2086 # the zones
	server_wait "$NAMED_PID" "$NAMED_DIR/named.log" named named_stop DNSKEY \
		${NAMED_SIGNED_ZONES:-}
}

# server_prepare VAR: for a server of another kind too, a new temporary
# directory in VAR, a free port in NAMED_PORT and a new TSIG key txkey
# (hmac-sha256) in NAMED_KEYFILE, in that directory, exported; its
# secret in TXKEY_SECRET.
server_prepare() {
	new_tmpdir "$1"
	eval "NAMED_KEYFILE=\$$1/txkey.key"
	NAMED_PORT=$(named_free_port) || fail "no free port"
	export NAMED_PORT NAMED_KEYFILE
	tsig-keygen -a hmac-sha256 txkey >"$NAMED_KEYFILE" ||
		fail "tsig-keygen failed"
	# shellcheck disable=SC2034 # for knot.sh and pdns.sh
	TXKEY_SECRET=$(sed -n 's/.*secret "\([^"]*\)".*/\1/p' "$NAMED_KEYFILE")
}

# server_wait PID LOG NAME STOP TYPE ZONE...: wait until the server on
# $NAMED_PORT answers TYPE for every ZONE; if it exits first, or takes
# more than about 10 s, show LOG and fail the test (after STOP).
server_wait() {
	_pid=$1 _log=$2 _what=$3 _stop=$4 _type=$5
	shift 5
	_n=0
	for _z
	do
		while [ -z "$(dig @127.0.0.1 -p "$NAMED_PORT" +time=1 +tries=1 \
			+short +norec "$_z" "$_type" 2>/dev/null)" ]
		do
			if ! kill -0 "$_pid" 2>/dev/null
			then
				cat "$_log"
				$_stop
				fail "$_what exited while starting (log above)"
			fi
			_n=$((_n + 1))
			if [ $_n -ge 50 ]
			then
				cat "$_log"
				$_stop
				fail "$_what did not answer $_type within 10 s (log above)"
			fi
			sleep 0.2
		done
	done
}

named_start() {
	[ -z "$NAMED_PID" ] || fail "named_start: named already running"
	NAMED_ZONES_SERVED=${*:-$NAMED_ZONES}
	server_prepare NAMED_DIR
	export NAMED_DIR NAMED_ZONES_SERVED
	for _z in $NAMED_ZONES_SERVED
	do
		_named_zonefile "$_z" "$NAMED_ZONES_SERVED" >"$NAMED_DIR/$_z.db"
	done
	_named_conf >"$NAMED_DIR/named.conf"
	# after new_tmpdir, so that named stops before its directory goes
	at_exit named_stop
	_named_run
}

named_stop() {
	[ -n "$NAMED_PID" ] || return 0
	# named shuts down in well under a second; it binds with SO_REUSEPORT,
	# so a new one must not start on the port until this one is gone.
	stop_server "$NAMED_PID" named
	NAMED_PID=
}

named_restart() {
	[ -n "$NAMED_DIR" ] || fail "named_restart: named never started"
	named_stop
	_named_run
}

# Canonical AXFR listing; $1 is the zone, $2 "nosoa" to drop the SOA.
_named_axfr() {
	_out=$(dig @127.0.0.1 -p "$NAMED_PORT" +time=5 +tries=1 "$1" AXFR \
		+onesoa +nocmd +nostats +nocomments) ||
		{ echo "named_axfr: dig failed for $1" >&2; return 1; }
	case $_out in
	*"Transfer failed"*|"")
		echo "named_axfr: transfer of $1 failed: $_out" >&2; return 1 ;;
	esac
	printf '%s\n' "$_out" | NOSOA=$2 perl -ne '
		next if /^\s*(;|$)/;
		chomp;
		my ($o, $t, $c, $ty, $r) = split " ", $_, 5;
		next if $ENV{NOSOA} eq "nosoa" and $ty eq "SOA";
		print lc($o), " $t $c $ty", (defined $r ? " $r" : ""), "\n";
	' | LC_ALL=C sort
}
named_axfr() { _named_axfr "$1" soa; }
named_axfr_nosoa() { _named_axfr "$1" nosoa; }

nsupdate_local() {
	{ echo "server 127.0.0.1 $NAMED_PORT"; cat; } |
		nsupdate -k "$NAMED_KEYFILE" "$@"
}
