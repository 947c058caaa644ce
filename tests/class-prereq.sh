# prereq nxdomain and yxdomain lines carry no class: nsupdate gives them
# its default class, so a block of another class than IN is framed by
# class lines (and the default put back to IN after its send).
$TXSPLIT <<'IN'
BEGIN 1
class CH
zone example
prereq nxdomain a.example
zone other
update add b.other 60 TXT "x"
COMMIT 1
zone example
prereq yxdomain c.example
update add d.example 60 TXT "y"
send
IN
