# pg2dns-run's commands of the state directory while pg2dns-run run
# runs with no PostgreSQL (failing): status names its process and the
# error; the state gives its pid to the shell; pause waits until it has
# paused and says how far it applied, status says paused (exit 0);
# resume undoes it, and the driver says resumed.
PG2DNS_BACKOFF_MIN=1
. ./lib/engine.sh
no_postgresql
engine_start run
wait_for 'still PostgreSQL'
engine_cmd status
engine_cmd state | grep PID
engine_cmd pause
engine_cmd status
engine_cmd resume
wait_for 'resumed at'
# and it tries PostgreSQL again
i=0
while [ "$(grep -c ': PostgreSQL: connection' "$T/log")" -lt 2 ] && [ $i -lt 400 ]
do
	sleep 0.05
	i=$((i + 1))
done
engine_cmd state | grep PAUSED
engine_stop
engine_log
