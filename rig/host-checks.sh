#!/usr/bin/env bash
# Usage: host-checks.sh OUTDIR LAST
# The test points a rig scenario left for the host (host_jcheck in
# t/rig/lib.sh): each a jq expression on a file the scenario wrote to
# OUTDIR, decided here with the host's jq once the rig is off.  Prints them
# as TAP, numbered from LAST + 1, in the order the scenario made them.
set -uo pipefail
out=${1:?usage: host-checks.sh OUTDIR LAST}
n=${2:?usage: host-checks.sh OUTDIR LAST}
for dir in "$out"/host-checks/*/; do
	[ -d "$dir" ] || continue
	n=$((n + 1))
	desc=$(cat "$dir/desc")
	file=$out/$(cat "$dir/file")
	if [ ! -s "$file" ]; then
		echo "not ok $n - $desc"
		echo "# the scenario left no $(cat "$dir/file") to check"
	elif jq -e -f "$dir/expr" "$file" >/dev/null 2>"$dir/err"; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc"
		echo "# jq on $(cat "$dir/file"): $(tr '\n' ' ' <"$dir/expr")"
		sed 's/^/# /' "$dir/err"
		diag=$(cat "$dir/diag")
		jq -c "${diag:-.totals, .holders[]? | del(.suspects)}" "$file" 2>&1 |
			head -n 20 | sed 's/^/# /'
	fi
done
