# CAA tags are 1 to 255 letters and digits; URI targets are quoted.
# Each case is line 3 of a transaction in zone example; its message
# (on standard output here) comes before its exit status.
t() {
	printf 'BEGIN\nzone example\n%s\nCOMMIT\n' "$1" | $TXSPLIT 2>&1
	echo "rc=$?"
}
t 'update add r.example 60 CAA 0 is-sue "x"'
t 'update add r.example 60 CAA 0 "" "x"'
t 'update add r.example 60 CAA 0 "issue" "x"'
t 'update add r.example 60 CAA 256 issue "x"'
t 'update add r.example 60 CAA 0 issue'
t 'update add r.example 60 CAA 0 issue "x" "y"'
t 'update add r.example 60 URI 1 1 https://example.net/'
t 'update add r.example 60 URI 1 1'
# a tag of 255 letters is fine, of 256 not
t 'update add r.example 60 CAA 0 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa "x"' | cut -c1-60
t 'update add r.example 60 CAA 0 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa "x"'
