#!/bin/sh
# trace-counts.sh xenalyze|xs-trace SUMMARY: the per-domain counts both
# --summary outputs give, one "dD WHAT COUNT" line each, sorted, in
# xenalyze's names: PV events by kind (xenalyze counts a hypercall's
# subcalls among its hypercalls too) and VMEXITs (closed ones: followed
# by a VM entry or the vCPU becoming runnable).
case "$1" in
xenalyze)
	awk '$1 == "|--" && $2 == "Domain" {d = $3; pv = 0; hvm = 0}
	/^-- v[0-9]+ --/ {pv = 0; hvm = 0}
	/^PV events:/ {pv = 1; next}
	/^Exit reasons:/ {hvm = 1; next}
	/^Guest interrupt counts:/ {hvm = 0}
	pv && !/^  / {pv = 0}
	hvm && /^ [^ ]/ && $2 ~ /^[0-9]+$/ && $2 > 0 {c[d " vmexits"] += $2}
	pv && /^  [a-z]/ {n = $NF; $NF = ""; sub(/^ +/, ""); sub(/ +$/, ""); c[d " pv " $0] += n}
	END {for (k in c) print "d" k, c[k]}' "$2" ;;
xs-trace)
	awk 'BEGIN {
		m["hypercall"] = "hypercall"; m["hypercall_subcall"] = "hypercall (subcall)"
		m["trap"] = "trap"; m["page_fault"] = "page_fault"
		m["forced_invalid_op"] = "forced_invalid_op"; m["emulate_privop"] = "emulate privop"
		m["emulate_4gb"] = "emulate 4g"; m["math_state_restore"] = "math state restore"
		m["paging_fixup"] = "paging fixup"; m["gdt_ldt_mapping_fault"] = "gdt/ldt mapping fault"
		m["ptwr_emulation"] = "ptwr"; m["ptwr_emulation_pae"] = "ptwr(pae)"
	}
	/^domain [0-9]+/ {d = $2; sub(/:/, "", d)}
	/^  event pv / {
		c[d " pv " m[$3]] += $4
		if ($3 == "hypercall_subcall") c[d " pv hypercall"] += $4
	}
	/^  vmexit [0-9]/ {c[d " vmexits"] += $4}
	END {for (k in c) print "d" k, c[k]}' "$2" ;;
*)
	echo "usage: trace-counts.sh xenalyze|xs-trace SUMMARY" >&2
	exit 2 ;;
esac | sort
