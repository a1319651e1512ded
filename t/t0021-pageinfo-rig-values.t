#!/usr/bin/env bash
# count_info/type_info words read from the embedded Xen decode as expected.
. "$(dirname "$0")/test-lib.sh"

while read -r caf taf expect; do
	case "$caf" in '#'* | '') continue ;; esac
	test_expect_success "decode caf=$caf taf=$taf" "
		test \"\$(xs-test-tool decode $caf $taf)\" = '$expect'
	"
done <"$TEST_DATA/rig-pageinfo.txt"
test_done
