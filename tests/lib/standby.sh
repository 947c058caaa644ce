# A physical standby of the server tests/lib/pg.sh started (sourced
# after it, from the top of the tree).
#
#   sb_create [SLOT]    pg_basebackup -R -X stream from the primary into
#                       a new temporary directory (SB_DIR, data in
#                       SB_DATA), on a free port (SB_PORT); with SLOT,
#                       streaming through a physical slot of that name
#                       made on the primary, and hot_standby_feedback on;
#                       SB_EXTRA_CONF: more lines for its postgresql.conf;
#                       its primary_conninfo names the primary's database
#                       (PostgreSQL 17's slot synchronisation needs it);
#                       started, and stopped at exit
#   sb_ctl ARG ...      pg_ctl on the standby (start, promote); fails
#                       showing its log
#   sb_stop             fast shutdown, if running
#   sb_caught_up        wait (30 s) until the standby has replayed all
#                       the primary has written
#   sb_psql ARG ...     psql -XAtq to the standby

sb_create() {
	[ -x "$PG_BINDIR/pg_basebackup" ] ||
		skip "pg_basebackup not found (install $(pg_package postgresql))"
	new_tmpdir SB_DIR
	[ "$(id -u)" != 0 ] || chown postgres "$SB_DIR"
	SB_DATA=$SB_DIR/data
	SB_PORT=$(free_port) || fail "no free port"
	_sb_slot=
	[ -z "${1:-}" ] || _sb_slot="-C -S $1"
	# shellcheck disable=SC2086 # the slot's options are two words each
	_pg_run "$PG_BINDIR/pg_basebackup" -d "dbname=$PGDATABASE" \
		-h 127.0.0.1 -p "$PGPORT" -U postgres -D "$SB_DATA" \
		-R -X stream $_sb_slot -c fast \
		>"$SB_DIR/basebackup.log" 2>&1 ||
		{ cat "$SB_DIR/basebackup.log"; fail "pg_basebackup"; }
	cat >>"$SB_DATA/postgresql.conf" <<EOC
port = $SB_PORT
unix_socket_directories = '$SB_DIR'
${1:+hot_standby_feedback = on}
# its restartpoints, the one at shutdown too, remove no WAL during a
# test: a slot copied to it (tests/lib/fork.sh) needs what it had
wal_keep_size = '1GB'
${SB_EXTRA_CONF:-}
EOC
	sb_running=0
	sb_ctl start
	sb_running=1
	at_exit sb_stop
}

sb_ctl() {
	_pg_run "$PG_BINDIR/pg_ctl" -D "$SB_DATA" -l "$SB_DIR/server.log" \
		-w -t 60 "$@" >/dev/null ||
		{ tail -20 "$SB_DIR/server.log"; fail "standby: pg_ctl $*"; }
	[ "$1" != start ] || sb_running=1
}

# not sb_ctl: a failure must not keep the cleanups after it from running
sb_stop() {
	[ "$sb_running" = 1 ] || return 0
	_pg_run "$PG_BINDIR/pg_ctl" -D "$SB_DATA" -m fast -w -t 60 stop \
		>/dev/null || echo "sb_stop: pg_ctl stop failed"
	sb_running=0
}

sb_psql() {
	PGHOST=127.0.0.1 PGPORT=$SB_PORT PGTARGETSESSIONATTRS=any psql -XAtq "$@"
}

sb_caught_up() {
	_w=$(psql -XAtq -c "SELECT pg_current_wal_lsn()")
	_end=$(($(date +%s) + 30))
	until [ "$(sb_psql -c "SELECT pg_last_wal_replay_lsn() >= '$_w'")" = t ]
	do
		[ "$(date +%s)" -lt $_end ] ||
			fail "the standby never replayed up to $_w"
		sleep 0.1
	done
}
