# bench/trace-ms.awk: PG2DNS_TRACE lines (COMMIT-TIME APPLIED-EPOCH LSN)
# to the milliseconds from commit to applied, one a line, each
# transaction (lsn) once: the first time it was applied.
function epoch(s,   a, y, m, dd, yy, mm, days, t, hms) {
	# 2026-11-25T20:10:00.123456Z
	y = substr(s, 1, 4) + 0; m = substr(s, 6, 2) + 0; dd = substr(s, 9, 2) + 0
	a = (14 - m) / 12; a = a - a % 1
	yy = y + 4800 - a; mm = m + 12 * a - 3
	days = dd + int((153 * mm + 2) / 5) + 365 * yy + int(yy / 4) - \
	    int(yy / 100) + int(yy / 400) - 32045 - 2440588
	t = substr(s, 12); sub(/Z$/, "", t)
	split(t, hms, ":")
	return days * 86400 + hms[1] * 3600 + hms[2] * 60 + hms[3]
}
!seen[$3]++ { print (($2 - epoch($1)) * 1000) }
