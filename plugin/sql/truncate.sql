-- TRUNCATE of a record table stops decoding with a clear message; the
-- reference table refuses TRUNCATE in the first place.
SELECT 'init' FROM pg_create_logical_replication_slot('truncate_slot', 'wal2nsupdate');

TRUNCATE dns.rr;

CREATE TABLE public.trunc (owner text, type text, rdata text);
ALTER TABLE public.trunc REPLICA IDENTITY FULL;
CREATE TABLE public.trunc_other (x integer);
SET regress.tables = 'dns.rr, public.trunc';
INSERT INTO public.trunc VALUES ('t.example.com', 'A', '192.0.2.1');
TRUNCATE public.trunc_other;	-- not a record table: nothing to say
SELECT changes('truncate_slot');
TRUNCATE public.trunc_other, public.trunc;
INSERT INTO public.trunc VALUES ('t2.example.com', 'A', '192.0.2.2');
SELECT changes('truncate_slot');
SELECT skip_as_hinted('truncate_slot');
SELECT changes('truncate_slot');
-- a record table left out by "tables" may be truncated
TRUNCATE public.trunc;
SELECT changes('truncate_slot', 'tables', 'dns.rr');

SELECT pg_drop_replication_slot('truncate_slot');
