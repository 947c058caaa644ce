# -m: a session command ends the group: what came before goes to the
# server in effect before it.  Script batches merge with transactions.
$TXSPLIT -m merge-session.in
