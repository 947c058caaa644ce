#!/bin/sh
# The plugin's regression tests (plugin/sql, plugin/expected), run by
# pg_regress against a throwaway server with wal_level = logical that
# loads wal2nsupdate from the build directory; then its isolation tests
# (plugin/specs), run by pg_isolation_regress in the same database.
. tests/lib/common.sh
. tests/lib/pg.sh

pg_skip_unless_available
need_built plugin
pgxs_test=$(pg_config --pkglibdir)/pgxs/src/test
for p in regress/pg_regress isolation/pg_isolation_regress
do
	[ -x "$pgxs_test/$p" ] ||
		skip "$pgxs_test/$p not found (install $(pg_package postgresql-client))"
done

pg_start contrib_regression
new_tmpdir out
tests=$(sed -n 's/^REGRESS[[:space:]]*=//p' plugin/Makefile)
specs=$(sed -n 's/^ISOLATION[[:space:]]*=//p' plugin/Makefile)

# pg_regress runs psql (and, through \!, pg_recvlogical) as this user;
# the server was started as its owner by pg_start.
# shellcheck disable=SC2086,SC2154 # the tests' names; new_tmpdir sets out
run() {
	"$pgxs_test/$1" --use-existing --host=127.0.0.1 --port="$PGPORT" \
		--user="$PGUSER" --bindir="$PG_BINDIR" --inputdir=plugin \
		--outputdir="$out" --dbname=contrib_regression $2 >>"$out/log" 2>&1
}
if run regress/pg_regress "$tests" && run isolation/pg_isolation_regress "$specs"
then
	echo "$(pg_config --version): $(grep -E 'tests? passed' "$out/log" | sed 's/^[# ]*//')"
	exit 0
fi
cat "$out/log"
[ -f "$out/regression.diffs" ] && cat "$out/regression.diffs"
echo "--- server log (last lines)"
tail -20 "$PG_LOG"
fail "plugin regression tests"
