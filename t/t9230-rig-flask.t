#!/usr/bin/env bash
# Rig: under FLASK (the flask variant, booted flask=enforcing with Xen's
# default policy built in), XEN_DOMCTL_xenscope's read-only operations need
# only mmu:pageinfo, while INJECT and TRACE need permissions of their own
# (mmu:xenscope_inject, mmu:xenscope_trace): refused under the default
# policy, allowed under one that grants them.  That policy is built here,
# from the hypervisor's own policy sources (its patched access vectors)
# with one module added, by Xen's policy makefile and Debian's checkpolicy.
top=$(cd "$(dirname "$0")/.." && pwd)
bail() {
	echo "1..1"
	echo "not ok 1 - rig: $*"
	exit 1
}
xendir=$("$top/rig/build-xen.sh" flask 2>"$top/build/rig-flask-build.log") ||
	bail "flask hypervisor build failed: $(tail -n 3 "$top/build/rig-flask-build.log" | tr '\n' ' ')"
[ -d "$xendir/flask/tools/flask/policy" ] || bail "no policy sources in $xendir"
work=$top/build/rig/flask-policy
rm -rf "$work"
mkdir -p "$work"
cp -a "$xendir/flask/." "$work/src"
pol=$work/src/tools/flask/policy
cat >"$pol/modules/xenscope_test.te" <<'TE'
# The rig's FLASK test: dom0 may leak references on, and trace, its guests.
allow dom0_t domU_t:mmu { xenscope_inject xenscope_trace };
# xentrace, which records the trace, writes its consumer index into the
# trace buffers' pages, which Xen owns (domxen_t): the default policy lets
# dom0 map those read-only.
allow dom0_t domxen_t:mmu map_write;
TE
echo "xenscope_test = on" >>"$pol/modules/modules.conf"
make -s -f Makefile.common -C "$pol" FLASK_BUILD_DIR="$work" \
	POLICY_FILENAME="$work/xenpolicy-grant" >"$work/build.log" 2>&1 ||
	bail "the granting policy does not build: $(tail -n 3 "$work/build.log" | tr '\n' ' ')"
XS_RIG_XEN_ARGS="flask=enforcing ${XS_RIG_XEN_ARGS:-}" \
	exec "$top/rig/run-scenario.sh" --variant flask "$top/t/rig/flask.sh" "$work/xenpolicy-grant"
