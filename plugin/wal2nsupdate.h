/*-------------------------------------------------------------------------
 *
 * wal2nsupdate.h
 *		  what wal2nsupdate writes and pg2dns-run reads: the stream's
 *		  words, the options the driver gives or checks, the record of a
 *		  transaction that cannot be decoded, and nsupdate's line limit
 *
 * Copyright (c) 2026 the txsplit developers; see LICENSE.
 *
 * The plugin (wal2nsupdate.c, built with PGXS against postgres.h) and the
 * engine (pg2dns/engine.h, libc and libpq) both include this file, so it
 * holds macros only and includes nothing.  txsplit reads the same stream
 * but stays one file that needs libc alone, to be copied wherever
 * nsupdate runs: it spells the words and the limit itself, and its
 * golden tests (bad-line-*) hold it to the limit as the plugin's
 * pg_regress test linelimit holds the plugin.  wal2nsupdate(7), STREAM
 * FORMAT, says the same for people.
 *
 *-------------------------------------------------------------------------
 */
#ifndef WAL2NSUPDATE_H
#define WAL2NSUPDATE_H

/*
 * The stream: each committed transaction that changes records is
 *
 *		BEGIN xid
 *		zone ZONE
 *		update delete OWNER CLASS TYPE RDATA
 *		update add OWNER TTL CLASS TYPE RDATA
 *		COMMIT xid end-lsn commit-time
 *
 * a line each, the fields after BEGIN and COMMIT in that order and only
 * as the include- options below ask.  end-lsn is the end of the commit
 * record (%X/%X), where to confirm or resume; commit-time is in UTC.
 */
#define STREAM_BEGIN "BEGIN"
#define STREAM_COMMIT "COMMIT"
#define STREAM_ZONE "zone"
#define STREAM_UPDATE "update"
#define STREAM_ADD STREAM_UPDATE " add"
#define STREAM_DELETE STREAM_UPDATE " delete"

/* commit-time: ISO 8601 with microseconds, 2026-11-25T20:10:00.123456Z,
 * as the plugin prints it and as the engine reads it */
#define COMMIT_TIME_PRINT "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ"
#define COMMIT_TIME_SCAN "%4d-%2d-%2dT%2d:%2d:%2d.%6ldZ"

/*
 * nsupdate (BIND 9.18 and 9.20) reads each command with fgets() into a
 * buffer of 128 KiB: a longer line is read as two commands, and the
 * second one runs.  A line may hold this many octets before its newline.
 */
#define NSUPDATE_LINE_MAX 131070

/*
 * The options pg2dns gives or checks.  The xid, the lsn and the commit
 * time are written unless an include- option turns them off: pg2dns
 * needs the first two and refuses them off rather than passing them.
 */
#define OPTION_INCLUDE_XIDS "include-xids"
#define OPTION_INCLUDE_LSN "include-lsn"
#define OPTION_INCLUDE_TIMESTAMP "include-timestamp"
#define INCLUDE_DEFAULT 1

/* on: the lines of each change in one write; off by default */
#define OPTION_BATCH_WRITES "batch-writes"
#define BATCH_WRITES_DEFAULT 0

/*
 * What the HINT of a transaction that cannot be decoded names to skip
 * it: advance (the default), a pg_replication_slot_advance() call; or
 * pg2dns, "pg2dns skip", and the ERROR carries UNDECODABLE_CONTEXT.
 */
#define OPTION_SKIP_HINT "skip-hint"
#define SKIP_HINT_ADVANCE "advance"
#define SKIP_HINT_PG2DNS "pg2dns"

/*
 * The record of a transaction that cannot be decoded, under
 * skip-hint=pg2dns: a line of the ERROR's CONTEXT (PG_DIAG_CONTEXT, among
 * PostgreSQL's own lines), with the xid and the end of the commit record,
 * the position a skip confirms.  The SQLSTATE stays that of the cause
 * (a bad value, a missing old row): the line marks the kind.  It is never
 * translated, whatever lc_messages says: errcontext() looks the format up
 * in PostgreSQL's own message catalog (the plugin has none), which has no
 * such line, and PostgreSQL's snprintf writes the numbers without the
 * locale.  The engine reads it with the same format and takes only a line
 * that the format prints again exactly.
 */
#define UNDECODABLE_CONTEXT "undecodable transaction %u commit %X/%X"

/*
 * A row left out (bad-rows=skip, a type the plugin does not know) is a
 * WARNING that names the table, the row's key and why; under
 * skip-hint=pg2dns it carries a context line with the transaction's xid,
 * the end of its commit record and its commit time (COMMIT_TIME_PRINT),
 * for pg2dns status.  Never translated, as UNDECODABLE_CONTEXT; the
 * engine reads it with LEFT_OUT_CONTEXT_SCAN and takes only a line that
 * LEFT_OUT_CONTEXT prints again exactly.
 */
#define LEFT_OUT_CONTEXT "row left out of transaction %u commit %X/%X at %s"
#define LEFT_OUT_CONTEXT_SCAN \
	"row left out of transaction %u commit %X/%X at %39s"

#endif							/* WAL2NSUPDATE_H */
