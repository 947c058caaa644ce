# -z: with no zone line in effect, a line's zone is the longest listed
# zone that holds its owner (names compare without regard to case); the
# zone line says the zone as the file does.  Comments (; and #) and
# blank lines in the file are ignored.
$TXSPLIT -z zonefile-longest.z zonefile-longest.in
