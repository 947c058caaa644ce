-- The reference table keeps what the DNS keeps: rows that are one record
-- are one row (compared in canonical form), a CNAME has its name to
-- itself, and the records of an RRset have one TTL.
\set VERBOSITY terse
DELETE FROM dns.rr;

-- one record, spelt two ways: the second row is refused
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'v6.example.com', 'AAAA', '2001:db8::1');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'v6.example.com', 'AAAA', '2001:DB8:0::1');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'v6.example.com', 'AAAA', '2001:0db8:0000:0000:0000:0000:0000:0001');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'V6.Example.COM.', 'TYPE28', ' 2001:db8::1 ');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'ftp.example.com', 'CNAME', 'www.example.net.');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'ftp.example.com', 'CNAME', 'WWW.example.net');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'txt.example.com', 'TXT', 'hello');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'txt.example.com', 'TXT', '"hello"');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'txt.example.com', 'TXT', '"\104\ello"');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'txt.example.com', 'TXT', 'v=spf1 mx -all');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'txt.example.com', 'TXT', '"v=spf1" "mx"  "-all"');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'txt.example.com', 'TXT', '"café"');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'txt.example.com', 'TXT', 'caf\195\169');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'quote.example.com', 'TXT', '"a\"b"');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'quote.example.com', 'TXT', 'a"b');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'example.com', 'MX', '10 mail.example.com');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'example.com', 'MX', '10  MAIL.example.com.');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', '_sip._tcp.example.com', 'SRV', '0 5 5060 sip.example.com');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', '_sip._tcp.example.com', 'SRV', '0 5 5060 sip.example.com.');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'gen.example.com', 'TYPE65280', '\# 2 ABCD');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'gen.example.com', 'TYPE65280', '\# 2 ab cd');
-- records that differ are rows of their own
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'txt.example.com', 'TXT', '"hello world"');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'txt.example.com', 'TXT', '"hello" "world"');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'txt.example.com', 'TXT', '"Hello"');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'txt.example.com', 'TXT', '"a\"b"');
INSERT INTO dns.zone (name, class) VALUES ('example.com', 'CH');
INSERT INTO dns.rr (zone, owner, class, type, rdata) VALUES ('example.com', 'txt.example.com', 'CH', 'TXT', 'hello');
SELECT owner, type, rdata, dns.canonical_rdata(rrtype, rdata) FROM dns.rr ORDER BY id;

-- a CNAME excludes other data at its name, and a second CNAME
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'ftp.example.com', 'A', '192.0.2.1');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'FTP.example.com.', 'CNAME', 'www.example.org.');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'v6.example.com', 'CNAME', 'www.example.org.');
UPDATE dns.rr SET owner = 'ftp.example.com' WHERE owner = 'v6.example.com';
-- replacing the other data with a CNAME in one transaction is fine,
-- once it is deleted (named ignores a CNAME added beside other data,
-- whatever follows it in the message)
BEGIN;
DELETE FROM dns.rr WHERE owner = 'v6.example.com';
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'v6.example.com', 'CNAME', 'www.example.org.');
COMMIT;
BEGIN;
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'quote.example.com', 'CNAME', 'www.example.org.');
ROLLBACK;
SELECT owner, type, rdata FROM dns.rr WHERE type = 'CNAME' ORDER BY id;

-- one TTL per RRset
INSERT INTO dns.rr (zone, owner, ttl, type, rdata) VALUES ('example.com', 'www.example.com', 300, 'A', '192.0.2.10');
INSERT INTO dns.rr (zone, owner, ttl, type, rdata) VALUES ('example.com', 'www.example.com', 60, 'A', '192.0.2.11');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'www.example.com', 'A', '192.0.2.11');
INSERT INTO dns.rr (zone, owner, ttl, type, rdata) VALUES ('example.com', 'WWW.example.com.', 300, 'TYPE1', '192.0.2.11');
-- another RRset at the name may have another TTL
INSERT INTO dns.rr (zone, owner, ttl, type, rdata) VALUES ('example.com', 'www.example.com', 60, 'AAAA', '2001:db8::10');
-- a whole RRset changes TTL in one statement, or row by row in one
-- transaction (the rules are checked at commit), not in two
UPDATE dns.rr SET ttl = 120 WHERE owner = 'www.example.com' AND rdata = '192.0.2.10';
UPDATE dns.rr SET ttl = 120 WHERE dns.canonical_name(owner) = 'www.example.com' AND type IN ('A', 'TYPE1');
BEGIN;
UPDATE dns.rr SET ttl = 150 WHERE owner = 'www.example.com' AND rdata = '192.0.2.10';
UPDATE dns.rr SET ttl = 150 WHERE owner = 'WWW.example.com.' AND rdata = '192.0.2.11';
COMMIT;
UPDATE dns.rr SET ttl = 120 WHERE rdata IN ('192.0.2.10', '192.0.2.11');
-- and a bulk load is checked as a whole
INSERT INTO dns.rr (zone, owner, ttl, type, rdata)
	SELECT 'example.com', 'bulk' || i % 10 || '.example.com', 60 + i % 3, 'A', '192.0.2.' || i
	FROM generate_series(1, 20) i;
INSERT INTO dns.rr (zone, owner, ttl, type, rdata)
	SELECT 'example.com', 'bulk' || i % 10 || '.example.com', 60, 'A', '192.0.2.' || i
	FROM generate_series(1, 20) i;
INSERT INTO dns.rr (zone, owner, type, rdata)
	SELECT 'example.com', 'bulk1.example.com', 'CNAME', 'www.example.net.';
SELECT owner, ttl, type, rdata FROM dns.rr WHERE dns.canonical_name(owner) = 'www.example.com' ORDER BY id;
\set VERBOSITY default
-- the messages in full
INSERT INTO dns.rr (zone, owner, ttl, type, rdata) VALUES ('example.com', 'www.example.com', 60, 'A', '192.0.2.12');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'www.example.com', 'CNAME', 'www.example.org.');

DELETE FROM dns.rr;
DELETE FROM dns.zone WHERE class = 'CH';
