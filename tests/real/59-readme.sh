#!/bin/sh
# The README's first deployment, run as shown: its "$ " command lines
# and its configuration block, against a private PostgreSQL (database
# ipam) and named.  Only what names the reader's machines is replaced:
# /etc and /var/lib paths by the test's directory, 192.0.2.53 and
# db.example.net by 127.0.0.1 and the private ports, the key file by
# named's.  A command must exit 0, or the status its "# exit N"
# comment gives; a line after a command that is not a command is what
# that command must print (waited for up to 15 s, since the DNS follows
# the commit a little later).
#
# With TEST_INSTALLED=yes (tests/check-packages.sh) it runs what the
# Debian packages installed instead of this tree: the programs in
# /usr/bin, the plugin in PostgreSQL's pkglibdir, the schema in
# /usr/share/pg2dns, and /etc/pg2dns.conf, /etc/pg2dns/ddns.key and
# /var/lib/pg2dns themselves, each command as the user pg2dns, as the
# service runs it.  They must be as the packages left them (the
# template, no key, no state), and are put back so at exit.

. tests/lib/common.sh
NAMED_ZONES=example.com
. tests/lib/named.sh
. tests/lib/pg.sh
. tests/lib/pg2dns.sh

new_tmpdir T
if [ "${TEST_INSTALLED:-}" = yes ]
then
	PATH=/usr/bin:$PATH
	for p in txsplit pg2dns pg2dns-run
	do
		[ "$(command -v $p)" = /usr/bin/$p ] || fail "not installed: /usr/bin/$p"
	done
	id pg2dns >/dev/null 2>&1 || fail "no user pg2dns"
	[ -f /usr/share/pg2dns/schema.sql ] ||
		fail "not installed: /usr/share/pg2dns/schema.sql"
	so=$(pg_config --pkglibdir)/wal2nsupdate.so
	[ -f "$so" ] || fail "not installed: $so"
	sum=$(dpkg-query -W -f='${Conffiles}\n' pg2dns |
		awk '$1 == "/etc/pg2dns.conf" { print $2 }')
	[ -n "$sum" ] || fail "/etc/pg2dns.conf is not a conffile of pg2dns"
	[ "$(md5sum </etc/pg2dns.conf | cut -d' ' -f1)" = "$sum" ] ||
		fail "/etc/pg2dns.conf is not the package's: a pg2dns is configured here"
	[ ! -e /etc/pg2dns/ddns.key ] ||
		fail "/etc/pg2dns/ddns.key exists: a pg2dns is configured here"
	[ -z "$(ls -A /var/lib/pg2dns)" ] ||
		fail "/var/lib/pg2dns is not empty: a pg2dns has run here"
	CONF=/etc/pg2dns.conf
	cp -p "$CONF" "$T/pg2dns.conf.package" || fail "cp $CONF"
	put_back() {
		cp -p "$T/pg2dns.conf.package" "$CONF"
		rm -f /etc/pg2dns/ddns.key
		find /var/lib/pg2dns -mindepth 1 -delete
	}
	at_exit put_back
	AS_USER="setpriv --reuid=pg2dns --regid=pg2dns --init-groups env HOME=/var/lib/pg2dns"
	RUN_DIR=/
else
	PATH=$(pwd):$(pwd)/pg2dns:$PATH
	need_built
	CONF=$T/pg2dns.conf
	AS_USER=
	RUN_DIR=$(pwd)
fi
export PATH
named_start
pg_start ipam
[ "${TEST_INSTALLED:-}" != yes ] || [ ! -e "$PG_DIR/lib/wal2nsupdate.so" ] ||
	fail "the tree's plugin is loaded, not the installed one"

# the section, from its heading to the next one
awk '/^-+$/ { if (prev == "A first deployment") { on = 1; prev = $0; next }
		if (on) exit }
	on && have { print last }
	on { last = $0; have = 1 }
	{ prev = $0 }' README >"$T/section"
[ -s "$T/section" ] || fail "README has no section \"A first deployment\""

# what names the reader's machines, replaced by the private servers
if [ "${TEST_INSTALLED:-}" = yes ]
then
	install -m 640 -g pg2dns "$NAMED_KEYFILE" /etc/pg2dns/ddns.key ||
		fail "cannot install the key as /etc/pg2dns/ddns.key"
	echo 's#plugin/schema\.sql#/usr/share/pg2dns/schema.sql#g' >"$T/local.sed"
else
	cat >"$T/local.sed" <<EOF
