#!/bin/sh
# Measure what txsplit's output really puts on the wire.
#
# txsplit's output for generated streams (tests/gen-stream) goes through
# the real nsupdate to tests/sizeserver, a stand-in server on 127.0.0.1
# that logs the size of every message and answers NOERROR, signed so that
# nsupdate accepts the answer.  Signed runs use an hmac-sha256 key named
# txkey (TSIG record 78 octets) and an hmac-sha512 key with a 255-octet
# name (358 octets: the worst case txsplit reserves by default); the
# -t 0 run is unsigned.
#
# Asserted, for every run:
#   - txsplit exits 0 and writes nothing but warnings to standard error;
#     nsupdate exits 0 and writes nothing;
#   - one message per block, in order, with the block's prerequisite and
#     update counts (so the sizes below belong to the right blocks);
#   - every message, TSIG included, is at most the budget, and without
#     its TSIG at most the budget less the -t reserve;
#   - the size txsplit's -v comment gives for a block is not below the
#     real size of its message less the TSIG (txsplit must never
#     underestimate), and with the -C rule of the installed nsupdate
#     (9.18 or 9.20, as pg2dns chooses it) equal to it;
#   - at the default budget, with that rule, every block cut short
#     because the next change did not fit (each block of a zone in a
#     transaction but its last) is at least 90% full, and txsplit sends
#     fewer messages than nsdiff's text-length batching of the same
#     updates.
# The default rule, -C both, is run too: never over with any nsupdate.
#
# "nsdiff" below is the batching loop of fanf2/nsdiff (nsdiff, "Emit
# commands in batches that fit within the 64 KiB DNS packet limit"): it
# adds update lines while the text so far is under $maxlen = 65536
# octets, then sends all but the line that crossed it.  It is applied per
# transaction and zone to the update lines of txsplit's own output, one
# line an item (as nsdiff -0 does, its finest grain).  At smaller budgets
# the same loop runs with $maxlen = budget + 1, for comparison only.

. tests/lib/common.sh

for _p in nsupdate tsig-keygen
do
	command -v "$_p" >/dev/null 2>&1 ||
		skip "$_p not installed (Debian: apt-get install bind9-dnsutils bind9)"
done
command -v txsplit >/dev/null 2>&1 || fail "txsplit not built (run make)"

# The rule of txsplit -C for the installed nsupdate, as pg2dns chooses it
version=$(nsupdate -V 2>&1)
case $version in
*" 9.18."*)	RULE=9.18 ;;
*" 9.20."*)	RULE=9.20 ;;
*)		RULE=both ;;
esac
echo "nsupdate: $version; txsplit -C $RULE"

new_tmpdir T
now() { date +%s.%N; }

# Keys: the 255-octet name is four labels of 63, 63, 63 and 61 octets.
tsig-keygen -a hmac-sha256 txkey >"$T/sha256.key" || fail "tsig-keygen"
longname=$(perl -e 'print join ".", "a" x 63, "b" x 63, "c" x 63, "d" x 61')
tsig-keygen -a hmac-sha512 "$longname" >"$T/sha512.key" || fail "tsig-keygen"

# The server picks its port (outside the ephemeral range, so no random
# source port of nsupdate's can take it) and writes it once listening.
perl tests/sizeserver -P "$T/port" -l "$T/sizes.log" \
	"$T/sha256.key" "$T/sha512.key" 2>"$T/sizeserver.err" &
SS_PID=$!
at_exit "kill $SS_PID 2>/dev/null; wait $SS_PID 2>/dev/null"
n=0
until [ -s "$T/port" ]
do
	n=$((n + 1))
	kill -0 $SS_PID 2>/dev/null && [ $n -lt 100 ] ||
		{ cat "$T/sizeserver.err"; fail "sizeserver did not start"; }
	sleep 0.1
done
PORT=$(cat "$T/port")

# Streams: "mixed" has every record type, each update record at most 700
# octets (so that every change fits the smallest budget), transactions
# of 1 to 10,000 changes; "large" adds TXT records of up to 5,000 octets
# (kept at that so that a greedy packer can fill 90% of 65535 octets:
# 65535 - 358 - 5000 is 91.8%).
perl tests/gen-stream -s 11 -c 700 -n 1-10x200,20-200x30,1000-3000x4,10000 \
	>"$T/mixed.txt" 2>"$T/gen.err" || { cat "$T/gen.err"; fail gen-stream; }
