#!/bin/sh
# One list of what is a record: every row of tests/values.txt goes to the
# reference schema (INSERT INTO dns.rr), to the plugin (the same row in a
# table without constraints, decoded) and to txsplit (the line the plugin
# writes for it), and each must take or refuse it as the table says.
. tests/lib/common.sh
. tests/lib/pg.sh

pg_skip_unless_available
need_built

new_tmpdir T
pg_start

sql() {
	psql -X -q -v ON_ERROR_STOP=1 "$@" >>"$T/psql.log" 2>&1 ||
		{ tail -20 "$T/psql.log"; fail "psql $*"; }
}
sql -f plugin/schema.sql
sql <<'EOF'
INSERT INTO dns.zone (name) VALUES ('example.com');
CREATE TABLE public.raw (id bigserial PRIMARY KEY, zone text, owner text,
	ttl bigint, class text, type text, rdata text);
ALTER TABLE public.raw REPLICA IDENTITY FULL;
SELECT 'init' FROM pg_create_logical_replication_slot('values', 'wal2nsupdate');
EOF

# The lists of types: the schema's, the plugin's and txsplit's name the
# same types with the same numbers, defined for class IN only or not, and
# with a host name, a mailbox or any name for owner (DNSSEC types apart:
# txsplit, a filter for any nsupdate input, knows some; schema and plugin
# refuse them all).
dnssec='RRSIG NSEC DNSKEY NSEC3 NSEC3PARAM CDS CDNSKEY'
table_of() {	# FILE ARRAY: NAME NUMBER IN_ONLY OWNER of a C table
	sed -n "/^static const [A-Za-z ]* $2\\[\\] = {/,/^};/p" "$1" |
		sed -n 's/^[[:space:]]*{ *"\([A-Z0-9-]*\)",[[:space:]]*\([0-9]*\),[[:space:]]*\([a-z]*\),[[:space:]]*\([^,]*\),.*/\1 \2 \3 \4/p' |
		while read -r _name _rest
		do
			case " $dnssec " in *" $_name "*) continue ;; esac
			echo "$_name $_rest"
		done | LC_ALL=C sort
}
table_of txsplit.c rrtypes >"$T/types.txsplit"
table_of plugin/wal2nsupdate.c record_types >"$T/types.plugin"
psql -X -At -F ' ' >"$T/types.sql" <<'EOF'
SELECT name, number, in_only,
	CASE owner WHEN 'host' THEN '''h''' WHEN 'mailbox' THEN '''m''' ELSE '0' END
FROM dns.rrtypes() WHERE syntax <> 'dnssec'
EOF
sed 's/ t / true /; s/ f / false /' "$T/types.sql" | LC_ALL=C sort >"$T/types.schema"
[ "$(wc -l <"$T/types.txsplit")" -gt 20 ] || fail "txsplit.c: no rrtypes table found"
for _tool in plugin schema
do
	cmp -s "$T/types.txsplit" "$T/types.$_tool" || {
		diff -u "$T/types.txsplit" "$T/types.$_tool"
		fail "the types of txsplit and the $_tool differ"
	}
done
echo "ok: values: schema, plugin and txsplit know the same $(wc -l <"$T/types.schema") types"

# the rows, defaults filled in and <TEXT*N> written out
awk -F '\t' -v OFS='\t' '
	/^#/ || NF == 0 { next }
	NF != 7 { print FILENAME ":" NR ": want 7 fields" >"/dev/stderr"; exit 1 }
	{
		if ($2 == "-") $2 = "www.example.com"
		if ($3 == "-") $3 = 3600
		if ($4 == "-") $4 = "IN"
		for (f = 2; f <= 6; f++)
			while (match($f, /<[^<>]+\*[0-9]+>/)) {
				start = RSTART; len = RLENGTH
				spec = substr($f, start + 1, len - 2)
				star = match(spec, /\*[0-9]+$/)
				text = substr(spec, 1, star - 1)
				n = substr(spec, star + 1)
				out = ""
				for (i = 0; i < n + 0; i++) out = out text
				$f = substr($f, 1, start - 1) out substr($f, start + len)
			}
		print NR, $0
	}' tests/values.txt >"$T/rows" || fail "tests/values.txt"

insert() {
	printf '%s\n' "INSERT INTO $1 (zone, owner, ttl, class, type, rdata) VALUES ('example.com', :'owner', :'ttl', :'class', :'type', :'rdata');" |
		psql -X -q -v ON_ERROR_STOP=1 -v owner="$owner" -v ttl="$ttl" \
			-v class="$class" -v type="$type" -v rdata="$rdata"
}

n=0 wrong=0
while IFS='	' read -r line verdict owner ttl class type rdata reason
do
	n=$((n + 1))
	# the schema
	if insert dns.rr >"$T/schema.out" 2>&1
	then
		schema=y
		sql -c "DELETE FROM dns.rr"
	else
		schema=n
	fi

	# the plugin, and the line it writes
	insert public.raw >"$T/raw.out" 2>&1 ||
		{ cat "$T/raw.out"; fail "tests/values.txt:$line: INSERT INTO public.raw"; }
	# refused: an ERROR, or left out with a WARNING (a type it does not know)
	if psql -X -At -c "SELECT data FROM pg_logical_slot_get_changes('values', NULL, NULL, 'include-xids', '0', 'include-lsn', '0', 'include-timestamp', '0', 'tables', 'public.raw') WHERE data LIKE 'update %'" \
		>"$T/plugin.out" 2>"$T/plugin.err" && [ -s "$T/plugin.out" ]
	then plugin=y
	else plugin=n
	fi
	case $owner in *.) abs=$owner ;; *) abs=$owner. ;; esac
	written="update add $abs $ttl $class $type $rdata"
	if [ $plugin = y ] && [ "$(cat "$T/plugin.out")" != "$written" ]
	then
		cat "$T/plugin.out"
		fail "tests/values.txt:$line: the plugin did not write: $written"
	fi
	# out of the way, and not decoded
	sql -c "DELETE FROM public.raw"
	sql -c "SELECT 'skipped' FROM pg_replication_slot_advance('values', pg_current_wal_insert_lsn())"

	# txsplit
	if printf 'zone example.com\n%s\nsend\n' "$written" |
		txsplit >/dev/null 2>"$T/txsplit.err"
	then txsplit=y
	else txsplit=n
	fi

	got=$schema$plugin$txsplit
	if [ "$got" != "$verdict" ]
	then
		wrong=$((wrong + 1))
		echo "tests/values.txt:$line: $type $(printf '%.60s' "$rdata"): want $verdict (schema, plugin, txsplit), got $got ($reason)"
		[ $schema = n ] && sed 's/^/  schema: /' "$T/schema.out" | head -2
		[ $plugin = n ] && sed 's/^/  plugin: /' "$T/plugin.err" | head -2
		[ $txsplit = n ] && sed 's/^/  txsplit: /' "$T/txsplit.err"
	fi
done <"$T/rows"
[ "$n" -gt 50 ] || fail "only $n rows read from tests/values.txt"
[ "$wrong" = 0 ] || fail "$wrong of $n rows of tests/values.txt are not as the table says"
echo "ok: values: schema, plugin and txsplit agree with tests/values.txt on all $n rows"
