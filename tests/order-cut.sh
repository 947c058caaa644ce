# -O -m: where the cut goes.  Transaction 2 conflicts with 1 (it
# deletes what 1 added): the cut goes before 2, which stays whole.
# Transaction 4 conflicts only with itself (it adds r and deletes it):
# it must be cut there anyway, so it starts in 3's message and the cut
# goes before its delete.  Transaction 6 conflicts with itself and with
# 5: cut before its delete, which conflicts with both.
$TXSPLIT -m -O <<'IN'
BEGIN 1
zone example.com
update add p.example.com 60 A 192.0.2.1
COMMIT 1
BEGIN 2
zone example.com
update add q.example.com 60 A 192.0.2.2
update delete p.example.com A
COMMIT 2
BEGIN 3
zone example.com
update add s.example.com 60 A 192.0.2.3
COMMIT 3
BEGIN 4
zone example.com
update add r.example.com 60 A 192.0.2.4
update delete r.example.com A 192.0.2.4
COMMIT 4
BEGIN 5
zone example.com
update add t.example.com 60 TXT "five"
COMMIT 5
BEGIN 6
zone example.com
update add t.example.com 60 TXT "six"
update add u.example.com 60 TXT "six"
update delete t.example.com TXT
COMMIT 6
IN
