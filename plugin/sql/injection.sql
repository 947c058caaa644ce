-- Every value is checked before it is written: nsupdate also reads
-- "server", "key" and "send", so a value that could end a line or add a
-- word stops decoding with an ERROR that names table, column and row.
SELECT 'init' FROM pg_create_logical_replication_slot('injection_slot', 'wal2nsupdate');

-- a table with no CHECK constraints
CREATE TABLE public.raw (id serial PRIMARY KEY, zone text, owner text,
	ttl bigint, class text, type text, rdata text);
ALTER TABLE public.raw REPLICA IDENTITY FULL;
SET regress.tables = 'dns.rr, public.raw';

-- owner
INSERT INTO public.raw (zone, owner, type, rdata) VALUES ('example.com', E'x.example.com\nsend', 'A', '192.0.2.1');
SELECT changes('injection_slot');
SELECT skip_as_hinted('injection_slot');
INSERT INTO public.raw (zone, owner, type, rdata) VALUES ('example.com', 'x.example.com 60 IN A 192.0.2.2', 'A', '192.0.2.1');
SELECT changes('injection_slot');
SELECT skip_as_hinted('injection_slot');
INSERT INTO public.raw (zone, owner, type, rdata) VALUES ('example.com', E'x\x01.example.com', 'A', '192.0.2.1');
SELECT changes('injection_slot');
SELECT skip_as_hinted('injection_slot');
INSERT INTO public.raw (zone, owner, type, rdata) VALUES ('example.com', '@', 'A', '192.0.2.1');
SELECT changes('injection_slot');
SELECT skip_as_hinted('injection_slot');
INSERT INTO public.raw (zone, owner, type, rdata) VALUES ('example.com', 'x..example.com', 'A', '192.0.2.1');
SELECT changes('injection_slot');
SELECT skip_as_hinted('injection_slot');
INSERT INTO public.raw (zone, owner, type, rdata) VALUES ('example.com', repeat('a', 64) || '.example.com', 'A', '192.0.2.1');
SELECT changes('injection_slot');
SELECT skip_as_hinted('injection_slot');
INSERT INTO public.raw (zone, owner, type, rdata) VALUES ('example.com', repeat('abcdefg.', 32) || 'example.com', 'A', '192.0.2.1');
SELECT changes('injection_slot');
SELECT skip_as_hinted('injection_slot');
INSERT INTO public.raw (zone, owner, type, rdata) VALUES ('example.com', 'café.example.com', 'A', '192.0.2.1');
SELECT changes('injection_slot');
SELECT skip_as_hinted('injection_slot');
INSERT INTO public.raw (zone, owner, type, rdata) VALUES ('example.com', 'x\', 'A', '192.0.2.1');
SELECT changes('injection_slot');
SELECT skip_as_hinted('injection_slot');
-- zone
INSERT INTO public.raw (zone, owner, type, rdata) VALUES ('example.com server 192.0.2.53', 'x.example.com', 'A', '192.0.2.1');
SELECT changes('injection_slot');
SELECT skip_as_hinted('injection_slot');
-- type
INSERT INTO public.raw (zone, owner, type, rdata) VALUES ('example.com', 'x.example.com', 'A 192.0.2.9', '192.0.2.1');
SELECT changes('injection_slot');
SELECT skip_as_hinted('injection_slot');
INSERT INTO public.raw (zone, owner, type, rdata) VALUES ('example.com', 'x.example.com', 'ANY', '192.0.2.1');
SELECT changes('injection_slot');
SELECT skip_as_hinted('injection_slot');
INSERT INTO public.raw (zone, owner, type, rdata) VALUES ('example.com', 'x.example.com', 'TYPE255', '192.0.2.1');
SELECT changes('injection_slot');
SELECT skip_as_hinted('injection_slot');
INSERT INTO public.raw (zone, owner, type, rdata) VALUES ('example.com', 'x.example.com', 'TYPE65536', '192.0.2.1');
SELECT changes('injection_slot');
SELECT skip_as_hinted('injection_slot');
-- a type wal2nsupdate does not know (a server's own, such as ALIAS) is left
-- out with a WARNING: nothing to skip
INSERT INTO public.raw (zone, owner, type, rdata) VALUES ('example.com', 'x.example.com', 'TYPE', '192.0.2.1');
SELECT changes('injection_slot');
SELECT skip_as_hinted('injection_slot');
-- class
INSERT INTO public.raw (zone, owner, class, type, rdata) VALUES ('example.com', 'x.example.com', 'NONE', 'A', '192.0.2.1');
SELECT changes('injection_slot');
SELECT skip_as_hinted('injection_slot');
INSERT INTO public.raw (zone, owner, class, type, rdata) VALUES ('example.com', 'x.example.com', 'CLASS255', 'A', '192.0.2.1');
SELECT changes('injection_slot');
SELECT skip_as_hinted('injection_slot');
-- ttl
INSERT INTO public.raw (zone, owner, ttl, type, rdata) VALUES ('example.com', 'x.example.com', -1, 'A', '192.0.2.1');
SELECT changes('injection_slot');
SELECT skip_as_hinted('injection_slot');
INSERT INTO public.raw (zone, owner, ttl, type, rdata) VALUES ('example.com', 'x.example.com', 2147483648, 'A', '192.0.2.1');
SELECT changes('injection_slot');
SELECT skip_as_hinted('injection_slot');
-- rdata
INSERT INTO public.raw (zone, owner, type, rdata) VALUES ('example.com', 'x.example.com', 'A', E'192.0.2.1\nsend\nserver 192.0.2.53');
SELECT changes('injection_slot');
SELECT skip_as_hinted('injection_slot');
INSERT INTO public.raw (zone, owner, type, rdata) VALUES ('example.com', 'x.example.com', 'A', E'192.0.2.1\r');
SELECT changes('injection_slot');
SELECT skip_as_hinted('injection_slot');
INSERT INTO public.raw (zone, owner, type, rdata) VALUES ('example.com', 'x.example.com', 'TXT', E'"a\tb"');
SELECT changes('injection_slot');
SELECT skip_as_hinted('injection_slot');
INSERT INTO public.raw (zone, owner, type, rdata) VALUES ('example.com', 'x.example.com', 'TXT', E'"next line\u0085"');
SELECT changes('injection_slot');
SELECT skip_as_hinted('injection_slot');
-- an empty rdata would make "update delete" delete the whole RRset
INSERT INTO public.raw (zone, owner, type, rdata) VALUES ('example.com', 'x.example.com', 'A', '   ');
SELECT changes('injection_slot');
SELECT skip_as_hinted('injection_slot');
-- a bad old row stops an UPDATE before any of it is written
INSERT INTO public.raw (zone, owner, type, rdata) VALUES ('example.com', 'y.example.com', 'A', '');
SELECT changes('injection_slot');
SELECT skip_as_hinted('injection_slot');
UPDATE public.raw SET rdata = '192.0.2.1' WHERE owner = 'y.example.com';
SELECT changes('injection_slot');
SELECT skip_as_hinted('injection_slot');
-- in a table without a primary key, the row is named by owner and type
CREATE TABLE public.rawnokey (owner text, type text, rdata text);
SET regress.tables = 'dns.rr, public.raw, public.rawnokey';
INSERT INTO public.rawnokey VALUES ('z.example.com', 'A', E'192.0.2.1\nkey hmac-sha256:evil c2VjcmV0');
SELECT changes('injection_slot');
SELECT skip_as_hinted('injection_slot');

-- good values that look odd
INSERT INTO public.raw (zone, owner, ttl, class, type, rdata) VALUES
	('example.com.', '\065\.b.example.com', 2147483647, 'CH', 'TXT', '"café" "a;b" "(c)"'),
	('example.com', '*.example.com', 0, 'CLASS1', 'TYPE65280', '\# 0'),
	('.', 'xn--caf-dma.example.com', NULL, 'in', 'a', '192.0.2.1');
SELECT changes('injection_slot');

-- the reference table keeps such rows out in the first place
\set VERBOSITY terse
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', E'x.example.com\nsend', 'A', '192.0.2.1');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'x.example.com', 'A', E'192.0.2.1\nsend');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'x.example.com', 'A', ' ');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com server 192.0.2.53', 'x.example.com', 'A', '192.0.2.1');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'x.example.net', 'A', '192.0.2.1');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'x.example.com', 'ANY', '192.0.2.1');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'x.example.com', 'TYPE255', '192.0.2.1');
INSERT INTO dns.rr (zone, owner, class, type, rdata) VALUES ('example.com', 'x.example.com', 'NONE', 'A', '192.0.2.1');
INSERT INTO dns.rr (zone, owner, ttl, type, rdata) VALUES ('example.com', 'x.example.com', -1, 'A', '192.0.2.1');
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'x.example.com', 'A', E'192.0.2.1\u0085');
\set VERBOSITY default
SELECT changes('injection_slot');

SELECT pg_drop_replication_slot('injection_slot');
