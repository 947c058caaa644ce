# On a pipe, each complete transaction is written and flushed before
# txsplit waits for more input, even in the middle of a line: here the
# rest of the stream is sent only once "; COMMIT 1" is out (or after
# 10 s, and then the test fails for want of it).
out=$(mktemp) || exit 2
trap 'rm -f "$out"' EXIT
wait_for() {
	i=0
	while ! grep -q "^; COMMIT $1" "$out" && [ $i -lt 200 ]
	do
		sleep 0.05
		i=$((i + 1))
	done
	grep -q "^; COMMIT $1" "$out" || echo "timed out waiting for COMMIT $1" >&2
}
{
	printf 'BEGIN 1\nzone example\nupdate add a.example 60 A 192.0.2.1\nCOMMIT 1\nBEG'
	wait_for 1
	printf 'IN 2\nzone example\nupdate add b.example 60 A 192.0.2.2\nCOMMIT 2\n'
} | $TXSPLIT >"$out"
rc=$?
cat "$out"
exit $rc