perl tests/gen-stream -s 12 -c 5000 -n 1-10x50,100-500x10,2000-4000x3 \
	>"$T/large.txt" 2>>"$T/gen.err" || { cat "$T/gen.err"; fail gen-stream; }
sed 's/^gen-stream: /  /' "$T/gen.err" | paste -d ' ' - - |
	sed 's/^/streams: mixed,large:/'

# "names" tries the rules of name compression, in four transactions of
# 3,000 names: names so short and many, with CNAMEs to as many others,
# that 9.20 remembers no more (768 suffixes) within a pointer's reach
# (16384 octets), every seventh with a second record (a pointer to the
# first if its name was remembered); names three labels below the zone
# sharing the labels
# between; MX, CNAME, NS, SRV, RP and PTR records with targets in and
# out of the zone, at the apex and at names in capitals; names of 255
# octets.
perl - >"$T/names.txt" <<'GEN' || fail "making the names stream"
srand 14;
my @pick = ('a' .. 'z', 0 .. 9);
sub word { join '', map { $pick[rand @pick] } 1 .. $_[0] }
sub long { my $n = $_[0]; $n = word(40) . ".$n" while length $n < 200;
	substr(word(63), 0, 252 - length $n) . ".$n" }
sub short { my ($i, $s) = @_; do { $s = $pick[$i % 36] . $s } while $i = int $i / 36;
	$s }
for my $shape (1 .. 4) {
	print "BEGIN $shape\nzone example.com\n";
	for my $i (1 .. 3000) {
		my $n = $shape == 1 ? short($i) . ($i % 4 ? '' : '-c') . '.example.com'
		    : $shape == 2 ? "h$i.r" . $i % 37 . ".dc" . $i % 5 . ".example.com"
		    : $shape == 3 ? (rand() < 0.1 ? 'example.com'
			: rand() < 0.2 ? "H$i.Example.COM"
			: word(1 + rand 6) . '.example.com')
		    : rand() < 0.05 ? long('example.com') : "n$i.example.com";
		my $target = rand() < 0.5 ? 'mail' . int(rand 3000) . '.example.com.'
		    : rand() < 0.5 ? 'host' . int(rand 50) . '.example.net.'
		    : long('example.org') . '.';
		$target = short($i) . '-t.example.com.' if $shape == 1;
		my @rr = $shape == 1 && $i % 4 == 0 ? ('CNAME')
		    : $shape == 1 && $i % 7 ? ('A 192.0.2.' . $i % 250)
		    : $shape <= 2
		    ? ('A 192.0.2.' . $i % 250, sprintf 'AAAA 2001:db8::%x', $i)
		    : $n eq 'example.com' ? ("NS $target")
		    : ((qw(MX CNAME SRV RP PTR TXT))[rand 6]);
		for my $rr (@rr) {
			my $rd = $rr eq 'MX' ? "10 $target"
			    : $rr eq 'SRV' ? "0 5 443 $target"
			    : $rr eq 'RP' ? "$target $target"
			    : $rr eq 'TXT' ? '"' . word(30) . '"'
			    : $rr =~ /^(CNAME|PTR)$/ ? $target : '';
			# a CNAME alone at its name
			$n = "c$i.example.com" if $rr eq 'CNAME' && $shape > 1;
			print "update add $n 300 IN $rr", $rd eq '' ? '' : " $rd", "\n";
		}
	}
	print "COMMIT $shape\n";
}
GEN

printf '%-6s %4s %6s %-7s %5s %6s %6s %6s %6s %5s %6s %6s %10s %5s\n' \
	stream -C budget key msgs nsdiff maxsize avgsize maxTSIG cut \
	fillmin fillavg "est=/>/<" secs
failed=0

