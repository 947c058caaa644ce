# PENDING (wrong size; accepts and refuses the wrong things): RFC 9460
# says a parameter written as keyNNNNN has its value in wire format,
# whatever the key; BIND 9.18 agrees.  txsplit reads key1 as alpn and
# key3 as port.  BIND sends these two messages in 48 and 49 octets:
#   SVCB 6 . key3=\000\001   (port 1):  2 + 1 + 4+2 = 9    39 + 9  = 48
#   SVCB 6 . key1=\002h2     (alpn h2): 2 + 1 + 4+3 = 10   39 + 10 = 49
# and refuses key3=8443 (four octets are no port: FORMERR).  The
# wording of that message is not fixed here.
$TXSPLIT -v -t 0 <<'IN'
zone example
update add r.example 60 SVCB 6 . key3=\000\001
send
update add r.example 60 SVCB 6 . key1=\002h2
send
IN
echo "rc=$?"
err=$(printf 'zone example\nupdate add r.example 60 SVCB 6 . key3=8443\n' | $TXSPLIT 2>&1 >/dev/null)
echo "rc=$?"
printf '%s\n' "$err" | sed 's/\(:[0-9]*:\) .*/\1 .../'
