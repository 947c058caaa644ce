# nsupdate's short forms: add, del, delete without "update"; "update
# del".  All are written in full.  The three kinds of delete: a name, an
# RRset, one record.
$TXSPLIT frame-short-forms.in
