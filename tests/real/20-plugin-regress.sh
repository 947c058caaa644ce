#!/bin/sh
# The plugin's regression tests (plugin/sql, plugin/expected), run by
# pg_regress against a throwaway server with wal_level = logical that
# loads wal2nsupdate from the build directory.
. tests/lib/common.sh
. tests/lib/pg.sh

pg_skip_unless_available
need_built plugin
pg_regress=$(pg_config --pkglibdir)/pgxs/src/test/regress/pg_regress
[ -x "$pg_regress" ] ||
	skip "$pg_regress not found (install $(pg_package postgresql-client))"

pg_start contrib_regression
new_tmpdir out
tests=$(sed -n 's/^REGRESS[[:space:]]*=//p' plugin/Makefile)

# pg_regress runs psql (and, through \!, pg_recvlogical) as this user;
# the server was started as its owner by pg_start.
if "$pg_regress" --use-existing --host=127.0.0.1 --port="$PGPORT" \
	--user="$PGUSER" --bindir="$PG_BINDIR" --inputdir=plugin \
	--outputdir="$out" --dbname=contrib_regression $tests >"$out/log" 2>&1
then
	echo "$(pg_config --version): $(grep -E 'tests? passed' "$out/log" | sed 's/^[# ]*//')"
	exit 0
fi
cat "$out/log"
[ -f "$out/regression.diffs" ] && cat "$out/regression.diffs"
echo "--- server log (last lines)"
tail -20 "$PG_LOG"
fail "plugin regression tests"
