# Xen's own view of a domain's log-dirty mode, for the log-dirty scenarios.

# paging_of DOMID: the "paging assistance" line debug key q prints for it.
paging_of() {
	"$XL" dmesg -c >/dev/null
	"$XL" debug-keys q
	"$XL" dmesg | awk -v d="$1" '
		/General information for domain/ {cur = ($0 ~ ("domain " d ":"))}
		cur && /paging assistance/ {sub(/.*paging assistance: */, ""); print; exit}'
}

# log_dirty_off DOMID: Xen says the domain is not in log-dirty mode.
log_dirty_off() {
	! paging_of "$1" | grep -q log_dirty
}

# ledger_guest NAME MODE PAGES: boot an xsguest for MODE (pv, pvh-hap or
# pvh-shadow) running dirty-audit=PAGES in 64 MiB (after xsguest-lib.sh);
# sets DOMID, LEDGER_LINE (the guest's own line), FRAME (its ledger's frame,
# for --ledger), FIRST and LAST (its data pfns).
ledger_guest() {
	local hap=0
	[ "$2" = pvh-hap ] && hap=1
	XSG_HAP=$hap xsguest_create "$1" "${2%%-*}" "dirty-audit=$3" 64 || return 1
	LEDGER_LINE=$(xsguest_line "$1" 'dirty-ledger frame')
	FRAME=$(echo "$LEDGER_LINE" | sed 's/.*frame \(0x[0-9a-f]*\) .*/\1/')
	FIRST=$(echo "$LEDGER_LINE" | sed 's/.* pages pfn \(0x[0-9a-f]*\)-.*/\1/')
	LAST=$(echo "$LEDGER_LINE" | sed 's/.* pages pfn 0x[0-9a-f]*-\(0x[0-9a-f]*\).*/\1/')
}
