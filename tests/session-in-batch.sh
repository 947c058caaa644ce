# A session command inside an unsent batch goes out before the batch:
# nsupdate would have used it for that batch's send all the same.
$TXSPLIT <<'IN'
zone example
update add a.example 60 A 192.0.2.1
server 192.0.2.53
update add b.example 60 A 192.0.2.2
send
IN
