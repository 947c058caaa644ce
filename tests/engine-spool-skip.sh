# pg2dns-run replay: a transaction larger than SPOOL_AT (1 MiB), kept in
# its spool file, is refused, held, and passed by pg2dns skip: its text
# in STATE/skipped, read back from the spool file, is the transaction's
# whole text.  (What became of big2 to big24, as of the first record, is
# left out of the log.)
. ./lib/engine.sh
big_tx 1 0/10 b refuse
echo 0/10 >"$T/state/skip"
engine_replay
engine_wait
dns_log | grep -v ' applied: big'
sed 1d "$T/state/skipped" >"$T/skipped-text"
sed -n '/^BEGIN 1$/,/^COMMIT 1 /p' "$T/stream" | cmp -s - "$T/skipped-text" &&
	echo "the skipped text is the transaction's"
engine_log
