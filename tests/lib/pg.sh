# A throwaway PostgreSQL server for the real-server tests (sourced by
# POSIX sh after tests/lib/common.sh, from the top of the source tree).
#
#   pg_skip_unless_available
#	SKIP (exit 77) unless pg_config and the server binaries are there.
#   pg_package NAME
#	print the Debian package NAME-NN for pg_config's PostgreSQL
#	major NN (postgresql-17 for NAME postgresql on Debian 13), for
#	messages that say what to install.
#   pg_start [dbname]
#	initdb a new cluster in a new temporary directory and start it:
#	127.0.0.1 on a free port, unix socket in the directory, trust
#	authentication, wal_level = logical, track_commit_timestamp = on,
#	max_prepared_transactions = 10, fsync off, output_plugin_libraries
#	allowing wal2nsupdate.  The plugin built in plugin/ loads without
#	being installed:
#	plugin/wal2nsupdate.so is copied into $PG_DIR/lib (readable by the
#	server's user wherever the clone is), which comes first in
#	dynamic_library_path (with TEST_INSTALLED=yes it is not: the
#	installed plugin, in $libdir, loads), and its extension (CREATE
#	EXTENSION wal2nsupdate) is found in $PG_DIR/ext through Debian's
#	extension_destdir or 18's extension_control_path.  Creates database dbname (default
#	"test") and exports PGHOST=127.0.0.1 PGPORT PGUSER=postgres
#	PGDATABASE=dbname, so psql, pg_recvlogical and pg_regress just work;
#	puts $(pg_config --bindir) first on PATH; waits until the server
#	accepts connections; pg_stop runs at exit.
#	Also sets PG_DIR (the temporary directory), PG_DATA (its data
#	directory), PG_LOG (the server's log) and PG_BINDIR.
#   pg_stop
#	fast shutdown, and wait for it (none if it is not running).
#   pg_restart
#	stop and start again: same data directory, same port.
#   pg_crash
#	immediate shutdown (a crash: no checkpoint, the clients cut), and
#	wait for it.
#   pg_as_owner command [arg ...]
#	run a command as the user that owns the cluster (postgres when
#	the tests run as root, since PostgreSQL refuses to run as root).
#
# Extra settings for the server: set PG_EXTRA_CONF (lines for
# postgresql.conf) before pg_start.

pg_package() {
	echo "$1-$(pg_config --version | sed -n 's/^PostgreSQL \([0-9]*\).*/\1/p')"
}

pg_skip_unless_available() {
	command -v pg_config >/dev/null 2>&1 ||
		skip "pg_config not found (sh demo/deps.sh -n check names the packages)"
	_pg_bindir=$(pg_config --bindir) || skip "pg_config --bindir failed"
	for _p in initdb pg_ctl postgres psql pg_recvlogical
	do
		[ -x "$_pg_bindir/$_p" ] ||
			skip "$_pg_bindir/$_p not found (install $(pg_package postgresql))"
	done
	if [ "$(id -u)" = 0 ]
	then
		id postgres >/dev/null 2>&1 ||
			skip "running as root and there is no postgres user to run the server"
		command -v runuser >/dev/null 2>&1 ||
			skip "running as root and runuser is missing"
	fi
}

# the plugin, and txsplit unless "plugin" alone is asked for, built from
# this tree
need_built() {
	[ -f plugin/wal2nsupdate.so ] ||
		fail "plugin/wal2nsupdate.so is not built (make -C plugin)"
	[ "${1:-}" = plugin ] || command -v txsplit >/dev/null 2>&1 ||
		fail "txsplit is not built (make)"
}

pg_as_owner() {
	if [ "$(id -u)" = 0 ]
	then runuser -u postgres -- "$@"
	else "$@"
	fi
}

# The server's programs, from / (the work tree may be closed to postgres;
# every path given them is absolute).
_pg_run() {
	(cd / && pg_as_owner "$@")
}

