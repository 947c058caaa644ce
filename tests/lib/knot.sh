# A private Knot DNS server (knotd) for the real-server tests (sourced by
# POSIX sh, after tests/lib/common.sh and tests/lib/named.sh, whose
# zone files, free port and nsupdate it shares).
#
#   . tests/lib/knot.sh        skips the test (exit 77) if knotd is missing
#
#   knot_start [zone ...]      start a knotd on 127.0.0.1 only, on a free
#                              port (named_free_port), in a new temporary
#                              directory holding its configuration, zone
#                              files, journal and control socket, primary
#                              for the zones given (default $NAMED_ZONES),
#                              each fresh as named_start makes them.
#                              Updates are allowed with the TSIG key txkey
#                              (hmac-sha256), and with KNOT_ALLOW_UNSIGNED=yes
#                              also unsigned ones from 127.0.0.1; transfers
#                              to 127.0.0.1, unsigned or signed with txkey.  Returns once every zone
#                              answers SOA (fails the test, showing the
#                              log, after about 10 s).  Sets and exports
#                              KNOT_DIR, KNOT_PID and, for nsupdate_local
#                              and named_axfr, NAMED_PORT and NAMED_KEYFILE;
#                              registers knot_stop with at_exit.
#   knot_stop                  stop it (SIGTERM) and wait until it has gone
#                              (KILL after about 10 s); harmless when it
#                              is not running.
#   knot_version               print knotd's version (3.2.6): the number
#                              that ends its -V line, which 3.2 words
#                              "knotd (Knot DNS), version 3.2.6" and 3.4
#                              "knotd, Knot DNS 3.4.6".
#
# The zones are then read with named_axfr and named_axfr_nosoa, updated
# with nsupdate_local.  knotd runs in the foreground as the invoking
# user, logs to $KNOT_DIR/knot.log, and never writes the zone files back
# (the journal, written without waiting for the disk, holds the changes):
# a test's zones live as long as the server.  Semantic checks are off,
# so that whatever named takes, knotd takes too.

case :$PATH: in
*:/usr/sbin:*)	;;
*)		PATH=$PATH:/usr/sbin:/sbin; export PATH ;;
esac
command -v knotd >/dev/null 2>&1 ||
	skip "knotd not installed (Debian: apt-get install knot)"

KNOT_PID=

_knot_conf() {
	_acl="[ update, transfer, transfer-signed ]"
	[ "${KNOT_ALLOW_UNSIGNED:-}" = yes ] &&
		_acl="[ update, update-unsigned, transfer, transfer-signed ]"
	cat <<EOF
server:
    rundir: "$KNOT_DIR"
    pidfile: "$KNOT_DIR/knot.pid"
    listen: 127.0.0.1@$NAMED_PORT
    background-workers: 1
log:
  - target: stderr
    any: info
database:
    storage: "$KNOT_DIR"
    journal-db-mode: asynchronous
key:
  - id: txkey
    algorithm: hmac-sha256
    secret: $TXKEY_SECRET
acl:
  - id: update
    address: 127.0.0.1
    key: txkey
    action: update
  - id: update-unsigned
    address: 127.0.0.1
    action: update
  - id: transfer
    address: 127.0.0.1
    action: transfer
  - id: transfer-signed
    address: 127.0.0.1
    key: txkey
    action: transfer
template:
  - id: default
    storage: "$KNOT_DIR"
    file: "%s.db"
    zonefile-sync: -1
    zonefile-load: whole
    journal-content: changes
    semantic-checks: off
    acl: $_acl
zone:
EOF
	for _z in $KNOT_ZONES_SERVED
	do
		echo "  - domain: $_z"
	done
}

knot_version() {
	knotd -V | sed -n '1s/.* \([0-9][0-9.]*\)$/\1/p'
}

knot_start() {
	[ -z "$KNOT_PID" ] || fail "knot_start: knotd already running"
	KNOT_ZONES_SERVED=${*:-$NAMED_ZONES}
	server_prepare KNOT_DIR
	export KNOT_DIR
	for _z in $KNOT_ZONES_SERVED
	do
		_named_zonefile "$_z" "$KNOT_ZONES_SERVED" >"$KNOT_DIR/$_z.db"
	done
	_knot_conf >"$KNOT_DIR/knot.conf"
	at_exit knot_stop
	knotd -c "$KNOT_DIR/knot.conf" >>"$KNOT_DIR/knot.log" 2>&1 &
	KNOT_PID=$!
	export KNOT_PID
	# shellcheck disable=SC2086 # the zones
	server_wait "$KNOT_PID" "$KNOT_DIR/knot.log" knotd knot_stop SOA \
		$KNOT_ZONES_SERVED
}

knot_stop() {
	[ -n "$KNOT_PID" ] || return 0
	stop_server "$KNOT_PID" knotd
	KNOT_PID=
}
