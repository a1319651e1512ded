# Rig scenario: the acceptance of the hv-probes page-reference audit, through
# refaudit --json, in one boot:
#  - dom0, a healthy PV xsguest (page tables, pins, GDT/LDT) and a healthy
#    PVH xsguest under shadow paging: every reference explained;
#  - a zombie held by a dom0 foreign mapping (privcmd) of N pages: exactly
#    those N pages, each through one L1 entry of domain 0;
#  - a PVH guest mapped the same way, running (every reference explained,
#    the N pages each in one L1 entry of domain 0) and then as a zombie;
#  - a zombie held by gntdev grant mappings: grant ref, mapper and handle;
#  - a 1 GiB guest (256 MiB on the debug hypervisor) audited completely, over many cursor calls;
#  - on hypervisors with CONFIG_XENSCOPE_INJECT (the debug variant): an
#    injected leak is the one unexplained reference, and goes back.
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"

RA=$XS_TOP/refaudit/refaudit
INJECT=$XS_RIG_BIN/xs-inject
OUT=/xs/out
JQ=${JQ:-jq}

# audit NAME DOMID [--pages]: refaudit --json into $OUT/NAME.json; sets
# AUDIT (the file) and AUDIT_RC (refaudit's exit status).
audit() {
	local name=$1 d=$2 t0
	shift 2
	AUDIT=$OUT/$name.json
	t0=$(now)
	"$RA" --json "$@" "$d" >"$AUDIT" 2>"$OUT/$name.err"
	AUDIT_RC=$?
	# (Its totals are shown by a failing check: jq here costs seconds.)
	diag "refaudit $* $d: exit $AUDIT_RC in $(elapsed_since "$t0") s"
}

# jcheck DESCRIPTION JQ_EXPR [DIAG_EXPR]: test point: JQ_EXPR is true on
# $AUDIT, decided on the host after the run (host_jcheck).
jcheck() {
	host_jcheck "$1" "$AUDIT" "$2" "${3:-}"
}

# Every page listed, none with an unexplained general or type reference.
ALL_EXPLAINED='(.status == 1) and .totals.unexplained_pages == 0 and .totals.orphan_refs == 0
	and ([.pages[] | select(.unexplained != 0 or .unexplained_type != 0)] | length == 0)'
UNEXPLAINED_LIST='[.pages[] | select(.unexplained != 0 or .unexplained_type != 0)
	| [.mfn, .decoded, .unexplained, .unexplained_type,
	   [.refs[] | [.kind, .holder, .via, .slot, .general, .type]]]] | .[:10][]'

# Every page of the domain was reported: tot_pages plus the Xen heap pages
# shared with it (not in tot_pages; each has a type reference besides
# PGC_allocated).
ALL_PAGES='(.totals.pages == .domain.tot_pages +
	([.holders[] | select(.cause == "allocated") | .type] | add // 0))'

explained() {
	jcheck "$1: every reference of every page explained" "$ALL_EXPLAINED" "$UNEXPLAINED_LIST"
}

# destroy_dying DOMID: xl destroy, and the domain stays, dying (held).
destroy_dying() {
	check "xl destroy $1" "$XL" destroy "$1"
	sleep 1
	if xl_dying "$1"; then ok "domain $1 stays dying"; else not_ok "domain $1 stays dying"; fi
}

# release_holder DOMID: stop $HOLDER_PID; the domain must then go away.
release_holder() {
	kill "$HOLDER_PID"
	wait "$HOLDER_PID" 2>/dev/null
	if wait_gone "$1" 10; then ok "domain $1 gone after the holder exits"; else
		not_ok "domain $1 gone after the holder exits"; fi
}

check "stock xl list works" "$XL" list

# --- dom0: a running PV domain auditing itself -------------------------------
audit dom0 0
jcheck "dom0: no unexplained reference ($($JQ -r '.totals.pages' "$AUDIT" 2>/dev/null) pages)" \
	".totals.unexplained_pages == 0 and $ALL_PAGES"
if [ "$AUDIT_RC" -eq 1 ]; then
	ok "dom0: refaudit exits 1"
else
	not_ok "dom0: refaudit exits 1 (got $AUDIT_RC)"
	# The whole page list of dom0 is too big for JSON in dom0's memory.
	"$RA" --pages 0 2>&1 | grep -B8 'unexplained:' | head -n 40 | sed 's/^/# /'
fi

# --- healthy PV guest --------------------------------------------------------
if xsguest_boot hpv pv "pagetables=8 pin" 32; then
	audit hpv "$DOMID" --pages
	explained "healthy PV (pagetables=8 pin)"
	jcheck "healthy PV: pins, L1-L4 entries, CR3 and GDT/LDT references attributed" \
		'[.pages[].refs[].kind] | unique | contains(["allocated", "pin", "pv_l1", "pv_l2",
		   "pv_l3", "pv_l4", "vcpu_cr3", "seg_desc"])'
	jcheck "healthy PV: every page of the guest listed" "$ALL_PAGES"
