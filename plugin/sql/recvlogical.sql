-- The same plugin through the streaming replication protocol, as the
-- pipeline runs it: pg_recvlogical --start -f -, with -o for options.
\setenv PGDATABASE :DBNAME
SELECT 'init' FROM pg_create_logical_replication_slot('recv_slot', 'wal2nsupdate');

BEGIN;
INSERT INTO dns.rr (zone, owner, ttl, type, rdata) VALUES
	('example.com', 'recv1.example.com', 300, 'A', '192.0.2.101'),
	('example.net', 'recv1.example.net', 300, 'A', '192.0.2.102');
COMMIT;
UPDATE dns.rr SET rdata = '192.0.2.103' WHERE owner = 'recv1.example.com';
INSERT INTO public.unrelated VALUES (100);	-- an empty transaction
DELETE FROM dns.rr WHERE owner = 'recv1.example.net';
SELECT pg_current_wal_insert_lsn() AS endpos \gset
\setenv ENDPOS :endpos

-- the default output, with xid, LSN and time masked after checking their form
\! timeout 60 pg_recvlogical -d "$PGDATABASE" --slot=recv_slot --start --no-loop --endpos="$ENDPOS" -f - -o tables=dns.rr | sed -E -e 's/^BEGIN [0-9]+$/BEGIN xid/' -e 's/^COMMIT [0-9]+ [0-9A-F]+\/[0-9A-F]+ [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z$/COMMIT xid lsn time/'
-- pg_recvlogical confirmed what it wrote: nothing is left
SELECT count(*) FROM pg_logical_slot_peek_changes('recv_slot', NULL, NULL, 'tables', 'dns.rr');

-- options through -o (a bare name means true)
INSERT INTO public.hosts VALUES ('recv2.example.org', 'A', '198.51.100.102', NULL, NULL);
INSERT INTO dns.rr (zone, owner, type, rdata) VALUES ('example.com', 'recv2.example.com', 'A', '192.0.2.104');
SELECT pg_current_wal_insert_lsn() AS endpos \gset
\setenv ENDPOS :endpos
\! timeout 60 pg_recvlogical -d "$PGDATABASE" --slot=recv_slot --start --no-loop --endpos="$ENDPOS" -f - -o include-xids=0 -o include-lsn=off -o include-timestamp=0 -o tables=public.hosts -o default-ttl=60 -o include-xids | sed -E 's/^(BEGIN|COMMIT) [0-9]+$/\1 xid/'
-- errors come as pg_recvlogical's (LSNs masked)
INSERT INTO public.raw (zone, owner, type, rdata) VALUES ('example.com', 'recv3.example.com', 'A', E'192.0.2.1\nsend');
INSERT INTO public.raw (zone, owner, type, rdata) VALUES ('example.com', 'recv4.example.com', 'A', '192.0.2.105');
SELECT pg_current_wal_insert_lsn() AS endpos \gset
\setenv ENDPOS :endpos
\! timeout 60 pg_recvlogical -d "$PGDATABASE" --slot=recv_slot --start --no-loop --endpos="$ENDPOS" -f - -o include-xids=0 -o include-timestamp=0 -o include-lsn=0 -o tables=dns.rr,public.raw 2>&1 | sed -E 's/[0-9A-F]+\/[0-9A-F]+/X\/X/g'
\! timeout 60 pg_recvlogical -d "$PGDATABASE" --slot=recv_slot --start --no-loop --endpos="$ENDPOS" -f - -o no-such-option=1 2>&1
-- skip the transaction as the hint says: the next one comes through
SET regress.tables = 'dns.rr, public.raw';
SELECT skip_as_hinted('recv_slot');
\! timeout 60 pg_recvlogical -d "$PGDATABASE" --slot=recv_slot --start --no-loop --endpos="$ENDPOS" -f - -o include-xids=0 -o include-timestamp=0 -o include-lsn=0 -o tables=dns.rr,public.raw

SELECT pg_drop_replication_slot('recv_slot');
