# A zone's prerequisites must all fit in its first message.  -b 1024
# -t 0: two value-dependent prerequisites of 526 octets each:
# 25 + 526 + 526 = 1077 > 1024.
$TXSPLIT -b 1024 -t 0 prereq-too-big.in