fi
xsguest_destroy hpv

# --- healthy PVH guest under shadow paging -----------------------------------
if xsguest_boot hpvh pvh "pagetables=8 superpages" 32; then
	xsguest_shadow "$DOMID"
	audit hpvh "$DOMID" --pages
	explained "healthy PVH under shadow paging (pagetables=8 superpages)"
	jcheck "PVH shadow: sl1e references present" \
		'[.pages[].refs[] | select(.kind == "shadow" and .flags % 256 < 128)] | length > 0'
	jcheck "PVH shadow: shadow back-pointer references on guest page tables present" \
		'[.pages[].refs[] | select(.kind == "shadow" and .flags >= 128)] | length > 0'
	jcheck "PVH shadow: the unpaged page table is Xen's" \
		'[.pages[] | select(.list == "none") | .refs[] | select(.kind == "xen")] | length == 1'
fi
xsguest_destroy hpvh

# --- zombie through a dom0 foreign mapping ------------------------------------
N=16
if xsguest_boot zf pv idle 32; then
	d=$DOMID
	if start_holder /tmp/zf.out "$XS_RIG_BIN/xs-map-foreign" "$d" "$N" 0x100; then
		ok "dom0 process maps $N pages of domain $d through privcmd"
		destroy_dying "$d"
		audit zf "$d" --pages
		[ "$AUDIT_RC" -eq 1 ] && ok "foreign zombie: refaudit exits 1" ||
			not_ok "foreign zombie: refaudit exits 1 (got $AUDIT_RC)"
		jcheck "foreign zombie: exactly the $N mapped pages (gfn 0x100..) are held" \
			"([.pages[].gfn] | sort == [range(256; 256 + $N)]) and .totals.held == $N"
		jcheck "foreign zombie: each page held by exactly one L1 entry of domain 0" \
			'[.pages[] | [.refs[] | select(.general > 0)] | length == 1 and
			  (.[0].kind == "pv_l1" and .[0].holder == 0 and .[0].general == 1)] | all'
		explained "foreign zombie"
		release_holder "$d"
	else
		not_ok "dom0 process maps $N pages of domain $d through privcmd"
		"$XL" destroy "$d"
	fi
fi

