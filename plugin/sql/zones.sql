-- The reference table keeps a row in its zone: a zone dns.zone lists,
-- in its class; not below a delegation of the zone (an NS RRset below
-- its apex), where named would serve it only as glue, and not at or
-- below the apex of another zone dns.zone lists; and no SOA, which the
-- primary server makes.
\set VERBOSITY terse
DELETE FROM dns.rr;

-- zones are written in lower case without the final dot
INSERT INTO dns.zone (name) VALUES ('Example.org.');
INSERT INTO dns.zone (name, class) VALUES ('ch.example', 'CH');
-- a zone nobody registered (a typo), a class that is not the zone's
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('examp1e.com', 'www.examp1e.com', 'A', '192.0.2.1');
INSERT INTO dns.rr (zone, owner, class, type, rdata) VALUES ('example.com', 'www.example.com', 'CH', 'TXT', 'x');
INSERT INTO dns.rr (zone, owner, class, type, rdata) VALUES ('ch.example', 'www.ch.example', 'CH', 'TXT', 'x');
-- the zone in any spelling
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('Example.COM.', 'www.example.com', 'A', '192.0.2.1');
-- the SOA is the primary's
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'example.com', 'SOA', 'evil.example.org. root.evil.example.org. 1 60 60 60 0');

-- a delegation within the zone: NS, DS and glue at and below the cut
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES
	('example.com', 'd.example.com', 'NS', 'ns1.d.example.com.'),
	('example.com', 'd.example.com', 'NS', 'ns2.example.net.'),
	('example.com', 'ns1.d.example.com', 'A', '192.0.2.2'),
	('example.com', 'd.example.com', 'DS', '12345 8 2 abcd');
-- but nothing else
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'x.d.example.com', 'TXT', 'hidden');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'd.example.com', 'TXT', 'hidden');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'x.d.example.com', 'NS', 'nested.example.net.');
-- names beside the cut are not below it
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'dd.example.com', 'TXT', 'beside');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'd-x.example.com', 'TXT', 'beside');
-- the apex NS cuts nothing
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'Example.com.', 'NS', 'ns.example.com.');
-- a cut above existing rows
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'x.e.example.com', 'TXT', 'below');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'e.example.com', 'NS', 'ns.example.net.');
-- a delegation replaced by data in one transaction, in either order
BEGIN;
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'x.d.example.com', 'TXT', 'visible now');
DELETE FROM dns.rr WHERE owner = 'd.example.com' AND type IN ('NS', 'DS');
COMMIT;

-- another zone of the table, below this one: only the delegation (NS
-- and DS at its apex) is the parent's
INSERT INTO dns.zone (name) VALUES ('kid.example.com');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'x.kid.example.com', 'A', '192.0.2.3');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'kid.example.com', 'TXT', 'child''s');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'kid.example.com', 'NS', 'ns.example.net.');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('kid.example.com', 'x.kid.example.com', 'A', '192.0.2.3');
UPDATE dns.rr SET zone = 'example.com' WHERE owner = 'x.kid.example.com';
-- a zone registered below rows of its parent
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'y.new.example.com', 'A', '192.0.2.4');
INSERT INTO dns.zone (name) VALUES ('new.example.com');
BEGIN ISOLATION LEVEL REPEATABLE READ;
INSERT INTO dns.zone (name) VALUES ('new2.example.com');
ROLLBACK;
-- a zone that holds rows stays
DELETE FROM dns.zone WHERE name = 'kid.example.com';
SELECT zone, owner, type, rdata FROM dns.rr ORDER BY id;
\set VERBOSITY default
-- the messages in full
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'y.kid.example.com', 'A', '192.0.2.5');
INSERT INTO dns.zone (name) VALUES ('new.example.com');

DELETE FROM dns.rr;
DELETE FROM dns.zone WHERE name IN ('ch.example', 'kid.example.com');

-- a writer of rows needs no right on dns.zone
CREATE ROLE regress_writer;
GRANT USAGE ON SCHEMA dns TO regress_writer;
GRANT SELECT, INSERT, UPDATE, DELETE ON dns.rr TO regress_writer;
SET ROLE regress_writer;
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'www.example.com', 'A', '192.0.2.1');
UPDATE dns.rr SET rdata = '192.0.2.2';
DELETE FROM dns.rr;
RESET ROLE;
DROP OWNED BY regress_writer;
DROP ROLE regress_writer;
