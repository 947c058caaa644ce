#!/bin/sh
# pg2dns against the other tested primaries (see README): a private
# PowerDNS with PG2DNS_ANY_ORDER=yes, and a private Knot DNS.
#
# PowerDNS applies a message's deletes before its adds, so a transaction
# that inserts a row and deletes it again (and inserts another) would
# leave the deleted record there if it went in one message: with
# PG2DNS_ANY_ORDER=yes pg2dns runs txsplit -O, the record must not be
# there, and verify must find the DNS equal to the tables.  Knot keeps
# the order, but lower-cases names: rows in lower case verify clean
# there after the same transaction (verify ignores the case of owners,
# not yet that of names inside RDATA).

. tests/lib/common.sh
. tests/lib/named.sh
. tests/lib/pg.sh
. tests/lib/pg2dns.sh

# ONE PRIMARY: what each run does, in a subshell of its own (its servers
# stopped at its end)
primary() (
	# a subshell's traps are reset: its own cleanups, run at its end
	_at_exit_cmds=
	trap _run_at_exit EXIT
	trap 'exit 143' TERM
	trap 'exit 130' INT
	PG2DNS_TEST_SERVER=$1
	case $1 in
	pdns)	. tests/lib/pdns.sh ;;
	knot)	. tests/lib/knot.sh ;;
	esac
	pg2dns_setup
	[ "$1" = pdns ] && echo "PG2DNS_ANY_ORDER=yes" >>"$PG2DNS_CONFIG"
	pg2dns_start
	psql -Xq -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || fail "$1: the transaction"
BEGIN;
INSERT INTO dns.rr (zone, owner, ttl, type, rdata)
	VALUES ('example.com', 'gone.example.com.', 60, 'A', '192.0.2.1');
DELETE FROM dns.rr WHERE owner = 'gone.example.com.';
INSERT INTO dns.rr (zone, owner, ttl, type, rdata)
	VALUES ('example.com', 'kept.example.com.', 60, 'A', '192.0.2.2'),
	       ('example.com', 'alias.example.com.', 60, 'CNAME', 'kept.example.com.');
COMMIT;
SQL
	wait_dns kept.example.com A 192.0.2.2
	[ -z "$(dns gone.example.com A)" ] ||
		fail "$1: gone.example.com, inserted and deleted in one transaction, is in the DNS"
	pg2dns verify >"$T/verify" 2>&1 ||
		{ cat "$T/verify"; tail "$T/log"; fail "$1: verify found differences"; }
	pg2dns_stop
	echo "ok: $1: a record inserted and deleted in one transaction is not" \
		"there; verify clean"
)

primary pdns || exit
primary knot || exit
echo "PASS: pg2dns against PowerDNS (PG2DNS_ANY_ORDER=yes) and Knot DNS"
