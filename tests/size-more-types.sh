# Sizes of the types BIND 9.18 knows beyond the common ones, one record
# a message.  Each message: header 12 + zone "example" 9+4 + owner
# r.example 4 + type, class, TTL and RDLENGTH 10 = 39 octets, plus the
# RDATA, whose size is given before each record as BIND's
# named-rrchecker -u (9.18.49) gives it; the -v comments must say 39
# more.  But for MD, MF, MB, MG, MR and MINFO, whose names nsupdate
# compresses (9.18 and 9.20 alike): a.example and b.example, below the
# zone "example" written at offset 12, are each the label and a pointer,
# 1+1+2 = 4 octets, so 39 + 4 = 43 (MINFO 39 + 8 = 47).
$TXSPLIT -v -t 0 <<'IN'
zone example
; RDATA 11
update add r.example 60 MD a.example.
send
; RDATA 11
update add r.example 60 MF a.example.
send
; RDATA 11
update add r.example 60 MB a.example.
send
; RDATA 11
update add r.example 60 MG a.example.
send
; RDATA 11
update add r.example 60 MR a.example.
send
; RDATA 22
update add r.example 60 MINFO a.example. b.example.
send
; RDATA 13
update add r.example 60 X25 311061700956
send
; RDATA 13
update add r.example 60 X25 "311061700956"
send
; RDATA 20
update add r.example 60 ISDN "150862028003217" "004"
send
; RDATA 16
update add r.example 60 ISDN "150862028003217"
send
; RDATA 20
update add r.example 60 NSAP 0x47.0005.80.005a00.0000.0001.e133.ffffff000162.00
send
; RDATA 1
update add r.example 60 NSAP 0x47
send
; RDATA 11
update add r.example 60 NSAP-PTR a.example.
send
; RDATA 8
update add r.example 60 KEY 256 3 8 AwEAAQ==
send
; RDATA 4
update add r.example 60 KEY 49152 3 8
send
; RDATA 8
update add r.example 60 KEY 256 3 RSASHA256 AwEA AQ==
send
; RDATA 24
update add r.example 60 PX 10 a.example. b.example.
send
; RDATA 23
update add r.example 60 GPOS -32.6882 116.8652 10.0
send
; RDATA 23
update add r.example 60 GPOS "-32.6882" "116.8652" "10.0"
send
; RDATA 4
update add r.example 60 EID 0102abcd
send
; RDATA 4
update add r.example 60 EID 01 02ab cd
send
; RDATA 4
update add r.example 60 NIMLOC 0102abcd
send
; RDATA 22
update add r.example 60 ATMA 39246f000e7c9c031200010001000020481a800100
send
; RDATA 22
update add r.example 60 ATMA 39.246f.000e7c9c031200010001000020481a800100
send
; RDATA 14
update add r.example 60 ATMA +358.400.1234567
send
; RDATA 9
update add r.example 60 CERT PGP 0 0 AwEAAQ==
send
; RDATA 9
update add r.example 60 CERT 1 2 3 AwEAAQ==
send
; RDATA 9
update add r.example 60 CERT PKIX 65535 RSASHA256 AwEAAQ==
send
; RDATA 14
update add r.example 60 APL 1:192.168.32.0/21 !1:192.168.38.0/28
send
; RDATA 4
update add r.example 60 APL 1:0.0.0.0/0
send
; RDATA 12
update add r.example 60 APL 2:2001:db8::/32 !2:::/0
send
; RDATA 25
update add r.example 60 APL !1:10.0.0.0/8 2:ff00::1/128
send
; RDATA 41
update add r.example 60 IPSECKEY 10 1 2 192.0.2.38 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==
send
; RDATA 37
update add r.example 60 IPSECKEY 10 0 2 . AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==
send
; RDATA 53
update add r.example 60 IPSECKEY 10 2 2 2001:0DB8:0:8002::2000:1 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==
send
; RDATA 60
update add r.example 60 IPSECKEY 10 3 2 mygateway.example.com. AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==
send
; RDATA 35
update add r.example 60 DHCID AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA=
send
; RDATA 169
update add r.example 60 HIP 2 200100107B1A74DF365639CC39F1D578 AwEAAbdxyhNuSutc5EMzxTs9LBPCIkOFH8cIvM4p9+LrV4e19WzK00+CI6zBCQTdtWsuxKbWIy87UOoJTwkUs7lBu+Upr1gsNrut79ryra+bSRGQb1slImA8YVJyuIDsj7kwzG7jnERNqnWxZ48AWkskmdHaVDP4BcelrTI3rMXdXF5D rvs.example.com.
send
; RDATA 24
update add r.example 60 HIP 2 200100107B1A74DF365639CC39F1D578 AwEAAQ==
send
; RDATA 46
update add r.example 60 HIP 2 200100107B1A74DF365639CC39F1D578 AwEAAQ== a.example. b.example.
send
; RDATA 4
update add r.example 60 NINFO "a" "b"
send
; RDATA 8
update add r.example 60 RKEY 0 3 8 AwEAAQ==
send
; RDATA 22
update add r.example 60 TALINK a.example. b.example.
send
; RDATA 12
update add r.example 60 CSYNC 66 3 A NS AAAA
send
; RDATA 6
update add r.example 60 CSYNC 66 3
send
; RDATA 43
update add r.example 60 CSYNC 66 3 TYPE65535 A
send
; RDATA 44
update add r.example 60 CSYNC 66 3 CAA TYPE1000 DLV
send
; RDATA 54
update add r.example 60 ZONEMD 2018031500 1 1 FEBE3D4CE2EC2FFA4BA99D46CD69D6D29711E55217057BEE7EB1A7B641A47BA7FED2DD5B97AE499FAFA4F22C6BD647DE
send
; RDATA 22
update add r.example 60 ZONEMD 2018031500 1 240 e2d523f654b9422a96c5a8f44607bbee
send
; RDATA 18
update add r.example 60 ZONEMD 2018031500 1 240 e2d523f654b9422a96c5a8f4
send
; RDATA 10
update add r.example 60 NID 10 0014:4fff:ff20:ee64
send
; RDATA 10
update add r.example 60 NID 10 14:4fff:ff20:ee64
send
; RDATA 6
update add r.example 60 L32 10 10.1.2.0
send
; RDATA 10
update add r.example 60 L64 10 2001:0db8:1140:1000
send
; RDATA 27
update add r.example 60 LP 10 l64-subnet1.example.com.
send
; RDATA 6
update add r.example 60 EUI48 00-00-5e-00-53-2a
send
; RDATA 8
update add r.example 60 EUI64 00-00-5e-ef-10-00-00-2a
send
; RDATA 32
update add r.example 60 AVC "app-name:WOLFGANG|app-class:OAM"
send
; RDATA 30
update add r.example 60 DOA 0 1 2 "" aHR0cHM6Ly93d3cuaXNjLm9yZy8=
send
; RDATA 20
update add r.example 60 DOA 0 1 2 "text/plain" -
send
; RDATA 26
update add r.example 60 DOA 4294967295 4294967295 255 "text/plain" aHR0 cHM6
send
; RDATA 2
update add r.example 60 AMTRELAY 0 0 0 .
send
; RDATA 6
update add r.example 60 AMTRELAY 10 1 1 203.0.113.15
send
; RDATA 18
update add r.example 60 AMTRELAY 10 0 2 2001:db8::15
send
; RDATA 25
update add r.example 60 AMTRELAY 10 0 3 amtrelays.example.com.
send
; RDATA 25
update add r.example 60 RESINFO qnamemin exterr=15,16,17
send
; RDATA 4
update add r.example 60 WALLET "a" "b"
send
; RDATA 24
update add r.example 60 TA 30795 1 1 310D27F4D82C1FC2400704EA9939FE6E1CEAA3B9
send
; RDATA 24
update add r.example 60 DLV 30795 1 1 310D27F4D82C1FC2400704EA9939FE6E1CEAA3B9
send
; RDATA 1
update add r.example 60 HHIT AQ==
send
; RDATA 1
update add r.example 60 BRID AQ==
send
IN
