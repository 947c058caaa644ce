# -m merges only what is already waiting: on a pipe, a transaction
# that arrives after txsplit has caught up is not merged with the one
# before, which txsplit has written (and flushed) before waiting.  The
# second transaction is sent only once the first is out (or after 10 s,
# and then the test fails for want of it).
out=$(mktemp) || exit 2
trap 'rm -f "$out"' EXIT
# shellcheck disable=SC2094 # what is sent waits for what txsplit wrote
{
	printf 'BEGIN 1\nzone example\nupdate add a.example 60 A 192.0.2.1\nCOMMIT 1\n'
	i=0
	while ! grep -q '^; COMMIT 1' "$out" && [ $i -lt 200 ]
	do
		sleep 0.05
		i=$((i + 1))
	done
	grep -q '^; COMMIT 1' "$out" || echo "timed out waiting for COMMIT 1" >&2
	printf 'BEGIN 2\nzone example\nupdate add b.example 60 A 192.0.2.2\nCOMMIT 2\n'
} | $TXSPLIT -m >"$out"
rc=$?
cat "$out"
exit $rc
