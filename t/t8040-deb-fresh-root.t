#!/usr/bin/env bash
# The xenscope .deb on a fresh Debian 12 root (scripts/mkchroot.sh): apt
# installs it with the dependencies its control file names, taken from the
# configured sources, none from this host; the tools run there on their
# own libraries; the package purges cleanly.
#
# The root runs in a mount namespace of its own (unshare), so the /proc it
# mounts goes with the test, whatever stops it.
. "$(dirname "$0")/test-lib.sh"

DEB=$(ls "$XS_ROOT"/build/deb/xenscope_*_amd64.deb 2>/dev/null | tail -n 1)
[ -n "$DEB" ] || fail_all "no build/deb/xenscope_*_amd64.deb (run make deb)"
[ "$(id -u)" -eq 0 ] || fail_all "a root needs root to install into (run as root)"
TARBALL=$("$XS_ROOT/scripts/mkchroot.sh" 2>"$TRASH/mkchroot.err") ||
	fail_all "no Debian 12 root: $(tail -n 1 "$TRASH/mkchroot.err")"
ROOT=$TRASH/root

# in_root CMD...: run CMD in the root, with its own /proc and this host's
# resolver (apt fetches the dependencies).
in_root() {
	unshare --mount --propagation private -- sh -c '
		root=$1; shift
		mount -t proc proc "$root/proc" &&
		mount --bind /etc/resolv.conf "$root/etc/resolv.conf" &&
		exec chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
	' in_root "$ROOT" "$@"
}

test_expect_success 'a fresh Debian 12 root, without xenscope or its libraries' '
	mkdir "$ROOT" && tar -C "$ROOT" -xf "$TARBALL" &&
	: >"$ROOT/etc/resolv.conf" &&
	grep -q "^VERSION_ID=\"12\"" "$ROOT/etc/os-release" &&
	! in_root dpkg-query -W xenscope >/dev/null 2>&1 &&
	! test -e "$ROOT/usr/lib/x86_64-linux-gnu/libxenctrl.so.4.17"
'

test_expect_success 'apt installs the .deb and what it depends on' '
	cp "$DEB" "$ROOT/tmp/" && cp "$TEST_DATA/golden-v2.xs" "$ROOT/tmp/" &&
	in_root apt-get install -y -q --no-install-recommends \
		"/tmp/$(basename "$DEB")" >out 2>&1 || { tail -n 20 out; false; } &&
	test "$(in_root dpkg-query -W -f="\${Status}" xenscope)" = "install ok installed" &&
	test -e "$ROOT/usr/lib/x86_64-linux-gnu/libxenctrl.so.4.17"
'

test_expect_success 'every tool finds its libraries in the root' '
	in_root sh -c "ldd /usr/bin/xenscope /usr/bin/refaudit /usr/bin/xs-gdbstub /usr/bin/xstop" >ldd &&
	! grep "not found" ldd
'

test_expect_success 'xenscope doctor: off Xen, the dom0 check fails, exit 4' '
	test_expect_code 4 in_root xenscope doctor >out &&
	grep -q "^FAIL  dom0 " out &&
	test "$(grep -cE "^(ok|warn|FAIL|skip)  [a-z0-9-]+ +[^ ]" out)" = 7
'

test_expect_success 'xenscope refaudit -f a snapshot says what the tree built says' '
	st=0 && refaudit -f "$TEST_DATA/golden-v2.xs" >want || st=$? &&
	test $st -le 2 &&
	test_expect_code $st in_root xenscope refaudit -f /tmp/golden-v2.xs >got &&
	test -s got &&
	test_cmp want got
'

test_expect_success 'apt purges it: no file of the package left' '
	in_root dpkg-query -L xenscope >files &&
	test "$(wc -l <files)" -gt 20 &&
	in_root apt-get purge -y -q xenscope >out 2>&1 || { tail -n 20 out; false; } &&
	! in_root dpkg-query -W -f="\${Status}" xenscope 2>/dev/null | grep -q "installed" &&
	while read -r f; do
		test -d "$ROOT$f" || ! test -e "$ROOT$f" || { echo "left: $f"; return 1; }
	done <files &&
	! test -e "$ROOT/usr/share/doc/xenscope"
'

test_done
