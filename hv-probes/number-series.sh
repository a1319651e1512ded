#!/usr/bin/env bash
# The "[PATCH n/N]" of every patch's Subject, from `series`: patch n is the
# n-th name there, N how many names there are (n zero-padded to N's width,
# as git format-patch numbers).  With --check nothing is written: every
# header that disagrees is named and the exit status is 1.
#
# Usage: number-series.sh [--check] [DIR]   (DIR holds `series`; default:
# this script's directory)
set -euo pipefail
check=0
if [ "${1:-}" = --check ]; then
	check=1
	shift
fi
dir=${1:-$(cd "$(dirname "$0")" && pwd)}
mapfile -t patches < <(grep -v -e '^#' -e '^[[:space:]]*$' "$dir/series")
total=${#patches[@]}
[ "$total" -gt 0 ] || { echo "number-series: no patch in $dir/series" >&2; exit 1; }
width=${#total}
bad=0
for i in "${!patches[@]}"; do
	p=${patches[$i]}
	f="$dir/$p"
	[ -f "$f" ] || { echo "number-series: $p (in series) does not exist" >&2; bad=1; continue; }
	want=$(printf '[PATCH %0*d/%d]' "$width" $((i + 1)) "$total")
	# The Subject of the mail header: the first line starting "Subject:"
	# before the first empty line.
	have=$(sed -n '/^$/q; s/^Subject: \(\[[^]]*\]\).*/\1/p' "$f" | head -n 1)
	if [ -z "$have" ]; then
		echo "number-series: $p has no [PATCH ...] Subject" >&2
		bad=1
		continue
	fi
	[ "$have" = "$want" ] && continue
	if [ "$check" = 1 ]; then
		echo "number-series: $p says $have, series makes it $want" >&2
		bad=1
		continue
	fi
	# Only the header's Subject line is rewritten, nothing of the body.
	sed -i "0,/^Subject: \[[^]]*\]/{s|^Subject: \[[^]]*\]|Subject: $want|}" "$f"
	echo "number-series: $p: $have -> $want"
done
exit "$bad"
