# A private Patroni cluster for the real-server tests (sourced by POSIX
# sh after tests/lib/common.sh, named.sh and pg.sh, from the top of the
# tree).  Its ports come from named_free_port, outside the ephemeral
# range that the many short client connections of a test draw from.
#
#   patroni_skip_unless_available
#	SKIP (exit 77) unless patroni, patronictl, etcd and the PostgreSQL
#	server binaries are there.
#   etcd_start
#	one etcd member on 127.0.0.1, free ports, data in a new temporary
#	directory (not fsynced, where etcd can); ETCD_PORT (its client
#	port); stopped at exit.
#   patroni_configure SLOTDB
#	the cluster's settings, before the first node starts: a permanent
#	logical slot pg2dns (plugin wal2nsupdate, database SLOTDB), and
#	the plugin and its extension as pg_plugin_setup (tests/lib/pg.sh)
#	puts them, output_plugin_libraries in the nodes' custom_conf
#	(Patroni drops it from its parameters).  Sets PATRONI_DIR,
#	PATRONI_SCOPE.
#   patroni_node NODE
#	a node NODE (node1, node2, ...): its PostgreSQL on 127.0.0.1 on a
#	free port (NODE_PORT, e.g. node1_PORT), data in $PATRONI_DIR/NODE.
#	Its address for replication (the connect_address other nodes
#	stream from) is a port of the link (patroni_link_start), which
#	patroni_link_cut closes.  Every node before the link starts.
#   patroni_start NODE
#	start Patroni for NODE, and so its server, both as the user
#	postgres.  Stopped at exit (Patroni, then PostgreSQL if Patroni
#	left it running).
#   patroni_kill NODE
#	kill -9 its Patroni, then its postmaster and every process of the
#	server: a node lost at once, that cannot come back.
#   patroni_wait_leader NODE STEP | patroni_wait_streaming NODE STEP
#	wait (60 s) until NODE's PostgreSQL accepts writes, or streams from
#	the leader; else fail naming STEP (what the test was doing), and
#	showing the cluster as patronictl lists it, NODE's Patroni log
#	(NODE.log) and its server's log (NODE/server.log: its own, not
#	Patroni's output).
#   patroni_link_start / patroni_link_cut
#	a TCP relay between the nodes' replication ports and their servers;
#	cut closes every connection through it and listens no more (a
#	network partition between the nodes, while clients reach every
#	node directly).
#   patronictl_local ARG ...
#	patronictl with the cluster's configuration.
#   patroni_port NODE
#	NODE's port.
#   psql_node NODE ARG ...
#	psql -XAtq to NODE's server.

patroni_skip_unless_available() {
	pg_skip_unless_available
	for _p in patroni patronictl etcd
	do
		command -v "$_p" >/dev/null 2>&1 ||
			skip "$_p not found (install patroni etcd-server)"
	done
	/usr/bin/python3 -c 'import etcd' 2>/dev/null ||
		skip "python3-etcd not installed (Patroni's etcd client)"
}

etcd_start() {
	ETCD_DIR=
	new_tmpdir ETCD_DIR
	ETCD_PORT=$(named_free_port) || fail "no free port"
	_peer=$(named_free_port) || fail "no free port"
	# no fsync where etcd can (3.5): on a busy disk a slow one outlasts
	# Patroni's retry_timeout, and the leader demotes itself
	_nofsync=
	! etcd --help 2>&1 | grep -q -- --unsafe-no-fsync ||
		_nofsync=--unsafe-no-fsync
	# shellcheck disable=SC2086 # none or one word
	etcd --name e --data-dir "$ETCD_DIR/data" $_nofsync \
		--listen-client-urls "http://127.0.0.1:$ETCD_PORT" \
		--advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
		--listen-peer-urls "http://127.0.0.1:$_peer" \
		--initial-advertise-peer-urls "http://127.0.0.1:$_peer" \
		--initial-cluster "e=http://127.0.0.1:$_peer" \
		>"$ETCD_DIR/etcd.log" 2>&1 &
	ETCD_PID=$!
	at_exit "stop_server $ETCD_PID etcd"
	_end=$(($(date +%s) + 20))
	until ETCDCTL_API=3 etcdctl --endpoints="127.0.0.1:$ETCD_PORT" \
		--dial-timeout=1s endpoint health >/dev/null 2>&1
	do
		kill -0 "$ETCD_PID" 2>/dev/null && [ "$(date +%s)" -lt $_end ] ||
			{ cat "$ETCD_DIR/etcd.log"; fail "etcd did not start"; }
		sleep 0.1
	done
}

