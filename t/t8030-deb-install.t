#!/usr/bin/env bash
# The xenscope .deb (make deb): lintian, dpkg -i into a scratch root, the
# installed tools at work there, and a clean removal.
#
# The root is a dpkg database of its own (dpkg --root), not a chroot: the
# package's binaries run with this host's libraries, which is what its
# Depends (from dpkg-shlibdeps) name.  ldd checks they all resolve.
. "$(dirname "$0")/test-lib.sh"

DEB=$(ls "$XS_ROOT"/build/deb/xenscope_*_amd64.deb 2>/dev/null | tail -n 1)
[ -n "$DEB" ] || fail_all "no build/deb/xenscope_*_amd64.deb (run make deb)"
ROOT=$TRASH/root
BINS="xenscope refaudit shadowdump xstop xs-gdbstub p2mdump xs-dirty xs-trace"
# Only the scratch root's tools can be found: none of the tree's, none on the host.
ROOT_PATH=/usr/sbin:/usr/bin:/sbin:/bin

test_lazy_prereq NOXEN '! test -e /dev/xen/privcmd && ! test -e /proc/xen/privcmd'

test_expect_success 'lintian finds no error or warning' '
	lintian --fail-on error,warning "$DEB" >out 2>&1 || { cat out; false; }
'

test_expect_success 'dpkg -i into a scratch root' '
	mkdir -p "$ROOT/var/lib/dpkg/info" "$ROOT/var/lib/dpkg/updates" \
		"$ROOT/var/lib/dpkg/triggers" &&
	: >"$ROOT/var/lib/dpkg/status" &&
	dpkg --root="$ROOT" --force-not-root --force-depends --log=/dev/null -i "$DEB" >out 2>&1 &&
	dpkg-query --root="$ROOT" -W -f="\${Status}\n" xenscope >status &&
	test "$(cat status)" = "install ok installed"
'

test_expect_success 'every tool, its man page and completion are installed' '
	for b in $BINS; do
		test -x "$ROOT/usr/bin/$b" &&
		test -s "$ROOT/usr/share/man/man1/$b.1.gz" &&
		test -e "$ROOT/usr/share/bash-completion/completions/$b" ||
		{ echo "$b"; return 1; }
	done &&
	test -s "$ROOT/usr/share/man/man1/xenscope-decode.1.gz" &&
	test -s "$ROOT/usr/share/man/man1/xenscope-doctor.1.gz" &&
	! ldd "$ROOT"/usr/bin/* | grep "not found"
'

test_expect_success 'the man pages render, with their EXAMPLES' '
	for m in xenscope xenscope-decode xenscope-doctor; do
		MANWIDTH=80 man -l "$ROOT/usr/share/man/man1/$m.1.gz" >page 2>err &&
		grep -q "^EXAMPLES" page && ! test -s err || { echo "$m"; cat err; return 1; }
	done
'

test_expect_success 'xenscope doctor runs: one line a check, exit by the shared table' '
	st=0 &&
	env PATH=$ROOT_PATH "$ROOT/usr/bin/xenscope" doctor >out || st=$? &&
	test "$(grep -cE "^(ok|warn|FAIL|skip)  [a-z0-9-]+ +[^ ]" out)" = 7 &&
	case $st in 0 | 1 | 2 | 4) ;; *) false ;; esac
'

test_expect_success NOXEN 'xenscope doctor off Xen: the dom0 check fails, exit 4' '
	test_expect_code 4 env PATH=$ROOT_PATH "$ROOT/usr/bin/xenscope" doctor >out &&
	grep -q "^FAIL  dom0 " out
'

test_expect_success 'xenscope refaudit -f a snapshot runs the installed refaudit, as the tree does' '
	! env PATH=$ROOT_PATH sh -c "command -v refaudit" &&
	st=0 && refaudit -f "$TEST_DATA/golden-v2.xs" >want || st=$? &&
	test $st -le 2 &&
	test_expect_code $st env PATH=$ROOT_PATH "$ROOT/usr/bin/xenscope" refaudit \
		-f "$TEST_DATA/golden-v2.xs" >got &&
	test -s got &&
	test_cmp want got
'

test_expect_success 'the installed completion is the one for these tools' '
	bash -c ". \"$ROOT/usr/share/bash-completion/completions/xenscope\"; complete -p" >out &&
	for b in $BINS; do
		grep -qx "complete -F _xenscope_complete $b" out || { echo "$b"; return 1; }
	done
'

test_expect_success 'dpkg --purge leaves nothing of the package behind' '
	dpkg-query --root="$ROOT" -L xenscope >files &&
	dpkg --root="$ROOT" --force-not-root --log=/dev/null --purge xenscope >out 2>&1 &&
	! dpkg-query --root="$ROOT" -W xenscope 2>/dev/null | grep -q . &&
	left=$(cd "$ROOT" && find . -path ./var/lib/dpkg -prune -o \( -type f -o -type l \) -print) &&
	test -z "$left" &&
	test "$(wc -l <files)" -gt 20
'

test_done
