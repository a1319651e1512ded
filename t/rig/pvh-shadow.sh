# Rig scenario: a PVH guest (Debian's kernel) runs under shadow paging
# (hap=0) on the patched hypervisor.
. "$XS_TOP/t/rig/lib.sh"

cat >/tmp/pvh.cfg <<CFG
name = "pvh"
type = "pvh"
hap = 0
memory = 192
vcpus = 1
kernel = "$XS_LINUX_KERNEL"
ramdisk = "$XS_LINUX_INITRD"
extra = "console=hvc0 loglevel=3"
on_crash = "preserve"
CFG

# QEMU's SVM emulation occasionally triple-faults a PVH guest right after
# vmrun; retry such a boot a few times, re-reading the domain id.
t0=$(now)
booted=
for attempt in 1 2 3; do
	rm -f /var/log/xen/console/guest-pvh.log
	if "$XL" create /tmp/pvh.cfg >/tmp/pvh.create.log 2>&1 &&
		wait_for_console pvh 'xsguest: .*ready' 60; then
		booted=$attempt
		break
	fi
	diag "attempt $attempt failed: $(tail -n 3 /tmp/pvh.create.log)"
	"$XL" destroy pvh 2>/dev/null
	sleep 1
done
if [ -n "$booted" ]; then
	ok "PVH guest boots to ready under shadow paging ($(elapsed_since "$t0") s, attempt $booted)"
else
	not_ok "PVH guest boots to ready under shadow paging"
	test_done
	exit
fi
d=$(domid pvh)

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
