# One transaction, two zones: a block per zone, zones in order of first
# appearance, each zone's prerequisites first in its block, each owner's
# changes together in order of the owner's first appearance.
$TXSPLIT zone-multi.in
