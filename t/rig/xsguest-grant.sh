# Rig scenario: xsguest grant=4 grants four of its pages to dom0; dom0 maps
# each through gntdev and finds the text the guest wrote into it.
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"

# read_grants DOMID REF...: map each grant read-write through
# /dev/xen/gntdev and print "REF <first line of the page>".
read_grants() {
	python3 - "$@" <<'PY'
import fcntl, mmap, os, struct, sys

# IOCTL_GNTDEV_MAP_GRANT_REF: _IOC(_IOC_NONE, 'G', 0, 24)
MAP_GRANT_REF = (24 << 16) | (ord('G') << 8) | 0
dom = int(sys.argv[1])
fd = os.open('/dev/xen/gntdev', os.O_RDWR)
for ref in map(int, sys.argv[2:]):
    # struct ioctl_gntdev_map_grant_ref: count, pad, index, {domid, ref}
    buf = bytearray(struct.pack('IIQII', 1, 0, 0, dom, ref))
    fcntl.ioctl(fd, MAP_GRANT_REF, buf, True)
    index = struct.unpack('IIQII', buf)[2]
    m = mmap.mmap(fd, 4096, mmap.MAP_SHARED,
                  mmap.PROT_READ | mmap.PROT_WRITE, offset=index)
    print(ref, m[:64].split(b'\n')[0].decode(errors='replace'))
    m.close()
os.close(fd)
PY
}

for kind in pv pvh; do
	n=grant-$kind
	xsguest_boot "$n" "$kind" grant=4 32 || continue
	xsguest_has "$n" '^xsguest: grant count=4 frames=1$'
	refs=$(grep -Eo 'xsguest: gref=[0-9]+ gfn=0x[0-9a-f]+' "$(xsguest_log "$n")" |
		sed 's/.*gref=\([0-9]*\).*/\1/')
	if [ "$(echo $refs | wc -w)" -eq 4 ]; then
		ok "$n prints 4 grant references: $(echo $refs)"
	else
		not_ok "$n prints 4 grant references: $(echo $refs)"
	fi
	out=$(read_grants "$DOMID" $refs 2>&1)
	for r in $refs; do
		if echo "$out" | grep -q "^$r xsguest grant ref=$r$"; then
			ok "dom0 maps $n's grant $r and reads the guest's text"
		else
			not_ok "dom0 maps $n's grant $r and reads the guest's text"
			diag "$out"
		fi
	done
	xsguest_destroy "$n"
done
test_done
