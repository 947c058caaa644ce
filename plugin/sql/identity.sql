-- DELETE and UPDATE need the old row's owner, type and rdata (and zone
-- and class): without them decoding stops, and never writes a wrong or
-- partial delete.
SELECT 'init' FROM pg_create_logical_replication_slot('identity_slot', 'wal2nsupdate');

-- REPLICA IDENTITY DEFAULT with a primary key: only the key is logged
CREATE TABLE public.pk (id integer PRIMARY KEY, owner text, type text, rdata text);
SET regress.tables = 'public.pk';
INSERT INTO public.pk VALUES (1, 'pk.example.com', 'A', '192.0.2.1');
SELECT changes('identity_slot');
DELETE FROM public.pk;
SELECT changes('identity_slot');
-- under pg2dns the hint names pg2dns skip
SELECT pg2dns_error('identity_slot');
-- the hint's advice skips the transaction
SELECT skip_as_hinted('identity_slot');
SELECT changes('identity_slot');
INSERT INTO public.pk VALUES (2, 'pk2.example.com', 'A', '192.0.2.2');
UPDATE public.pk SET rdata = '192.0.2.3';
SELECT changes('identity_slot');
SELECT skip_as_hinted('identity_slot');
-- with REPLICA IDENTITY FULL the same works
ALTER TABLE public.pk REPLICA IDENTITY FULL;
UPDATE public.pk SET rdata = '192.0.2.4';
DELETE FROM public.pk;
SELECT changes('identity_slot');

-- REPLICA IDENTITY NOTHING; and DEFAULT without a primary key
CREATE TABLE public.nothing (owner text, type text, rdata text);
SET regress.tables = 'public.pk, public.nothing';
ALTER TABLE public.nothing REPLICA IDENTITY NOTHING;
INSERT INTO public.nothing VALUES ('n.example.com', 'A', '192.0.2.5');
UPDATE public.nothing SET rdata = '192.0.2.6';
SELECT changes('identity_slot');
SELECT skip_as_hinted('identity_slot');
CREATE TABLE public.nokey (owner text, type text, rdata text);
SET regress.tables = 'public.pk, public.nothing, public.nokey';
INSERT INTO public.nokey VALUES ('k.example.com', 'A', '192.0.2.7');
DELETE FROM public.nokey;
SELECT changes('identity_slot');
SELECT skip_as_hinted('identity_slot');

-- an identity index that holds owner, type and rdata is enough: the old
-- row is logged when they change, and is the new row's when they do not
CREATE TABLE public.idx (owner text NOT NULL, type text NOT NULL,
	rdata text NOT NULL, ttl integer);
CREATE UNIQUE INDEX idx_record ON public.idx (owner, type, rdata);
ALTER TABLE public.idx REPLICA IDENTITY USING INDEX idx_record;
SET regress.tables = 'public.pk, public.nothing, public.nokey, public.idx';
INSERT INTO public.idx VALUES ('i.example.com', 'A', '192.0.2.8', 60);
UPDATE public.idx SET ttl = 120;
UPDATE public.idx SET rdata = '192.0.2.9';
DELETE FROM public.idx;
SELECT changes('identity_slot');
-- but not when the table also has a class column outside the index
ALTER TABLE public.idx ADD COLUMN class text DEFAULT 'IN';
INSERT INTO public.idx VALUES ('j.example.com', 'A', '192.0.2.10', 60);
DELETE FROM public.idx;
SELECT changes('identity_slot');
SELECT skip_as_hinted('identity_slot');

-- an unchanged TOASTed rdata in an UPDATE comes from the old row
CREATE TABLE public.big (owner text, type text, rdata text, ttl integer);
ALTER TABLE public.big REPLICA IDENTITY FULL;
ALTER TABLE public.big ALTER COLUMN rdata SET STORAGE EXTERNAL;
INSERT INTO public.big SELECT 'big.example.com', 'TXT',
	(SELECT string_agg('"' || md5(i::text) || '"', ' ') FROM generate_series(1, 100) i), 60;
UPDATE public.big SET ttl = 120;
SELECT left(data, 50) AS data, length(data)
FROM pg_logical_slot_get_changes('identity_slot', NULL, NULL,
	'include-xids', '0', 'include-lsn', '0', 'include-timestamp', '0',
	'tables', 'public.big');

SELECT pg_drop_replication_slot('identity_slot');
