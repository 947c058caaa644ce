# RFC 9460: a parameter written as keyNNNNN has its value in wire form,
# whatever the key (BIND 9.18 agrees, and sends these in 48 and 49):
#   SVCB 6 . key3=\000\001   (port 1):  2 + 1 + 4+2 = 9    39 + 9  = 48
#   SVCB 6 . key1=\002h2     (alpn h2): 2 + 1 + 4+3 = 10   39 + 10 = 49
#   SVCB 1 . alpn=h2 key2 (no-default-alpn): 2+1 + 4+1+2 + 4 = 14   53
#   SVCB 1 . key0=\000\001 alpn=h2 (mandatory alpn): 2+1 + 4+2 + 7 = 16   55
#   SVCB 1 . key65000 (no value): 2+1 + 4 = 7                   46
# (39: see size-svcb.)  A known key's value must still have its shape:
# key3=8443 is four octets, no port (BIND: FORMERR).
$TXSPLIT -v -t 0 <<'IN'
zone example
update add r.example 60 SVCB 6 . key3=\000\001
send
update add r.example 60 SVCB 6 . key1=\002h2
send
update add r.example 60 SVCB 1 . alpn=h2 key2
send
update add r.example 60 SVCB 1 . key0=\000\001 alpn=h2
send
update add r.example 60 SVCB 1 . key65000
send
IN
echo "rc=$?"
err=$(printf 'zone example\nupdate add r.example 60 SVCB 6 . key3=8443\n' | $TXSPLIT 2>&1 >/dev/null)
echo "rc=$?"
printf '%s\n' "$err"