patroni_configure() {
	new_tmpdir PATRONI_DIR
	PATRONI_SCOPE=pg2dns-test
	PATRONI_SLOTDB=$1
	# Patroni's parameters cannot say output_plugin_libraries (nor
	# Debian's extension_destdir): custom_conf, which Patroni includes
	# in the postgresql.conf it writes
	pg_plugin_setup "$PATRONI_DIR" 'pgoutput, wal2nsupdate'
	printf '%s\n' "$PG_PLUGIN_CONF" >"$PATRONI_DIR/custom.conf"
	PATRONI_RELAY_PORTS=
	[ "$(id -u)" != 0 ] || chown -R postgres "$PATRONI_DIR"
}

# _patroni_yml NODE PORT RELAYPORT RESTPORT
_patroni_yml() {
	cat <<EOF
scope: $PATRONI_SCOPE
name: $1
log:
  level: INFO
restapi:
  listen: 127.0.0.1:$4
  connect_address: 127.0.0.1:$4
etcd3:
  host: 127.0.0.1:$ETCD_PORT
bootstrap:
  dcs:
    # Patroni 4's least (it makes a smaller one 20, saying so)
    ttl: 20
    loop_wait: 1
    retry_timeout: 5
    maximum_lag_on_failover: 1073741824
    postgresql:
      use_pg_rewind: false
      use_slots: true
      parameters:
        wal_level: logical
        max_wal_senders: 10
        max_replication_slots: 10
        max_connections: 40
        track_commit_timestamp: 'on'
        output_plugin_libraries: 'pgoutput, wal2nsupdate'
    slots:
      pg2dns:
        type: logical
        database: $PATRONI_SLOTDB
        plugin: wal2nsupdate
  # no fsync of the new cluster (the nodes run with fsync off): on a
  # disk that other work keeps busy, initdb's sync alone outlasted the
  # minute the test gives the bootstrap
  initdb:
  - encoding: UTF8
  - locale: C
  - no-sync
postgresql:
  listen: 127.0.0.1:$2
  connect_address: 127.0.0.1:$3
  data_dir: $PATRONI_DIR/$1/data
  bin_dir: $(pg_config --bindir)
  custom_conf: $PATRONI_DIR/custom.conf
  # so too a replica's copy: no fsync, and the primary's checkpoint at
  # once, not spread
  basebackup:
  - no-sync
  - checkpoint: fast
  pgpass: $PATRONI_DIR/$1/pgpass
  pg_hba:
  - local all all trust
  - host all all 127.0.0.1/32 trust
  - host replication all 127.0.0.1/32 trust
  authentication:
    superuser:
      username: postgres
    replication:
      username: postgres
  parameters:
    unix_socket_directories: '$PATRONI_DIR/$1'
    dynamic_library_path: '$PATRONI_DIR/lib:\$libdir'
    fsync: 'off'
    shared_buffers: 32MB
    lc_messages: C
    logging_collector: 'on'
    log_directory: '$PATRONI_DIR/$1'
    log_filename: server.log
    log_file_mode: '0644'
EOF
}