# run STREAM KEY BUDGET RESERVE [TXSPLIT-ARGS]: KEY is sha256, sha512 or
# none (unsigned); txsplit runs with -C $C.
run() {
	_s=$1 _k=$2 _b=$3 _r=$4
	shift 4
	_name="$_s-$_k-$_b-$C"
	_t0=$(now)
	txsplit -v -C "$C" "$@" "$T/$_s.txt" >"$T/$_name.out" 2>"$T/$_name.err"
	_rc=$?
	if [ $_rc -ne 0 ] || grep -qv ': warning: ' "$T/$_name.err"
	then
		sed 's/^/    /' "$T/$_name.err" | head -5
		echo "FAIL: $_name: txsplit -v $* exited $_rc or complained"
		failed=$((failed + 1))
		return
	fi
	_from=$(wc -l <"$T/sizes.log")
	case $_k in
	none)	{ echo "server 127.0.0.1 $PORT"; cat "$T/$_name.out"; } |
			nsupdate >"$T/$_name.nsupdate" 2>&1 ;;
	*)	{ echo "server 127.0.0.1 $PORT"; cat "$T/$_name.out"; } |
			nsupdate -k "$T/$_k.key" >"$T/$_name.nsupdate" 2>&1 ;;
	esac
	_rc=$?
	_secs=$(perl -e 'printf "%.1f", $ARGV[1] - $ARGV[0]' "$_t0" "$(now)")
	tail -n "+$((_from + 1))" "$T/sizes.log" >"$T/$_name.sizes"
	if [ $_rc -ne 0 ] || [ -s "$T/$_name.nsupdate" ]
	then
		sed 's/^/    nsupdate: /' "$T/$_name.nsupdate" | head -5
		echo "FAIL: $_name: nsupdate exited $_rc or complained"
		failed=$((failed + 1))
	fi
	perl - "$_s" "$_k" "$_b" "$_r" "$_secs" "$T/$_name.out" \
		"$T/$_name.sizes" "$C" "$RULE" <<'EOF' || failed=$((failed + 1))
use strict;
use warnings;
my ($stream, $key, $budget, $reserve, $secs, $out, $sizes, $rule, $installed)
	= @ARGV;
# the rule of the installed nsupdate sizes every message exactly
my $exact = $rule eq $installed && $rule ne 'both';
my @fail;

# txsplit's output: blocks (zone, prerequisites, updates, send), their
# transaction (counted by "; COMMIT" lines), and the size -v claims.
my (@blocks, $cur);
my $txn = 0;
open my $fh, '<', $out or die "$out: $!\n";
while (<$fh>) {
	if (/^zone\s+(\S+)/) {
		$cur = { zone => lc $1, txn => $txn, pr => 0, up => [] };
	} elsif (/^prereq\s/) {
		$cur->{pr}++;
	} elsif (/^update\s/) {
		push @{$cur->{up}}, $_;
	} elsif (/^;\s*(\d+) records?, (\d+) octets/) {
		$cur->{claim} = $2 if $cur;
	} elsif (/^send\s*$/) {
		die "$out:$.: send without zone\n" unless $cur;
		push @blocks, $cur;
		undef $cur;
	} elsif (/^; COMMIT/) {
		$txn++;
	}
}
close $fh;

# What the server saw, retransmissions (same ID and size) dropped.
my @msgs;
open $fh, '<', $sizes or die "$sizes: $!\n";
while (<$fh>) {
	my ($proto, $size, $id, $op, $zo, $pr, $up, $ad, $tsig, $err) = split;
	push @fail, "message $.: $err" if $err;
	next if @msgs && $msgs[-1]{id} == $id && $msgs[-1]{size} == $size;
	push @msgs, { proto => $proto, size => $size, id => $id, zo => $zo,
		pr => $pr, up => $up, tsig => $tsig };
}
close $fh;

push @fail, sprintf "%d blocks but %d messages", scalar @blocks, scalar @msgs
	if @blocks != @msgs;
my ($maxsize, $sum, $maxtsig, $same, $over, $under) = (0, 0, 0, 0, 0, 0);
my ($claims, @fill) = (0);
for my $i (0 .. $#msgs) {
	my ($m, $b) = ($msgs[$i], $blocks[$i]);
	last unless $b;
	my $n = $i + 1;
	if ($m->{zo} != 1 || $m->{pr} != $b->{pr} || $m->{up} != @{$b->{up}}) {
		push @fail, "message $n has $m->{zo}/$m->{pr}/$m->{up} zone/"
			. "prereq/update records, block $n has 1/$b->{pr}/"
			. scalar @{$b->{up}};
		last;
	}
	$maxsize = $m->{size} if $m->{size} > $maxsize;
	$maxtsig = $m->{tsig} if $m->{tsig} > $maxtsig;
	$sum += $m->{size};
	push @fail, "message $n ($b->{zone}) is $m->{size} octets, over $budget"
		if $m->{size} > $budget;
	my $bare = $m->{size} - $m->{tsig};
	push @fail, "message $n ($b->{zone}) is $bare octets without TSIG, "
		. "over $budget - $reserve" if $bare > $budget - $reserve;
	push @fail, "message $n is unsigned" if $key ne 'none' && !$m->{tsig};
	if (defined $b->{claim}) {
		$claims++;
		if ($b->{claim} == $bare) { $same++ }
		elsif ($b->{claim} > $bare) { $over++ }
		else { $under++ }
		push @fail, "block $n ($b->{zone}): txsplit -v says "
			. "$b->{claim} octets, the message is $bare without TSIG"
			if ($b->{claim} < $bare || ($exact && $b->{claim} != $bare))
			&& $under + ($exact ? $over : 0) <= 3;
	}
	# cut short: the next block is the same zone in the same transaction
	my $next = $blocks[$i + 1];
	push @fill, $m->{size} / $budget
		if $next && $next->{txn} == $b->{txn} && $next->{zone} eq $b->{zone};
}
push @fail, "$under blocks in all where txsplit -v underestimates" if $under > 3;
push @fail, "$over blocks in all where txsplit -v overestimates"
	if $exact && $over > 3;
