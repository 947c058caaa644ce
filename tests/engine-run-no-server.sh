# pg2dns-run run with no PostgreSQL to connect to: the status says
# failing, with PostgreSQL's error, never running; the connection is
# tried again after the backoff ("still"), the error is kept in
# STATE/last_error; SIGTERM stops it (exit 0) and the status says
# stopped.
PG2DNS_BACKOFF_MIN=1
. ./lib/engine.sh
no_postgresql
engine_start run
wait_for 'still PostgreSQL'
steady "$T/state/status" | sed '/^$/d'
engine_stop
steady "$T/state/status" | sed '/^$/d'
steady "$T/state/last_error"
engine_log
