#!/bin/sh
# Injection through the database, end to end: PostgreSQL with
# plugin/schema.sql, pg_recvlogical with wal2nsupdate, txsplit, nsupdate,
# a private named.  Someone who may edit one row must not reach another
# name or zone, nor choose the server or key nsupdate uses.
#
# 1. With the schema's constraints, rows whose values try to add a line
#    (send, server, key, update delete of another name, another zone;
#    a TXT record whose line is longer than nsupdate's 128 KiB command
#    buffer and reads "update add injected..." past it) are refused by
#    PostgreSQL; a slot open meanwhile decodes nothing of
#    them.  Words smuggled into one value stay data (a TXT record holds
#    them as strings) or are refused by txsplit (an MX record's RDATA).
# 2. With the constraints dropped, each such row, in a transaction with
#    a good change to another zone, is refused by the plugin (or by
#    txsplit): the transactions before it reach the DNS, nothing of its
#    own transaction nor after it does.
# After each step every zone holds exactly what it should.
. tests/lib/common.sh
. tests/lib/named.sh
. tests/lib/pg.sh

pg_skip_unless_available
need_built

new_tmpdir T
named_start
pg_start

sql() {
	psql -X -q -v ON_ERROR_STOP=1 "$@" >>"$T/psql.log" 2>&1 ||
		{ tail -20 "$T/psql.log"; fail "psql $*"; }
}

# apply SLOT: what SLOT decodes up to now, through txsplit and nsupdate.
# Sets recv_rc and txsplit_rc; nsupdate must take all it is given.
apply() {
	_end=$(psql -X -At -c 'SELECT pg_current_wal_insert_lsn()') ||
		fail "endpos"
	pg_recvlogical -d "$PGDATABASE" -S "$1" --start --no-loop \
		--endpos="$_end" -f - -o tables=dns.rr >"$T/stream" 2>"$T/recv.err"
	recv_rc=$?
	txsplit "$T/stream" >"$T/msgs" 2>"$T/txsplit.err"
	txsplit_rc=$?
	nsupdate_local <"$T/msgs" >"$T/nsupdate.out" 2>&1 ||
		{ cat "$T/msgs" "$T/nsupdate.out"; fail "nsupdate"; }
	[ -s "$T/nsupdate.out" ] &&
		{ cat "$T/nsupdate.out"; fail "nsupdate complained"; }
	return 0
}

# want ZONE LINE: the zone must also hold LINE (as named_axfr prints it)
want() {
	echo "$2" >>"$T/want.$1"
}

# check WHAT: every zone holds what it should
check_zones() {
	for _z in $NAMED_ZONES_SERVED
	do
		LC_ALL=C sort -o "$T/want.$_z" "$T/want.$_z"
		named_axfr_nosoa "$_z" >"$T/got.$_z" || fail "AXFR $_z"
		cmp -s "$T/want.$_z" "$T/got.$_z" || {
			diff -u "$T/want.$_z" "$T/got.$_z" | head -30
			echo "--- stream:"; head -40 "$T/stream"
			echo "--- pg_recvlogical:"; cat "$T/recv.err"
			echo "--- txsplit:"; cat "$T/txsplit.err"
			fail "$1: zone $_z is not as it should be"
		}
	done
}

sql -f plugin/schema.sql
for z in $NAMED_ZONES_SERVED
do sql -c "INSERT INTO dns.zone (name) VALUES ('$z')"
done
sql -c "SELECT 'init' FROM pg_create_logical_replication_slot('seed', 'wal2nsupdate')"
sql <<'EOF'
INSERT INTO dns.rr (zone, owner, ttl, type, rdata) VALUES
	('example.com', 'www.example.com', 3600, 'A', '192.0.2.80'),
	('example.com', 'mail.example.com', 3600, 'A', '192.0.2.25'),
	('example.com', 'example.com', 3600, 'MX', '10 mail.example.com.'),
	('example.net', 'www.example.net', 3600, 'A', '198.51.100.80'),
	('example.net', 'mail.example.net', 3600, 'A', '198.51.100.25'),
	('sub.example.com', 'host.sub.example.com', 3600, 'A', '192.0.2.90'),
	('2.0.192.in-addr.arpa', '80.2.0.192.in-addr.arpa', 3600, 'PTR', 'www.example.com.');
