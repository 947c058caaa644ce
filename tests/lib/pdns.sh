# A private PowerDNS Authoritative Server for the real-server tests
# (sourced by POSIX sh, after tests/lib/common.sh and tests/lib/named.sh,
# whose zone files, free port and nsupdate it shares).
#
#   . tests/lib/pdns.sh        skips the test (exit 77) if pdns_server,
#                              its sqlite3 backend or sqlite3 is missing
#
#   pdns_start [zone ...]      start a pdns_server on 127.0.0.1 only, on a
#                              free port (named_free_port), with a new
#                              temporary directory as its --config-dir
#                              (pdns.conf, the sqlite3 database, its
#                              control socket, pdns.log), holding the zones
#                              given (default $NAMED_ZONES), each fresh as
#                              named_start makes them, loaded with
#                              pdnsutil.  Updates (dnsupdate=yes) are taken
#                              from 127.0.0.1 signed with the TSIG key txkey
#                              (hmac-sha256); transfers by 127.0.0.1, signed
#                              when asked with txkey.  No
#                              guardian, no daemon, no caches, no NOTIFY, no
#                              security poll.  Returns once every zone
#                              answers SOA (fails the test, showing the log,
#                              after about 10 s).  Sets and exports PDNS_DIR,
#                              PDNS_PID and, for nsupdate_local and
#                              named_axfr, NAMED_PORT and NAMED_KEYFILE;
#                              registers pdns_stop with at_exit.
#   pdns_stop                  stop it (SIGTERM) and wait until it has gone.

case :$PATH: in
*:/usr/sbin:*)	;;
*)		PATH=$PATH:/usr/sbin:/sbin; export PATH ;;
esac
PDNS_SCHEMA=/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql
for _p in pdns_server pdnsutil sqlite3
do
	command -v "$_p" >/dev/null 2>&1 ||
		skip "$_p not installed (Debian: apt-get install pdns-server pdns-backend-sqlite3 sqlite3)"
done
[ -f "$PDNS_SCHEMA" ] ||
	skip "no $PDNS_SCHEMA (Debian: apt-get install pdns-backend-sqlite3)"
unset _p

PDNS_PID=

_pdns_conf() {
	cat <<EOF2
launch=gsqlite3
gsqlite3-database=$PDNS_DIR/pdns.sqlite3
gsqlite3-pragma-synchronous=0
local-address=127.0.0.1
local-port=$NAMED_PORT
socket-dir=$PDNS_DIR
guardian=no
daemon=no
disable-syslog=yes
write-pid=no
loglevel=4
log-dns-details=yes
dnsupdate=yes
allow-dnsupdate-from=127.0.0.0/8
allow-axfr-ips=127.0.0.0/8
disable-axfr=no
primary=no
secondary=no
only-notify=
security-poll-suffix=
cache-ttl=0
query-cache-ttl=0
negquery-cache-ttl=0
zone-cache-refresh-interval=0
domain-metadata-cache-ttl=0
webserver=no
api=no
EOF2
}

pdns_start() {
	[ -z "$PDNS_PID" ] || fail "pdns_start: pdns_server already running"
	PDNS_ZONES_SERVED=${*:-$NAMED_ZONES}
	server_prepare PDNS_DIR
	export PDNS_DIR
	_pdns_conf >"$PDNS_DIR/pdns.conf"
	sqlite3 "$PDNS_DIR/pdns.sqlite3" <"$PDNS_SCHEMA" ||
		fail "sqlite3 could not create the database"
	_u="pdnsutil --config-dir=$PDNS_DIR"
	$_u import-tsig-key txkey hmac-sha256 "$TXKEY_SECRET" >>"$PDNS_DIR/pdnsutil.log" 2>&1 ||
		{ cat "$PDNS_DIR/pdnsutil.log"; fail "pdnsutil import-tsig-key failed"; }
	for _z in $PDNS_ZONES_SERVED
	do
		_named_zonefile "$_z" "$PDNS_ZONES_SERVED" >"$PDNS_DIR/$_z.db"
		{ $_u load-zone "$_z" "$PDNS_DIR/$_z.db" &&
		  $_u set-meta "$_z" TSIG-ALLOW-DNSUPDATE txkey &&
		  $_u set-meta "$_z" TSIG-ALLOW-AXFR txkey; } \
			>>"$PDNS_DIR/pdnsutil.log" 2>&1 ||
			{ cat "$PDNS_DIR/pdnsutil.log"; fail "pdnsutil could not load $_z"; }
	done
	at_exit pdns_stop
	pdns_server --config-dir="$PDNS_DIR" >>"$PDNS_DIR/pdns.log" 2>&1 &
	PDNS_PID=$!
	export PDNS_PID
	# shellcheck disable=SC2086 # the zones
	server_wait "$PDNS_PID" "$PDNS_DIR/pdns.log" pdns_server pdns_stop SOA \
		$PDNS_ZONES_SERVED
}

pdns_stop() {
	[ -n "$PDNS_PID" ] || return 0
	stop_server "$PDNS_PID" pdns_server
	PDNS_PID=
}
