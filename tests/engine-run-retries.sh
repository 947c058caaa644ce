# pg2dns-run run with no PostgreSQL to connect to, retrying every
# PG2DNS_BACKOFF_MIN (0.1 s here) for the first PG2DNS_BACKOFF_MAX
# (30 s) of the failure: ten retries come within a second, not after a
# doubling delay (0.1, 0.2, 0.4 ... s: ten would take over a minute),
# so that a server back after a failover is found at once.
. ./lib/engine.sh
no_postgresql
engine_start run
wait_for '^retries_postgresql=1[0-9]' "$T/state/status"
engine_stop
engine_log
