# Shared by the tests of an application's own tables (tests/real/24-,
# 25- and 27-*); sourced by POSIX sh after tests/lib/common.sh, named.sh
# and pg.sh, from the top of the tree.
#
#   ipam_start DB ZONE ...  skip unless PostgreSQL and the plugin are
#                         there; start named serving the zones and
#                         PostgreSQL with database DB; $T is a new
#                         directory
#   sql [ARG ...]         psql on DB, its output in $T/psql.log, fail
#                         showing its end on an error
#   lsn                   the server's WAL insert position
#   ipam_stream PROFILE ENDPOS
#                         decode slot dns up to ENDPOS with
#                         profile=PROFILE ($T/stream, its WARNINGs in
#                         $T/recv.err) through txsplit into nsupdate;
#                         fail at any complaint
#   ipam_compare WHAT ZONE ...
#                         each zone's AXFR against the records "served
#                         ZONE" prints (the test's query of what WHAT
#                         serves, in named_axfr's form) and the rest of
#                         the zone's records before the stream
#                         ($T/base.ZONE, which ipam_start saves), whose
#                         records take the TTL of the query's records
#                         of their RRset (one TTL an RRset: named gives
#                         it the TTL of the record added last)
#   quietly CMD [ARG ...] what CMD prints shown only if it fails
#   ipam_step PROFILE WHAT STEP SQL DELETES ADDS ZONE ...
#                         SQL (STEP) streamed and applied, each zone
#                         compared as ipam_compare does; the stream must
#                         hold DELETES deletes and ADDS adds

ipam_start() {
	pg_skip_unless_available
	need_built
	new_tmpdir T
	_ipam_db=$1
	shift
	named_start "$@"
	pg_start "$_ipam_db"
	for _z
	do named_axfr_nosoa "$_z" >"$T/base.$_z" || fail "AXFR $_z"
	done
}

sql() {
	psql -X -q -v ON_ERROR_STOP=1 "$@" >>"$T/psql.log" 2>&1 ||
		{ tail -20 "$T/psql.log"; fail "psql $*"; }
}

lsn() {
	psql -X -At -c 'SELECT pg_current_wal_insert_lsn()' || fail "lsn"
}

ipam_stream() {
	pg_recvlogical -d "$PGDATABASE" -S dns --start --no-loop \
		--endpos="$2" -f - -o profile="$1" >"$T/stream" 2>"$T/recv.err" ||
		{ cat "$T/recv.err"; fail "pg_recvlogical"; }
	txsplit "$T/stream" >"$T/msgs" 2>"$T/txsplit.err" ||
		{ cat "$T/txsplit.err"; fail "txsplit"; }
	nsupdate_local <"$T/msgs" >"$T/nsupdate.out" 2>&1 ||
		{ cat "$T/nsupdate.out"; fail "nsupdate"; }
	[ ! -s "$T/nsupdate.out" ] ||
		{ cat "$T/nsupdate.out"; fail "nsupdate complained"; }
	echo "ok: $(grep -c '^BEGIN' "$T/stream") transactions, $(grep -c '^update' "$T/stream") changes, $(grep -c '^send$' "$T/msgs") messages"
}

ipam_compare() {
	_what=$1
	shift
	_total=0
	for _z
	do
		served "$_z" >"$T/served.$_z"
		awk 'FILENAME == ARGV[1] { ttl[$1 " " $4] = $2; print; next }
			($1 " " $4) in ttl { $2 = ttl[$1 " " $4] } { print }' \
			"$T/served.$_z" "$T/base.$_z" | LC_ALL=C sort -u >"$T/want.$_z"
		named_axfr_nosoa "$_z" >"$T/got.$_z" || fail "AXFR $_z"
		cmp -s "$T/want.$_z" "$T/got.$_z" || {
			diff -u "$T/want.$_z" "$T/got.$_z" | head -40
			fail "zone $_z is not what $_what serves ($(diff "$T/want.$_z" "$T/got.$_z" | grep -c '^[<>]') lines differ)"
		}
		_total=$((_total + $(wc -l <"$T/got.$_z")))
	done
	echo "ok: $_total records in $# zones equal what $_what serves from its tables"
}

quietly() {
	_out=$("$@") || { echo "$_out"; exit 1; }
}

ipam_step() {
	_profile=$1 _app=$2 _step=$3 _sql=$4 _want="$5 $6"
	shift 6
	sql -c "$_sql"
	quietly ipam_stream "$_profile" "$(lsn)"
	quietly ipam_compare "$_app" "$@"
	_got="$(grep -c '^update delete' "$T/stream") $(grep -c '^update add' "$T/stream")"
	[ "$_got" = "$_want" ] ||
		fail "$_step: $_got deletes and adds in the stream, want $_want"
}