s#/etc/pg2dns\.conf#$T/pg2dns.conf#g
s#/etc/pg2dns/ddns\.key#$NAMED_KEYFILE#g
s#/var/lib/pg2dns#$T/state#g
EOF
fi
cat >>"$T/local.sed" <<EOF
s#PGHOST=db\.example\.net#PGHOST=127.0.0.1 PGPORT=$PGPORT#
s#PG2DNS_SERVER=192\.0\.2\.53#PG2DNS_SERVER=127.0.0.1 PG2DNS_PORT=$NAMED_PORT#
s#dig @192\.0\.2\.53#dig @127.0.0.1 -p $NAMED_PORT#g
EOF

# the configuration block
sed -n '/^    # \/etc\/pg2dns\.conf$/,/^$/p' "$T/section" |
	sed 's/^    //' | sed -f "$T/local.sed" >"$CONF"
grep -q '^PG2DNS_SERVER=' "$CONF" ||
	fail "README: no configuration block in the first deployment"

# the commands, each with what it must print
sed -n 's/^    //p' "$T/section" | awk '
	/^\$ / { if (cmd != "") print cmd "\t" out; cmd = substr($0, 3); out = ""; next }
	cmd != "" && !/^#/ && $0 != "" && !/^[A-Z_]*=/ { out = out (out == "" ? "" : " ") $0; next }
	{ if (cmd != "") print cmd "\t" out; cmd = ""; out = "" }
	END { if (cmd != "") print cmd "\t" out }' >"$T/commands"
[ "$(wc -l <"$T/commands")" -ge 6 ] ||
	fail "README: too few commands in the first deployment: $(cat "$T/commands")"

RUN_PID=
stop_run() {
	[ -n "$RUN_PID" ] || return 0
	stop_server "$RUN_PID" "pg2dns run"
	RUN_PID=
}
at_exit stop_run

n=0
while IFS='	' read -r cmd want
do
	n=$((n + 1))
	local_cmd=$(printf '%s\n' "$cmd" | sed -f "$T/local.sed")
	allowed=0
	case $cmd in
	*"# exit "[0-9]*) allowed=$(printf '%s\n' "$cmd" | sed 's/.*# exit \([0-9]*\).*/\1/') ;;
	esac
	case $local_cmd in
	*" &")
		# shellcheck disable=SC2086
		(cd "$RUN_DIR" && exec $AS_USER sh -c "exec ${local_cmd% &}") \
			>"$T/run.log" 2>&1 </dev/null &
		RUN_PID=$!
		echo "README command $n: $cmd (in the background)"
		continue ;;
	esac
	echo "README command $n: $cmd"
	i=0
	while :
	do
		# shellcheck disable=SC2086
		(cd "$RUN_DIR" && exec $AS_USER sh -c "$local_cmd") \
			>"$T/out" 2>"$T/err" </dev/null
		rc=$?
		got=$(tr '\n' ' ' <"$T/out" | sed 's/ *$//')
		if { [ $rc -eq 0 ] || [ $rc -eq "$allowed" ]; } &&
			{ [ -z "$want" ] || [ "$got" = "$want" ]; }
		then
			break
		fi
		i=$((i + 1))
		[ $i -lt 150 ] || {
			cat "$T/err" "$T/run.log" 2>/dev/null
			fail "README command $n ($cmd) exited $rc and printed \"$got\", not \"$want\""
		}
		sleep 0.1
	done
	# a row the tables hold before pg2dns starts, for verify -r to load
	case $cmd in
	*"INSERT INTO dns.zone"*)
		psql -Xq -v ON_ERROR_STOP=1 -c "INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'old.example.com.', 'A', '192.0.2.9')" ||
			fail "cannot insert the row the tables hold first" ;;
	esac
done <"$T/commands"

[ -n "$RUN_PID" ] || fail "README: the first deployment starts no driver"
# the row that was there before init came in with verify -r
[ "$(dns old.example.com A)" = 192.0.2.9 ] ||
	fail "verify -r did not load the existing row: $(dns old.example.com A)"
if [ "${TEST_INSTALLED:-}" = yes ]
then
	[ "$(stat -c %U /var/lib/pg2dns/applied 2>/dev/null)" = pg2dns ] ||
		fail "pg2dns did not keep its state in /var/lib/pg2dns as the user pg2dns"
	echo "PASS: the README's first deployment ($n commands), on the installed packages"
else
	echo "PASS: the README's first deployment ($n commands)"
fi