# pg_plugin_setup DIR PLUGINS: plugin/wal2nsupdate.so into DIR/lib, and
# the extension into DIR/ext, where Debian's extension_destdir finds an
# extension not yet installed (the function's library there is the
# same file as DIR/lib's, so that the plugin loads once); none with
# TEST_INSTALLED=yes.  PG_PLUGIN_CONF: the lines for postgresql.conf:
# output_plugin_libraries PLUGINS (since 15.19 only listed libraries
# may serve as output plugins; older servers refuse the unknown
# parameter), and extension_destdir (before 18, Debian's) or
# extension_control_path (18).
pg_plugin_setup() {
	mkdir "$1/lib"
	_pg_ext=
	if [ -f plugin/wal2nsupdate.so ] && [ "${TEST_INSTALLED:-}" != yes ]
	then
		_pg_ext=$1/ext
		_pg_extlib=$_pg_ext$(pg_config --pkglibdir)
		_pg_extsql=$_pg_ext$(pg_config --sharedir)/extension
		mkdir -p "$_pg_extlib" "$_pg_extsql" &&
			cp plugin/wal2nsupdate.so "$_pg_extlib/" &&
			ln "$_pg_extlib/wal2nsupdate.so" "$1/lib/" &&
			cp plugin/wal2nsupdate.control plugin/wal2nsupdate--*.sql \
				"$_pg_extsql/" || fail "the plugin into $1"
	fi
	PG_PLUGIN_CONF=
	_pg_conf=$(_pg_run "$(pg_config --bindir)/postgres" --describe-config \
		2>/dev/null)
	if printf '%s\n' "$_pg_conf" | grep -q '^output_plugin_libraries[[:space:]]'
	then PG_PLUGIN_CONF="output_plugin_libraries = '$2'"
	fi
	[ -n "$_pg_ext" ] || return 0
	if printf '%s\n' "$_pg_conf" | grep -q '^extension_destdir[[:space:]]'
	then PG_PLUGIN_CONF="$PG_PLUGIN_CONF
extension_destdir = '$_pg_ext'"
	elif printf '%s\n' "$_pg_conf" | grep -q '^extension_control_path[[:space:]]'
	then
		# 18 has no extension_destdir, but looks for control files in
		# each directory's extension/, and for a library that the
		# control file says is in $libdir in dynamic_library_path
		PG_PLUGIN_CONF="$PG_PLUGIN_CONF
extension_control_path = '$_pg_ext$(pg_config --sharedir):\$system'"
	fi
}

pg_start() {
	PG_BINDIR=$(pg_config --bindir) || fail "pg_config --bindir"
	PATH=$PG_BINDIR:$PATH
	new_tmpdir PG_DIR
	PG_DATA=$PG_DIR/data
	PG_LOG=$PG_DIR/server.log
	pg_plugin_setup "$PG_DIR" 'pgoutput, test_decoding, wal2nsupdate'
	if [ "$(id -u)" = 0 ]
	then chown -R postgres "$PG_DIR"
	fi
	PGPORT=$(free_port) || fail "no free port"
	_pg_run "$PG_BINDIR/initdb" -D "$PG_DATA" -U postgres \
		--auth=trust --no-sync --no-instructions \
		--locale=C -E UTF8 >"$PG_DIR/initdb.log" 2>&1 ||
		{ cat "$PG_DIR/initdb.log"; fail "initdb"; }
	cat >>"$PG_DATA/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PGPORT
unix_socket_directories = '$PG_DIR'
wal_level = logical
max_replication_slots = 16
max_wal_senders = 16
max_connections = 40
max_prepared_transactions = 10
track_commit_timestamp = on
dynamic_library_path = '$PG_DIR/lib:\$libdir'
fsync = off
full_page_writes = off
shared_buffers = 32MB
lc_messages = 'C'
log_min_messages = warning
$PG_PLUGIN_CONF
${PG_EXTRA_CONF:-}
EOF
	PGHOST=127.0.0.1
	PGUSER=postgres
	PGDATABASE=${1:-test}
	export PGHOST PGPORT PGUSER PGDATABASE PATH
	_pg_ctl_start
	at_exit pg_stop
	psql -X -q -d postgres -c "CREATE DATABASE \"$PGDATABASE\"" >/dev/null ||
		fail "create database $PGDATABASE"
}

_pg_ctl_start() {
	_pg_run "$PG_BINDIR/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 \
		start >/dev/null ||
		{ cat "$PG_LOG"; fail "PostgreSQL did not start"; }
	_pg_running=1
}

pg_stop() {
	# not after pg_crash (the postmaster removes its pid file as it exits)
	[ "${_pg_running:-0}" = 1 ] && [ -f "$PG_DATA/postmaster.pid" ] ||
		return 0
	_pg_run "$PG_BINDIR/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 \
		stop >/dev/null || echo "pg_stop: pg_ctl stop failed"
	_pg_running=0
}

pg_crash() {
	_pg_run "$PG_BINDIR/pg_ctl" -D "$PG_DATA" -m immediate -w -t 60 \
		stop >/dev/null || fail "pg_ctl stop -m immediate"
}

pg_restart() {
	pg_stop
	_pg_ctl_start
}
