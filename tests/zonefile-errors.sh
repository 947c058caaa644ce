# Errors in the -z file name it and the line: two names on a line, a
# zone listed twice (whatever the case), a bad name, a bad character.
$TXSPLIT -z zonefile-two.z </dev/null; echo "rc=$?"
$TXSPLIT -z zonefile-twice.z </dev/null; echo "rc=$?"
$TXSPLIT -z zonefile-badname.z </dev/null; echo "rc=$?"
$TXSPLIT -z zonefile-cr.z </dev/null; echo "rc=$?"