EOF
apply seed
[ "$recv_rc" = 0 ] && [ "$txsplit_rc" = 0 ] ||
	{ cat "$T/recv.err" "$T/txsplit.err"; fail "seeding"; }
sql -c "SELECT pg_drop_replication_slot('seed')"
for z in $NAMED_ZONES_SERVED
do named_axfr_nosoa "$z" >"$T/want.$z" || fail "AXFR $z"
done
grep -q '^www.example.com. 3600 IN A 192.0.2.80$' "$T/want.example.com" ||
	fail "the seed rows did not reach the DNS"

# The attacks, one a line: column values as SQL expressions, for
# INSERT INTO dns.rr (zone, owner, ttl, class, type, rdata); "update"
# lines change the row of www.example.net instead.
cat >"$T/attacks" <<'EOF'
'example.net', E'evil.example.net\nsend', 60, 'IN', 'A', '198.51.100.66'
'example.net', E'evil.example.net\nupdate delete www.example.com', 60, 'IN', 'A', '198.51.100.66'
'example.net', 'evil.example.net 60 IN A 198.51.100.66', 60, 'IN', 'A', '198.51.100.66'
'example.net', 'evil.example.net', 60, 'IN', 'A', E'198.51.100.66\nsend\nserver 192.0.2.53'
'example.net', 'evil.example.net', 60, 'IN', 'A', '198.51.100.66 send'
'example.net', 'evil.example.net', 60, 'IN', 'A', E'198.51.100.66\nkey hmac-sha256:evil c2VjcmV0c2VjcmV0'
'example.net', 'evil.example.net', 60, 'IN', 'A', E'198.51.100.66\nupdate delete www.example.com A'
'example.net', 'evil.example.net', 60, 'IN', 'A', E'198.51.100.66\rupdate delete www.example.com'
'example.net', 'evil.example.net', 60, 'IN', 'TXT', E'"x"\u0085update delete www.example.com'
'example.net', 'evil.example.net', 60, 'IN', E'A\nsend', '198.51.100.66'
'example.net', 'evil.example.net', 60, E'IN\nserver 192.0.2.53', 'A', '198.51.100.66'
E'example.net\nzone example.com', 'evil.example.net', 60, 'IN', 'A', '198.51.100.66'
'example.net server 192.0.2.53', 'evil.example.net', 60, 'IN', 'A', '198.51.100.66'
'example.net', 'www.example.com', 60, 'IN', 'A', '198.51.100.66'
'example.com', 'big.example.com', 3600, 'IN', 'TXT', repeat('"' || repeat('\120', 63) || '" ', 513) || '"' || repeat('x', 214) || '" update add injected.example.com 3600 IN A 192.0.2.66'
update rdata = E'198.51.100.80\nupdate delete www.example.com'
update owner = E'www.example.net\nupdate delete mail.example.com'
EOF

# The last but two attacks: nsupdate reads a line into a buffer of 131072 octets,
# so a longer one becomes two commands.  "update add big.example.com.
# 3600 IN TXT " is 40 octets, the strings of \DDD escapes 131031 more;
# after octet 131071 the line reads " update add injected...".
psql -X -At -v ON_ERROR_STOP=1 <<'EOF' >"$T/bigline" 2>&1
SELECT length(l), substr(l, 131072) FROM (SELECT 'update add big.example.com. 3600 IN TXT ' ||
	repeat('"' || repeat('\120', 63) || '" ', 513) || '"' || repeat('x', 214) ||
	'" update add injected.example.com 3600 IN A 192.0.2.66' AS l) line;