push @fail, "txsplit -v gave no sizes" unless $claims || !@msgs;

# nsdiff's loop over each transaction's update lines for each zone
my $maxlen = $budget == 65535 ? 65536 : $budget + 1;
my (%lines, @order);
for my $b (@blocks) {
	my $k = "$b->{txn} $b->{zone}";
	push @order, $k unless $lines{$k};
	push @{$lines{$k}}, @{$b->{up}};
}
my $nsdiff = 0;
for my $k (@order) {
	my @script = @{$lines{$k}};
	while (@script) {
		my ($length, $i) = (0, 0);
		$length += length $script[$i++] while $length < $maxlen and $i < @script;
		my $n = $length < $maxlen ? $i : $i - 1;
		$n = 1 if $n == 0;	# nsdiff gives up here; count it as sent
		splice @script, 0, $n;
		$nsdiff++;
	}
}

my ($fmin, $favg) = ('-', '-');
if (@fill) {
	my $min = (sort { $a <=> $b } @fill)[0];
	my $s = 0;
	$s += $_ for @fill;
	($fmin, $favg) = map { sprintf '%.1f%%', 100 * $_ } $min, $s / @fill;
	push @fail, sprintf "a block cut short is only %s full (goal 90%%)", $fmin
		if $budget == 65535 && $exact && $min < 0.90;
}
push @fail, "txsplit sends " . scalar(@blocks) . " messages, no fewer than "
	. "nsdiff's $nsdiff" if $budget == 65535 && @blocks >= $nsdiff;

printf "%-6s %4s %6s %-7s %5d %6d %6d %6d %6d %5d %6s %6s %10s %5s\n", $stream,
	$rule, $budget, $key, scalar @blocks, $nsdiff, $maxsize,
	@msgs ? $sum / @msgs : 0, $maxtsig, scalar @fill, $fmin, $favg,
	"$same/$over/$under", $secs;
print "FAIL: $stream -C $rule $key $budget: $_\n" for @fail;
exit(@fail ? 1 : 0);
EOF
}

t0=$(now)
C=$RULE
for k in sha256 sha512
do
	run mixed $k 65535 358
	run mixed $k 16384 358 -b 16384
	run mixed $k 4096 358 -b 4096
	run mixed $k 1400 358 -b 1400
done
run mixed none 1024 0 -b 1024 -t 0
for k in sha256 sha512
do
	run large $k 65535 358
	run large $k 16384 358 -b 16384
	run names $k 65535 358
	run names $k 16384 358 -b 16384
done
# the default, for any nsupdate: never over, and never below the real size
C=both
run mixed sha512 65535 358
run names sha512 65535 358
echo "columns: msgs = messages txsplit sent; nsdiff = messages nsdiff's" \
	"text-length batching would send; maxsize/avgsize = message octets" \
	"with TSIG; maxTSIG = TSIG octets; cut = blocks cut short;" \
	"fillmin/fillavg = their size over the budget; est=/>/< = blocks" \
	"where txsplit -v's size equals/exceeds/is below the real size less TSIG;" \
	"-C $RULE runs must be exact and fill 90%, -C both runs never below"
case $RULE in
both)	echo "nsupdate neither 9.18 nor 9.20: checked that sizes are never" \
		"below the real ones, not that they are exact" ;;
esac
echo "all runs took $(perl -e 'printf "%.1f", $ARGV[1] - $ARGV[0]' "$t0" "$(now)")s"

[ "$failed" -eq 0 ] || fail "$failed runs went wrong (above)"
echo "PASS: every message within its budget, txsplit's sizes never too" \
	"small (with -C $RULE for nsupdate ${version#nsupdate }: exact, and" \
	"blocks cut short at least 90% full), fewer messages than nsdiff"
