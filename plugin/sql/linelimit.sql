-- nsupdate reads a line of at most 131070 octets whole; a longer one it
-- reads as two commands.  A record whose "update add" line, with the
-- widest TTL, would be longer is refused: by the reference schema's
-- CHECK and, where there is none, by the plugin at decode time.
SELECT 'init' FROM pg_create_logical_replication_slot('linelimit_slot', 'wal2nsupdate');
-- and a table without the CHECK
CREATE TABLE public.rawlong (id serial PRIMARY KEY, zone text, owner text,
	ttl bigint, class text, type text, rdata text);
ALTER TABLE public.rawlong REPLICA IDENTITY FULL;
SET regress.tables = 'dns.rr, public.rawlong';

-- TXT rdata of exactly len octets as written: strings of 63 \DDD escapes
-- (252 octets of text, 63 of RDATA), then one of x to make up the rest
CREATE FUNCTION big_txt(len integer) RETURNS text LANGUAGE sql IMMUTABLE
RETURN repeat('"' || repeat('\120', 63) || '" ', (len - 2) / 255)
	|| '"' || repeat('x', len - 255 * ((len - 2) / 255) - 2) || '"';
-- the length of each line decoded, and how it starts and ends
CREATE FUNCTION decoded(slot name) RETURNS TABLE (len integer, line text)
LANGUAGE sql AS $$
	SELECT length(c), CASE WHEN c LIKE 'update %'
		THEN left(c, 50) || ' ... ' || right(c, 12) ELSE c END
	FROM changes(slot) c
$$;

-- "update add big.example.com. 2147483647 IN TXT " is 46 octets
SELECT length(big_txt(131024)), octet_length(big_txt(131024)),
	dns.update_line_length('big.example.com', 'IN', 'TXT', big_txt(131024));
SELECT dns.update_line_length('big.example.com.', 'IN', 'TXT', big_txt(131025)),
	dns.update_line_length('big.example.com', 'in', 'TYPE16', big_txt(131024));

-- limit - 1 and limit are let in, limit + 1 is not
INSERT INTO dns.rr (zone, owner, ttl, type, rdata) VALUES
	('example.com', 'big.example.com', 2147483647, 'TXT', big_txt(131023)),
	('example.com', 'big.example.com', 2147483647, 'TXT', big_txt(131024));
\set VERBOSITY terse
INSERT INTO dns.rr (zone, owner, ttl, type, rdata) VALUES
	('example.com', 'big.example.com', 2147483647, 'TXT', big_txt(131025));
-- the TTL does not count: a short one does not make room
INSERT INTO dns.rr (zone, owner, ttl, type, rdata) VALUES
	('example.com', 'big.example.com', 5, 'TXT', big_txt(131025));
-- an octet above 127 is written as \DDD, four octets: 'é' is eight
INSERT INTO dns.rr (zone, owner, ttl, type, rdata) VALUES
	('example.com', 'big.example.com', 60, 'TXT', big_txt(131017) || 'é');
\set VERBOSITY default
INSERT INTO dns.rr (zone, owner, ttl, type, rdata) VALUES
	('example.com', 'big.example.com', 60, 'TXT', big_txt(131016) || 'é');
-- quoted strings with blanks
INSERT INTO dns.rr (zone, owner, ttl, type, rdata) VALUES
	('example.com', 'quoted.example.com', 60, 'TXT',
	 repeat('"a b c d e f g h i j k l m n o p q r s t u v w x y z 0 1 2 3 4 5 6 7 8 9" ', 1700) || '"end"');
SELECT len, line FROM decoded('linelimit_slot');
-- and they can be deleted, at any TTL
UPDATE dns.rr SET ttl = 0 WHERE owner = 'big.example.com';
DELETE FROM dns.rr WHERE owner IN ('big.example.com', 'quoted.example.com');
SELECT len, line FROM decoded('linelimit_slot');

-- a table without the CHECK: the plugin refuses the same rows
INSERT INTO public.rawlong (zone, owner, ttl, class, type, rdata) VALUES
	('example.com', 'big.example.com', 2147483647, 'IN', 'TXT', big_txt(131024));
SELECT len, line FROM decoded('linelimit_slot');
INSERT INTO public.rawlong (zone, owner, ttl, class, type, rdata) VALUES
	('example.com', 'big.example.com', 2147483647, 'IN', 'TXT', big_txt(131025));
SELECT len, line FROM decoded('linelimit_slot');
SELECT skip_as_hinted('linelimit_slot');
INSERT INTO public.rawlong (zone, owner, ttl, class, type, rdata) VALUES
	('example.com', 'big.example.com', 1, 'IN', 'TXT', big_txt(131017) || 'é');
SELECT len, line FROM decoded('linelimit_slot');
SELECT skip_as_hinted('linelimit_slot');
-- a delete is measured as written: the rows refused above can go
DELETE FROM public.rawlong;
SELECT len, line FROM decoded('linelimit_slot');
-- but not a row whose delete line itself is too long
INSERT INTO public.rawlong (zone, owner, ttl, class, type, rdata) VALUES
	('example.com', 'big.example.com', 1, 'IN', 'TXT', big_txt(131060));
SELECT skip_as_hinted('linelimit_slot');
DELETE FROM public.rawlong;
SELECT len, line FROM decoded('linelimit_slot');
SELECT skip_as_hinted('linelimit_slot');
DROP TABLE public.rawlong;

SELECT pg_drop_replication_slot('linelimit_slot');
