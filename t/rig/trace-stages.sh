# Destruction stages in a `refaudit --history` output; sourced by the
# foreign-zombie trace scenario (in dom0) and its host-side checks.

# stages FILE: the stage records, as their names in order.
stages() {
	sed -n 's/^  cpu[0-9]* *tsc [0-9]* *\(.*[^ ]\) *pages [0-9]*$/\1/p' "$1"
}

# stages_in_order FILE (the output of stages): domain_kill, teardown and
# event channels first, relinquish through its steps, dead last.
stages_in_order() {
	local want="domain_kill
teardown done
event channels done"
	[ "$(head -n 3 "$1")" = "$want" ] &&
		tail -n 1 "$1" | grep -q '^dead' &&
		grep -q '^relinquish: done reached' "$1" &&
		sed -n 's/^relinquish: \(.*\) reached$/\1/p' "$1" | tr '\n' ' ' |
		grep -q 'paging vcpu_pagetables xen l4 l3 l2 done'
}
