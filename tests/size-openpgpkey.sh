# Size of OPENPGPKEY: the key in base64 (blanks allowed).
# Each message: header 12 + zone "example" 9+4 + owner r.example (one
# label below the zone: 1+1 and a pointer 2) + type, class, TTL and
# RDLENGTH 10 = 39 octets, plus the RDATA.  Names in RDATA count whole.
#   <40 base64 characters, 30 octets>   30   69
#   AAECAwQ= (5 octets), in 2 parts      5    44
$TXSPLIT -v -t 0 <<'IN'
zone example
update add r.example 60 OPENPGPKEY AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd
send
update add r.example 60 OPENPGPKEY AAEC AwQ=
send
IN
