# A deliberately broken scenario: it waits for a console line the guest never
# prints, longer than the run's timeout.  t9090 checks that the runner turns
# this into a clear failure with the serial log tail, on time.
. "$XS_TOP/t/rig/lib.sh"
ok "scenario started"
create_linux_pv broken 192
wait_for_console broken 'this line is never printed' 3600
not_ok "unreachable"
test_done
