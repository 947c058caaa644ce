# PENDING (self-contradicting messages): a quoted token where a number,
# address, hex, base64, CAA tag or SVCB key belongs is refused (as BIND
# refuses it), but the message quotes the token without its quotes, so
# it says "MX '10': want a decimal number", "bad IPv4 address
# '192.0.2.1'", "unknown SVCB parameter 'alpn'".  The message should
# show the token as written: here, each must contain it with its quotes.
for rd in 'MX "10" mx.example.net.' 'A "192.0.2.1"' 'TLSA 3 1 1 "00"' \
    'OPENPGPKEY "AAAA"' 'CAA 0 "issue" "x"' 'SVCB 1 . "alpn=h2"'
do
	err=$(printf 'BEGIN\nzone example\nupdate add r.example 60 %s\nCOMMIT\n' "$rd" |
	    $TXSPLIT 2>&1)
	echo "rc=$?"
	tok=$(printf '%s\n' "$rd" | grep -o '"[^"]*"' | head -1)
	case $err in
	*"$tok"*) echo "shows $tok" ;;
	*) echo "does not show $tok: $err" ;;
	esac
done
