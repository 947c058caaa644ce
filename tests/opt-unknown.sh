# An unknown option, or an option without its argument, is a usage
# error (exit 2): getopt's complaint (which differs between C
# libraries, and is left out here), then the usage.
err=$(mktemp) || exit 2
trap 'rm -f "$err"' EXIT
$TXSPLIT -x </dev/null 2>"$err"
echo "rc=$?"
grep -v -e 'invalid option' -e 'illegal option' "$err"
$TXSPLIT -b 2>"$err"
echo "rc=$?"
grep -v -e 'requires an argument' "$err"