# --- PVH guest mapped by dom0 (privcmd), running and then a zombie -----------
# A PV dom0's foreign mapping of a translated guest is an L1 entry of dom0
# on the guest's frame, as for a PV guest; the guest's own references
# (p2m, shadows) stay beside it and must be explained too.
if xsguest_boot pf pvh idle 32; then
	d=$DOMID
	xsguest_shadow "$d"
	if start_holder /tmp/pf.out "$XS_RIG_BIN/xs-map-foreign" "$d" "$N" 0x100; then
		ok "dom0 process maps $N pages of PVH domain $d through privcmd"
		audit pf "$d" --pages
		explained "PVH guest mapped by dom0"
		jcheck "PVH guest mapped by dom0: each of the $N pages (gfn 0x100..) in one L1 entry of domain 0" \
			"[.pages[] | select(.gfn >= 256 and .gfn < 256 + $N) |
			  [.refs[] | select(.kind == \"pv_l1\" and .holder == 0)] | length] == [range($N) | 1]"
		destroy_dying "$d"
		audit pfz "$d" --pages
		jcheck "PVH foreign zombie: exactly the $N mapped pages (gfn 0x100..) are held" \
			"([.pages[].gfn] | sort == [range(256; 256 + $N)]) and .totals.held == $N"
		explained "PVH foreign zombie"
		release_holder "$d"
	else
		not_ok "dom0 process maps $N pages of PVH domain $d through privcmd"
		"$XL" destroy "$d"
	fi
fi

# --- zombie through gntdev grant mappings -------------------------------------
if xsguest_boot zg pv grant=4 32; then
	d=$DOMID
	refs=$(grep -Eo 'xsguest: gref=[0-9]+' "$(xsguest_log zg)" | sed 's/.*gref=//' | tr '\n' ' ')
	if start_holder /tmp/zg.out "$XS_RIG_BIN/xs-map-grant" "$d" $refs; then
		ok "dom0 process maps grants $refs of domain $d through gntdev"
		destroy_dying "$d"
		audit zg "$d" --pages
		explained "grant zombie"
		want=$(echo $refs | tr ' ' '\n' | sort -n | paste -sd, -)
		jcheck "grant zombie: the grant refs [$want] named, mapped by domain 0" \
			"[.pages[].refs[] | select(.kind == \"grant\" and .holder == 0) | .grant_ref]
			 | unique == [$want]" \
			'.pages[].refs[] | select(.kind == "grant") | [.mfn, .holder, .grant_ref, .handle, .flags]'
		jcheck "grant zombie: every grant record carries a mapping handle, none shared" \
			'[.pages[].refs[] | select(.kind == "grant") | .handle] | length == (unique | length)
			 and length >= 4'
		jcheck "grant zombie: every held page has a grant record and its PTE in dom0" \
			'[.pages[] | ([.refs[].kind] | contains(["grant", "pv_l1"]))] | all'
		release_holder "$d"
	else
		not_ok "dom0 process maps grants of domain $d"
		"$XL" destroy "$d"
	fi
fi

# --- a big guest, over many cursor calls ----------------------------------------
# 1 GiB on the release hypervisor; 256 MiB (still some 50 cursor calls) on
# the debug one, whose job here is its assertions along the resumed walk:
# populating and scrubbing 1 GiB under it costs minutes of software CPU.
BIG_MIB=1024
[ "$XS_VARIANT" = debug ] && BIG_MIB=256
if xsguest_create big pv idle "$BIG_MIB"; then
	ok "$BIG_MIB MiB PV guest ready (domid $DOMID, $READY_SECS s)"
	d=$DOMID
	audit big "$d"
	jcheck "$BIG_MIB MiB guest: all $($JQ -r .domain.tot_pages "$AUDIT" 2>/dev/null) pages audited, all explained" \
		".domain.tot_pages >= $((BIG_MIB * 256)) and $ALL_PAGES and
		 .totals.unexplained_pages == 0 and .status == 1"
	walk=$("$INJECT" --walk "$d" 2>&1)
	diag "cursor walk: $walk"
	pages=$(echo "$walk" | sed -n 's/.*pages=\([0-9]*\) page_calls=\([0-9]*\).*/\1 \2/p')
	refc=$(echo "$walk" | sed -n 's/.* refs=\([0-9]*\) ref_calls=\([0-9]*\) max_refs_per_call=\([0-9]*\).*/\1 \2 \3/p')
	tot=$($JQ -r .domain.tot_pages "$AUDIT" 2>/dev/null)
	set -- $pages $refc
	if [ $# -eq 5 ] && [ "$1" -ge "$tot" ] && [ "$2" -gt 1 ] && [ "$4" -gt 1 ] &&
		[ "$3" -ge "$tot" ]; then
		ok "$BIG_MIB MiB guest: PAGES took $2 calls for $1 pages, REFS $4 calls for $3 refs (cursor resumed)"
	else
		not_ok "$BIG_MIB MiB guest: the walk resumes through the cursor ($walk; tot_pages $tot)"
	fi
	xsguest_destroy big
else
	not_ok "$BIG_MIB MiB PV guest ready"
	"$XL" destroy big 2>/dev/null
fi

# --- injected leak (CONFIG_XENSCOPE_INJECT) -------------------------------------
if [ "$XS_VARIANT" = debug ]; then
	if xsguest_boot inj pv idle 32; then
		d=$DOMID
		audit inj0 "$d" --pages
		# The frames of gfns 0x200 and 0x201, from Xen's own page list (jq
		# on the audit's would take a minute on the software CPU).
		"$INJECT" --dump pages "$d" >/tmp/inj.pages 2>&1
		m1=$(awk '/ gfn=0x200 / && / list=0 / {sub(/mfn=/, "", $2); print $2; exit}' /tmp/inj.pages)
		m2=$(awk '/ gfn=0x201 / && / list=0 / {sub(/mfn=/, "", $2); print $2; exit}' /tmp/inj.pages)
		m1=$((${m1:-0})) m2=$((${m2:-0}))
		# Record the domain's references while the leaks are made: the
		# history must name the injector as the unbalanced get's site.
		"$RA" --arm "$d" --trace /tmp/inj.trc >/tmp/inj.arm 2>&1 &
		arm_pid=$!
		for _ in $(seq 50); do
			grep -q '^armed' /tmp/inj.arm && break
			sleep 0.2
		done
		check "inject a general reference on mfn $m1" "$INJECT" "$d" "$m1" general
		check "inject a type reference on mfn $m2" "$INJECT" "$d" "$m2" type
		sleep 1
		kill -INT "$arm_pid"
		wait "$arm_pid"
		"$RA" --history --trace /tmp/inj.trc "$d" >"$OUT/inj-history.txt" 2>&1
		diag "refaudit --history $d:" "$(cat /tmp/inj.arm "$OUT/inj-history.txt")"
		# gets_of MFN: the get lines --history shows for page MFN.
		gets_of() {
			sed -n "/^  mfn $(printf '%#x' "$1") /,/^  mfn /p" "$OUT/inj-history.txt" |
				grep '^    get '
		}
		# The general leak is a direct get_page() call of the injector
		# (arch/x86/mm/xenscope-inject.c, inlined into xenscope_inject());
		# the type leak's gets come from get_page_and_type(), inlined
		# there too, whose line is asm/mm.h's.
		inj_at=' xenscope_inject+0x[0-9a-f]* (.*arch/x86/mm/xenscope-inject\.c:[0-9]*[;)]'
		inl_at=' xenscope_inject+0x[0-9a-f]* (.*\(arch/x86/mm/xenscope-inject\.c\|arch/x86/include/asm/mm\.h\):[0-9]*[;)]'
		for m in "$m1" "$m2"; do
			at=$inj_at
			[ "$m" = "$m2" ] && at=$inl_at
			if gets_of "$m" | grep -q "$at"; then
				ok "--history names the injecting function and its file:line (mfn $m)"
			else
				not_ok "--history names the injecting function and its file:line (mfn $m)"
			fi
		done
		audit inj1 "$d" --pages
		[ "$AUDIT_RC" -eq 2 ] && ok "injected leaks: refaudit exits 2" ||
			not_ok "injected leaks: refaudit exits 2 (got $AUDIT_RC)"
		jcheck "injected leaks: exactly the two pages are unexplained" \
			"[.pages[] | select(.unexplained != 0 or .unexplained_type != 0) | .mfn] | sort
			 == ([$m1, $m2] | sort)"
		jcheck "injected general leak: one unexplained general reference, no type one" \
			"[.pages[] | select(.mfn == $m1)][0] | .unexplained == 1 and .unexplained_type == 0
			 and ([.refs[].kind] | index(\"injected\") != null)"
		jcheck "injected type leak: one unexplained general and one type reference" \
			"[.pages[] | select(.mfn == $m2)][0] | .unexplained == 1 and .unexplained_type == 1"
		check "give the general leak back" "$INJECT" "$d" "$m1" put-general
		check "give the type leak back" "$INJECT" "$d" "$m2" put-type
		audit inj2 "$d" --pages
		explained "after the leaks are given back"
		xsguest_destroy inj
	fi
else
	# No injector in the release build: XENSCOPE_OP_INJECT on a page dom0
	# owns gets exactly -EOPNOTSUPP (95), whatever else could refuse it.
	m0=$("$INJECT" --dump pages 0 2>/dev/null |
		awk '/ list=0 / {sub(/mfn=/, "", $2); print $2; exit}')
	"$INJECT" 0 "${m0:-0}" general >/tmp/inj.out 2>&1
	rc=$?
	if [ -n "$m0" ] && [ "$rc" -eq 1 ] && grep -q '(errno 95)$' /tmp/inj.out; then
		ok "INJECT on dom0's mfn $m0 gives -EOPNOTSUPP without CONFIG_XENSCOPE_INJECT"
	else
		not_ok "INJECT on dom0's mfn ${m0:-?} gives -EOPNOTSUPP without CONFIG_XENSCOPE_INJECT"
		diag "xs-inject exit $rc: $(cat /tmp/inj.out)"
		[ "$rc" -eq 0 ] && "$INJECT" 0 "$m0" put-general
	fi
fi

check "stock xl list still works" "$XL" list
test_done
