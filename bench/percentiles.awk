# bench/percentiles.awk: numbers sorted in ascending order, one a line,
# to "N P50 P95 P99 MAX MEAN"
{ v[NR] = $1; s += $1 }
function p(q,   i) { i = int(q * NR + 0.999999); if (i < 1) i = 1; return v[i] }
END {
	if (NR == 0) { print "0 - - - - -"; exit }
	printf "%d %.1f %.1f %.1f %.1f %.1f\n", NR, p(0.5), p(0.95), p(0.99),
	    v[NR], s / NR
}
