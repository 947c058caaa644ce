# Several input files are read in turn, "-" is standard input, and an
# error names the file it is in.
printf 'BEGIN 2\nzone example\nupdate add b.example 60 A 192.0.2.2\nCOMMIT 2\n' |
$TXSPLIT input-files.in - input-files.in input-files-bad.in
