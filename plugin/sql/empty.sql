-- Transactions with no record changes write nothing; rolled-back work
-- and rolled-back savepoints never appear; rows with a NULL owner, type
-- or rdata are not records.
SELECT 'init' FROM pg_create_logical_replication_slot('empty_slot', 'wal2nsupdate');
SET regress.tables = 'dns.rr';

CREATE TABLE public.unrelated (x integer);
INSERT INTO public.unrelated VALUES (1);
BEGIN;
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'rolledback.example.com', 'A', '192.0.2.1');
ROLLBACK;
BEGIN;
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'kept1.example.com', 'A', '192.0.2.2');
SAVEPOINT s1;
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'undone.example.com', 'A', '192.0.2.3');
SAVEPOINT s2;
DELETE FROM dns.rr WHERE owner = 'kept1.example.com';
ROLLBACK TO SAVEPOINT s1;
SAVEPOINT s3;
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'kept2.example.com', 'A', '192.0.2.4');
RELEASE SAVEPOINT s3;
INSERT INTO public.unrelated VALUES (2);
COMMIT;
-- a savepoint rolled back whole leaves an empty transaction
BEGIN;
SAVEPOINT s1;
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'undone2.example.com', 'A', '192.0.2.5');
ROLLBACK TO SAVEPOINT s1;
INSERT INTO public.unrelated VALUES (3);
COMMIT;
-- DDL only
CREATE TABLE public.unrelated2 (y text);
SELECT changes('empty_slot');

-- NULLs: not records
CREATE TABLE public.nullable (zone text, owner text, type text, rdata text, ttl integer, class text);
SET regress.tables = 'dns.rr, public.nullable';
ALTER TABLE public.nullable REPLICA IDENTITY FULL;
INSERT INTO public.nullable VALUES ('example.com', NULL, 'A', '192.0.2.6', 60, 'IN'),
	('example.com', 'n1.example.com', NULL, '192.0.2.7', 60, 'IN'),
	('example.com', 'n2.example.com', 'A', NULL, 60, 'IN');
SELECT changes('empty_slot');
-- NULL to record: an add only; record to NULL: a delete only
UPDATE public.nullable SET owner = 'n0.example.com' WHERE owner IS NULL;
UPDATE public.nullable SET rdata = NULL WHERE owner = 'n0.example.com';
DELETE FROM public.nullable;
SELECT changes('empty_slot');
-- NULL ttl and class: the default TTL and IN; a NULL zone: no zone line
INSERT INTO public.nullable VALUES (NULL, 'n3.example.com', 'A', '192.0.2.8', NULL, NULL);
SELECT changes('empty_slot', 'default-ttl', '0');

-- prepared transactions come at COMMIT PREPARED, never at PREPARE, and
-- not at all when rolled back; on a slot created with two_phase too
SELECT 'init' FROM pg_create_logical_replication_slot('empty_2pc_slot', 'wal2nsupdate', false, true);
BEGIN;
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'prepared1.example.com', 'A', '192.0.2.9');
PREPARE TRANSACTION 'wal2nsupdate_p1';
BEGIN;
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'prepared2.example.com', 'A', '192.0.2.10');
PREPARE TRANSACTION 'wal2nsupdate_p2';
SELECT changes('empty_slot');
SELECT changes('empty_2pc_slot');
COMMIT PREPARED 'wal2nsupdate_p1';
ROLLBACK PREPARED 'wal2nsupdate_p2';
SELECT changes('empty_slot');
SELECT changes('empty_2pc_slot');
SELECT pg_drop_replication_slot('empty_2pc_slot');

SELECT pg_drop_replication_slot('empty_slot');
