#!/usr/bin/env bash
test_description='finding dom0 processes that hold Xen devices, on a fake /proc'
. "$(dirname "$0")/test-lib.sh"

# fake_proc PID COMM CMDLINE(args separated by |) [FD-TARGET...]
fake_proc() {
	local pid=$1 comm=$2 cmd=$3 n=3
	shift 3
	mkdir -p proc/$pid/fd &&
	printf '%s\n' "$comm" >proc/$pid/comm &&
	printf '%s\0' ${cmd//|/ } >proc/$pid/cmdline &&
	: >proc/$pid/maps &&
	for t in "$@"; do ln -s "$t" proc/$pid/fd/$n; n=$((n + 1)); done
}

test_expect_success 'setup' '
	fake_proc 1 init "/sbin/init" /dev/null &&
	fake_proc 1234 qemu-system-i38 "/usr/bin/qemu-system-i386|-xen-domid|5|-m|512" \
		/dev/xen/privcmd /dev/xen/gntdev /dev/null &&
	cat >proc/1234/maps <<-\EOF &&
	7f0000000000-7f0000001000 rw-s 00000000 00:06 17 /dev/xen/privcmd
	7f0000001000-7f0000002000 rw-s 00001000 00:06 17 /dev/xen/privcmd
	7f0000003000-7f0000004000 r--p 00000000 08:01 99 /usr/lib/libc.so.6
	7f0000005000-7f0000006000 rw-s 00000000 00:06 18 /dev/xen/gntdev
	EOF
	fake_proc 777 xenstored "/usr/sbin/xenstored" /dev/xen/privcmd /dev/xen/privcmd &&
	fake_proc 900 mapper "/opt/mapper" &&
	echo "7f0000000000-7f0000001000 rw-s 00000000 00:06 19 /dev/xen/gntalloc" \
		>proc/900/maps &&
	mkdir proc/self-not-a-pid proc/42
'

test_expect_success 'holders found, others ignored, sorted by pid' '
	xs-test-tool procscan proc >out.json &&
	xs-test-tool jsoncheck out.json &&
	test "$(grep -c "\"pid\"" out.json)" = 3 &&
	grep "\"pid\"" out.json | tr -dc "0-9\n" >pids &&
	printf "777\n900\n1234\n" >expect && test_cmp expect pids
'

test_expect_success 'fds and mappings counted per device, -xen-domid parsed' '
	perl -0777 -ne "print \$1 if /(\{[^{}]*\"pid\": 1234.*?\}\s*\})/s" out.json >qemu &&
	grep -q "\"xen_domid\": 5" qemu &&
	grep -q "\"cmdline\": \"/usr/bin/qemu-system-i386 -xen-domid 5 -m 512\"" qemu &&
	grep -q "\"comm\": \"qemu-system-i38\"" qemu &&
	{ perl -0777 -ne "print \$1 if /\"fds\": (\{.*?\})/s" qemu | tr -d " \n"; echo; } >fds &&
	echo "{\"privcmd\":1,\"gntdev\":1,\"gntalloc\":0}" >expect && test_cmp expect fds &&
	{ perl -0777 -ne "print \$1 if /\"maps\": (\{.*?\})/s" qemu | tr -d " \n"; echo; } >maps &&
	echo "{\"privcmd\":2,\"gntdev\":1,\"gntalloc\":0}" >expect && test_cmp expect maps &&
	{ perl -0777 -ne "print \$1 if /\"map_pages\": (\{.*?\})/s" qemu | tr -d " \n"; echo; } >pages &&
	echo "{\"privcmd\":2,\"gntdev\":1,\"gntalloc\":0}" >expect && test_cmp expect pages
'

test_expect_success 'a mapping without an open fd still counts' '
	grep -A12 "\"pid\": 900" out.json | grep -q "\"gntalloc\": 1"
'

test_expect_success 'a missing /proc is one error line' '
	test_expect_code 1 xs-test-tool procscan nosuch 2>err && test_one_line err
'
test_done