patroni_node() {
	_node=$1
	_port=$(named_free_port) || fail "no free port"
	_relay=$(named_free_port) || fail "no free port"
	_rest=$(named_free_port) || fail "no free port"
	mkdir -p "$PATRONI_DIR/$_node"
	_patroni_yml "$_node" "$_port" "$_relay" "$_rest" \
		>"$PATRONI_DIR/$_node.yml"
	[ "$(id -u)" != 0 ] || chown -R postgres "$PATRONI_DIR/$_node"
	PATRONI_RELAY_PORTS="$PATRONI_RELAY_PORTS $_relay:$_port"
	eval "${_node}_PORT=$_port"
}

patroni_port() {
	eval "echo \"\$$1_PORT\""
}

patroni_start() {
	_node=$1
	# setpriv, not runuser: $! must be Patroni itself, for kill -9
	if [ "$(id -u)" = 0 ]
	then set -- setpriv --reuid=postgres --regid=postgres --init-groups
	else set --
	fi
	# the server takes PGPORT and the rest from Patroni's environment
	(cd / && unset PGHOST PGPORT PGUSER PGDATABASE PGTARGETSESSIONATTRS &&
		HOME=$PATRONI_DIR/$_node exec "$@" patroni \
		"$PATRONI_DIR/$_node.yml") >"$PATRONI_DIR/$_node.log" 2>&1 &
	eval "${_node}_PID=$!"
	at_exit "_patroni_stop $_node"
}

_postmaster_pid() {
	[ -f "$PATRONI_DIR/$1/data/postmaster.pid" ] &&
		head -1 "$PATRONI_DIR/$1/data/postmaster.pid"
}

_patroni_stop() {
	eval "_pid=\${$1_PID:-}"
	[ -z "$_pid" ] || stop_server "$_pid" "patroni $1" 2>/dev/null
	# a server Patroni did not stop (Patroni killed)
	if _pm=$(_postmaster_pid "$1") && kill -0 "$_pm" 2>/dev/null
	then
		_pg_run "$(pg_config --bindir)/pg_ctl" -D "$PATRONI_DIR/$1/data" \
			-m immediate -w -t 30 stop >/dev/null 2>&1
	fi
}

patroni_kill() {
	eval "_pid=\${$1_PID:-}"
	_pm=$(_postmaster_pid "$1") || fail "$1 has no postmaster.pid"
	kill -KILL "$_pid" "$_pm" || fail "kill -9 $1"
	wait "$_pid" 2>/dev/null
	eval "$1_PID="
	# the server's processes exit when they see the postmaster gone
	_n=0
	while pgrep -s 0 -P "$_pm" >/dev/null 2>&1 || pgrep -P "$_pm" >/dev/null 2>&1
	do
		_n=$((_n + 1))
		[ $_n -lt 100 ] || fail "$1: the server's processes outlived the postmaster"
		sleep 0.1
	done
}

psql_node() {
	eval "_port=\$$1_PORT"
	shift
	PGTARGETSESSIONATTRS=any PGCONNECT_TIMEOUT=2 \
	PGOPTIONS='-c statement_timeout=10s' \
		psql -XAtq -h 127.0.0.1 -p "$_port" -U postgres \
		-d "$PATRONI_SLOTDB" "$@"
}

# _patroni_wait NODE WHAT STEP SQL
_patroni_wait() {
	_node=$1 _what=$2 _step=$3 _sql=$4
	_end=$(($(date +%s) + 60))
	until [ "$(psql_node "$_node" -c "$_sql" 2>/dev/null)" = t ]
	do
		if [ "$(date +%s)" -ge $_end ]
		then
			echo "--- patronictl list"
			patronictl_local list 2>&1
			echo "--- Patroni's log, $PATRONI_DIR/$_node.log"
			tail -40 "$PATRONI_DIR/$_node.log"
			echo "--- its server's log, $PATRONI_DIR/$_node/server.log"
			tail -40 "$PATRONI_DIR/$_node/server.log"
			fail "$_step: $_node is not $_what after 60 s (the cluster, Patroni's log and the server's log above; asked, it answers: $(psql_node "$_node" -c "$_sql" 2>&1))"
		fi
		sleep 0.1
	done
}
patroni_wait_leader() {
	_patroni_wait "$1" "the leader" "$2" "SELECT NOT pg_is_in_recovery()"
}
patroni_wait_streaming() {
	_patroni_wait "$1" "streaming" "$2" \
		"SELECT count(*) = 1 FROM pg_stat_wal_receiver WHERE status = 'streaming'"
}

