# A TXT record of 260 strings of 250 octets: its RDATA (65260 octets) is
# within the limit, but the record cannot fit any message with TSIG.
# Transactions 101 and 102 are written; nothing of 103, which holds a
# good change before the bad line, nor of 104 after it.
$TXSPLIT bad-record-too-big.in
