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