patronictl_local() {
	patronictl -c "$PATRONI_DIR/node1.yml" "$@"
}

# The relay: one process; each LISTEN:TARGET pair forwards 127.0.0.1's
# port LISTEN to TARGET.  Killing it closes every connection through it.
patroni_link_start() {
	# shellcheck disable=SC2086 # LISTEN:TARGET words
	perl -MIO::Socket::INET -MIO::Select -e '
		my (%target, %conn, %peer, %out);
		my @listen;
		for (@ARGV) {
			my ($l, $t) = split /:/;
			my $s = IO::Socket::INET->new(LocalAddr => "127.0.0.1",
			    LocalPort => $l, Listen => 16, ReuseAddr => 1)
			    or die "relay: port $l: $!\n";
			push @listen, $s;
			$target{fileno $s} = $t;
		}
		$SIG{PIPE} = "IGNORE";
		# connections by file descriptor: a side that does not read
		# never stops the other way (non-blocking, buffered)
		sub forget {
			my $fd = shift;
			my $h = delete $conn{$fd} or return;
			delete $peer{$fd};
			delete $out{$fd};
			close $h;
		}
		sub drop {
			my ($fd, $other) = ($_[0], $peer{$_[0]});
			forget($fd);
			forget($other) if defined $other;
		}
		for (;;) {
			my $r = IO::Select->new(@listen);
			my $w = IO::Select->new;
			for my $fd (keys %conn) {
				$r->add($conn{$fd}) if length $out{$peer{$fd}} < 1 << 20;
				$w->add($conn{$fd}) if length $out{$fd};
			}
			my ($rr, $ww) = IO::Select->select($r, $w, undef);
			my @wfd = map { fileno $_ } @$ww;
			my @rfd = map { fileno $_ } @$rr;
			for my $fd (@wfd) {
				next unless $conn{$fd};
				my $n = syswrite $conn{$fd}, $out{$fd};
				if (defined $n) { substr($out{$fd}, 0, $n) = "" }
				elsif (!$!{EAGAIN}) { drop($fd) }
			}
			for my $fd (@rfd) {
				if ($target{$fd}) {
					my ($l) = grep { fileno $_ == $fd } @listen;
					my $c = $l->accept or next;
					my $u = IO::Socket::INET->new(
					    PeerAddr => "127.0.0.1",
					    PeerPort => $target{$fd}) or do { close $c; next };
					my ($cf, $uf) = (fileno $c, fileno $u);
					$c->blocking(0);
					$u->blocking(0);
					@conn{$cf, $uf} = ($c, $u);
					@peer{$cf, $uf} = ($uf, $cf);
					@out{$cf, $uf} = ("", "");
					next;
				}
				next unless $conn{$fd};
				my $n = sysread $conn{$fd}, my $buf, 65536;
				if ($n) { $out{$peer{$fd}} .= $buf }
				elsif (defined $n or !$!{EAGAIN}) { drop($fd) }
			}
		}' $PATRONI_RELAY_PORTS 2>"$PATRONI_DIR/relay.log" &
	PATRONI_RELAY_PID=$!
	at_exit "kill $PATRONI_RELAY_PID 2>/dev/null"
}

patroni_link_cut() {
	kill -KILL "$PATRONI_RELAY_PID" && wait "$PATRONI_RELAY_PID" 2>/dev/null
}
