# Classes: IN, CH, HS or CLASSnnn; NONE and ANY (and CLASS0) mean
# other things in an update and cannot be used.  (To an update line,
# as to nsupdate, ANY is a type, and no record has it.)
# Each case is line 3 of a transaction in zone example; its message
# (on standard output here) comes before its exit status.
t() {
	printf 'BEGIN\nzone example\n%s\nCOMMIT\n' "$1" | $TXSPLIT 2>&1
	echo "rc=$?"
}
t 'class NONE'
t 'class ANY'
t 'class CLASS0'
t 'class CLASS255'
t 'class FOO'
t 'class'
t 'class IN CH'
t 'update add a.example 60 NONE TXT "x"'
t 'update add a.example 60 ANY TXT "x"'
t 'update delete a.example NONE TXT'
t 'prereq yxrrset a.example CLASS254 TXT'
t 'class chaos'
t 'class hesiod'
t 'class CLASS65535'
