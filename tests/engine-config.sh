# pg2dns-run config: every setting, defaults filled in, as shell
# assignments that export them (libpq's only where set or defaulted);
# what it prints, evaluated, prints the same again, quotes and all; a
# bad value is an error naming the setting (exit 2), and so is a plugin
# option that takes away what the engine reads (wal2nsupdate.h).
. ./lib/engine.sh
# shellcheck disable=SC2086 # PG2DNS_RUN may be a wrapper and its words
config() { env -i PATH="$PATH" "$@" $PG2DNS_RUN config; }
config PG2DNS_STATE=/var/lib/pg2dns-test
echo "exit $?"
config PG2DNS_OPTIONS="tables=dns.rr zone-column=it's" PGHOST=/run/x \
	PGAPPNAME= PG2DNS_VERIFY_IGNORE= PG2DNS_STATE=/s >"$T/first"
echo "exit $?"
grep -e OPTIONS -e PGHOST -e PGAPPNAME -e IGNORE "$T/first"
# shellcheck disable=SC2016 # for the inner shell
env -i PATH="$PATH" PG2DNS_RUN="$PG2DNS_RUN" sh -c \
	'eval "$(cat "$1")" && $PG2DNS_RUN config' sh "$T/first" >"$T/again"
cmp "$T/first" "$T/again" && echo "the same again"
config PG2DNS_ANY_ORDER=maybe 2>&1 | steady
config PG2DNS_PORT=0 2>&1 | steady
config PG2DNS_STATE='a
b' 2>&1 | steady
for opt in include-lsn=off include-xids=0 skip-hint=advance
do
	config PG2DNS_OPTIONS="tables=dns.rr $opt" 2>&1 | steady
done
config PG2DNS_OPTIONS="tables=dns.rr include-lsn=on include-xids=yes" |
	grep OPTIONS
