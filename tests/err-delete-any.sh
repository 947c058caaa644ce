# Type ANY stands for every RRset of a name, so it takes no RDATA (BIND:
# "invalid use of a meta type"), and no record added can have it; in a
# prerequisite a lone ANY is a class, as nsupdate reads it.  Other meta
# types are refused in deletes too (named would answer FORMERR).
# Each case is line 3 of a transaction in zone example.
t() {
	printf 'BEGIN\nzone example\n%s\nCOMMIT\n' "$1" | $TXSPLIT 2>&1
	echo "rc=$?"
}
t 'update delete r.example ANY ANY'
t 'update delete r.example ANY \# 0'
t 'update delete r.example IN TYPE255 \# 1 00'
t 'update delete r.example ANY 192.0.2.1'
t 'update add r.example 60 ANY 192.0.2.1'
t 'update add r.example 60 IN TYPE255 \# 0'
t 'prereq yxrrset r.example ANY'
t 'prereq yxrrset r.example IN ANY \# 0'
t 'prereq nxrrset r.example IN ANY 192.0.2.1'
t 'update delete r.example CLASS255'
t 'update delete r.example TYPE252'
t 'update delete r.example "ANY"'