EOF
grep -qx '131124| update add injected.example.com 3600 IN A 192.0.2.66' "$T/bigline" ||
	{ cat "$T/bigline"; fail "the long line is not as planned"; }

attack_sql() {
	case $1 in
	update\ *)
		printf '%s\n' "UPDATE dns.rr SET ${1#update } WHERE owner = 'www.example.net';" ;;
	*)
		printf '%s\n' "INSERT INTO dns.rr (zone, owner, ttl, class, type, rdata) VALUES ($1);" ;;
	esac
}

# drop_checks: every CHECK, exclusion and foreign key constraint of
# dns.rr, and its triggers that check zones
drop_checks() {
	sql <<'EOF'
DROP TRIGGER rr_child_zones_insert ON dns.rr;
DROP TRIGGER rr_child_zones_update ON dns.rr;
DO $$
DECLARE
	c name;
BEGIN
	FOR c IN SELECT conname FROM pg_constraint
		WHERE conrelid = 'dns.rr'::regclass AND contype IN ('c', 'x', 'f')
	LOOP
		EXECUTE format('ALTER TABLE dns.rr DROP CONSTRAINT %I', c);
	END LOOP;
END
$$;
EOF
}

# 1. With the constraints.
sql -c "SELECT 'init' FROM pg_create_logical_replication_slot('constrained', 'wal2nsupdate')"
n=0
while IFS= read -r attack
do
	n=$((n + 1))
	attack_sql "$attack" | psql -X -q -v ON_ERROR_STOP=1 >"$T/attack.out" 2>&1 &&
		fail "constraints: attack $n was let in: $attack"
	grep -q 'violates check constraint' "$T/attack.out" ||
		{ cat "$T/attack.out"; fail "constraints: attack $n refused, but not by a constraint"; }
	case $attack in
	*injected*)
		grep -q '"rr_line_length"' "$T/attack.out" ||
			{ cat "$T/attack.out"; fail "constraints: the long line was not refused for its length"; } ;;
	esac
done <"$T/attacks"
echo "ok: constraints: all $n attacks refused by plugin/schema.sql"
# words in one value that nsupdate would read as commands stay data
sql <<'EOF'
INSERT INTO dns.rr (zone, owner, ttl, type, rdata) VALUES
	('example.net', 'txt.example.net', 60, 'TXT', '"v=1" send server 192.0.2.53 key evil c2VjcmV0');
EOF
want example.net 'txt.example.net. 60 IN TXT "v=1" "send" "server" "192.0.2.53" "key" "evil" "c2VjcmV0"'
apply constrained
[ "$recv_rc" = 0 ] && [ "$txsplit_rc" = 0 ] ||
	{ cat "$T/recv.err" "$T/txsplit.err"; fail "constraints: the pipeline failed"; }
[ "$(grep -c '^update' "$T/stream")" = 1 ] ||
	{ cat "$T/stream"; fail "constraints: a refused row was decoded"; }
check_zones "constraints"
# a KX record's RDATA with a command after it: neither the constraints
# nor the plugin know every type's syntax, txsplit does
sql -c "INSERT INTO dns.rr (zone, owner, ttl, type, rdata) VALUES ('example.net', 'before.example.net', 60, 'A', '198.51.100.1')"
sql <<'EOF'
BEGIN;
INSERT INTO dns.rr (zone, owner, ttl, type, rdata) VALUES
	('example.com', 'inside.example.com', 60, 'A', '192.0.2.1'),
	('example.net', 'evil.example.net', 60, 'KX', '10 kx.example.net. send');
COMMIT;
INSERT INTO dns.rr (zone, owner, ttl, type, rdata) VALUES ('example.net', 'after.example.net', 60, 'A', '198.51.100.2');
EOF
want example.net 'before.example.net. 60 IN A 198.51.100.1'
apply constrained
[ "$txsplit_rc" = 1 ] && grep -q 'KX RDATA has extra text' "$T/txsplit.err" ||
	{ cat "$T/txsplit.err"; fail "constraints: txsplit did not refuse '10 kx.example.net. send'"; }
