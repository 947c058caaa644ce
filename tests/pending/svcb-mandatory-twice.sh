# PENDING (accepts what nsupdate refuses): BIND refuses a key listed
# twice in mandatory ("near 'mandatory=alpn,alpn': syntax error"), as
# it refuses a parameter given twice; txsplit takes it.  (The wording of
# txsplit's message is not fixed here.)
err=$(printf 'BEGIN\nzone example\nupdate add r.example 60 SVCB 1 . alpn=h2 mandatory=alpn,alpn\nCOMMIT\n' |
    $TXSPLIT 2>&1)
echo "rc=$?"
printf '%s\n' "$err" | sed 's/\(:[0-9]*:\) .*/\1 .../'
