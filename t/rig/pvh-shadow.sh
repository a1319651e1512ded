# Rig scenario: a PVH guest (Debian's kernel) runs under shadow paging
# (hap=0) on the patched hypervisor.
. "$XS_TOP/t/rig/lib.sh"

t0=$(now)
if create_linux pvh pvh 192; then
	ok "PVH guest boots to ready under shadow paging ($(elapsed_since "$t0") s, attempt $BOOT_ATTEMPT)"
else
	not_ok "PVH guest boots to ready under shadow paging"
	test_done
	exit
fi
d=$DOMID

# The hypervisor itself says which paging mode the domain got: debug key q
# prints "paging assistance: shadow ..." for a shadow-mode domain.
"$XL" debug-keys q
pa=$("$XL" dmesg | awk -v d="$d" '
	/General information for domain/ {cur = ($0 ~ ("domain " d ":"))}
	cur && /paging assistance:/ {line = $0}
	END {print line}')
if echo "$pa" | grep -q 'paging assistance: shadow'; then
	ok "hypervisor runs domain $d under shadow paging"
else
	not_ok "hypervisor runs domain $d under shadow paging"
fi
diag "$pa"
check "xl destroy" "$XL" destroy "$d"
if wait_gone "$d" 10; then
	ok "PVH domain $d freed after destroy"
else
	not_ok "PVH domain $d freed after destroy"
fi
test_done