check_zones "constraints, words after an address"
sql -c "SELECT pg_drop_replication_slot('constrained')"
sql -c "DELETE FROM dns.rr WHERE owner IN ('evil.example.net', 'after.example.net', 'inside.example.com')"
echo "ok: constraints: data stays data; txsplit refuses what only it can check"

# 2. Without the constraints: the plugin (and txsplit) refuse the rows.
drop_checks
n=0 by_plugin=0 by_txsplit=0
while IFS= read -r attack
do
	n=$((n + 1))
	sql -c "SELECT 'init' FROM pg_create_logical_replication_slot('open$n', 'wal2nsupdate')"
	sql <<EOF
INSERT INTO dns.rr (zone, owner, ttl, type, rdata) VALUES ('example.net', 'before-$n.example.net', 60, 'A', '198.51.100.$n');
BEGIN;
INSERT INTO dns.rr (zone, owner, ttl, type, rdata) VALUES ('sub.example.com', 'inside-$n.sub.example.com', 60, 'A', '192.0.2.$n');
$(attack_sql "$attack")
COMMIT;
INSERT INTO dns.rr (zone, owner, ttl, type, rdata) VALUES ('example.net', 'after-$n.example.net', 60, 'A', '198.51.100.$n');
EOF
	want example.net "before-$n.example.net. 60 IN A 198.51.100.$n"
	apply "open$n"
	if [ "$recv_rc" != 0 ] && grep -q 'invalid .* in column' "$T/recv.err"
	then
		by_plugin=$((by_plugin + 1))
		case $attack in
		*injected*)
			grep -q "over nsupdate's limit of 131070 octets" "$T/recv.err" ||
				{ cat "$T/recv.err"; fail "no constraints: the long line was not refused for its length"; } ;;
		esac
	elif [ "$txsplit_rc" = 1 ]
	then
		by_txsplit=$((by_txsplit + 1))
		echo "attack $n refused by txsplit: $(cat "$T/txsplit.err")"
	else
		cat "$T/recv.err" "$T/txsplit.err"
		fail "no constraints: attack $n was not refused: $attack"
	fi
	grep -q "inside-$n\|after-$n" "$T/msgs" &&
		fail "no constraints: attack $n: txsplit wrote some of the bad transaction or after it"
	check_zones "no constraints, attack $n"
	sql -c "SELECT pg_drop_replication_slot('open$n')"
	# out of the way of the next attack (no slot decodes this)
	sql -c "DELETE FROM dns.rr WHERE owner LIKE 'evil.%' OR owner LIKE 'inside-%' OR owner LIKE 'after-%' OR owner LIKE E'%\n%' OR zone LIKE E'%\n%' OR zone LIKE '% %'"
	sql -c "UPDATE dns.rr SET owner = 'www.example.net', rdata = '198.51.100.80' WHERE id = (SELECT min(id) FROM dns.rr WHERE owner LIKE 'www.example.net%')"
done <"$T/attacks"
named_axfr_nosoa example.com | grep injected &&
	fail "no constraints: a record was injected through the long line"
echo "ok: no constraints: all $n attacks refused ($by_plugin by the plugin, $by_txsplit by txsplit); the zones are as they were"

# and the pipeline still works
sql -c "SELECT 'init' FROM pg_create_logical_replication_slot('last', 'wal2nsupdate')"
sql -c "INSERT INTO dns.rr (zone, owner, ttl, type, rdata) VALUES ('example.com', 'last.example.com', 60, 'A', '192.0.2.99')"
want example.com 'last.example.com. 60 IN A 192.0.2.99'
apply last
[ "$recv_rc" = 0 ] && [ "$txsplit_rc" = 0 ] ||
	{ cat "$T/recv.err" "$T/txsplit.err"; fail "the last transaction"; }
check_zones "last"
echo "ok: injection: the zones hold only what the good rows say"
