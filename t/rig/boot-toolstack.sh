# Rig scenario: the patched hypervisor boots, dom0 comes up with Debian's
# stock toolstack, and xl works against it.
. "$XS_TOP/t/rig/lib.sh"

check "xl info answers" "$XL" info
info=$("$XL" info 2>&1)
diag "$(echo "$info" | grep -E '^(xen_version|xen_extra|virt_caps|total_memory|free_memory|xen_commandline)')"
if echo "$info" | grep -q '^virt_caps.*shadow'; then
	ok "hypervisor offers shadow paging"
else
	not_ok "hypervisor offers shadow paging"
	diag "$(echo "$info" | grep virt_caps)"
fi
check "xl list shows Domain-0" sh -c "'$XL' list | grep -q '^Domain-0 *0 '"
check "xenstore answers" xenstore-read /local/domain/0/name
check "xl dmesg readable" sh -c "'$XL' dmesg | grep -q 'Xen version'"
test_done
