# -O: the prerequisites go with the first message of a transaction cut
# within, as when it is cut by size; a transaction with prerequisites
# is still never merged with another.
$TXSPLIT -m -O <<'IN'
BEGIN 1
zone example.com
update add a.example.com 60 A 192.0.2.1
COMMIT 1
BEGIN 2
zone example.com
prereq yxdomain example.com
update delete a.example.com A
update add a.example.com 60 A 192.0.2.2
COMMIT 2
BEGIN 3
zone example.com
update delete a.example.com A 192.0.2.2
COMMIT 3
IN
