#!/usr/bin/env bash
test_description='snapshot files: write, read back, save again'
. "$(dirname "$0")/test-lib.sh"



for spec in zombie-explained zombie-leak clean small; do
	test_expect_success "$spec: written and read back unchanged" "
		test_mksnap $spec.json $spec.xs &&
		xs-test-tool normspec \"\$TEST_DATA/$spec.json\" >expect &&
		xs-test-tool dumpsnap $spec.xs >actual &&
		test_cmp expect actual
	"
done

test_expect_success 'the same spec gives the same bytes' '
	test_mksnap zombie-explained.json again.xs &&
	cmp zombie-explained.xs again.xs
'

test_expect_success 'snap:PATH names the same file' '
	xs-test-tool dumpsnap snap:zombie-explained.xs >actual &&
	xs-test-tool dumpsnap zombie-explained.xs >expect &&
	test_cmp expect actual
'

test_expect_success '--save from a snapshot keeps everything' '
	test_expect_code 1 refaudit -f zombie-explained.xs --save saved.xs 5 >/dev/null &&
	xs-test-tool dumpsnap zombie-explained.xs >expect &&
	xs-test-tool dumpsnap saved.xs >actual &&
	test_cmp expect actual
'

test_expect_success '--save from the domain list saves the dying domains' '
	test_expect_code 1 refaudit -f zombie-explained.xs --save list.xs >/dev/null &&
	xs-test-tool dumpsnap list.xs >actual &&
	test_cmp expect actual
'

test_expect_success '... and only them, out of running and dying domains' '
	test_mksnap several-dying.json several.xs &&
	test_expect_code 1 refaudit -f several.xs --save dying.xs >/dev/null &&
	xs-test-tool dumpsnap several.xs >all.json &&
	xs-test-tool dumpsnap dying.xs >saved.json &&
	test "$(jq -c "[.domains[].domid]" saved.json)" = "[0,3,4,6,8]" &&
	test "$(jq -c "[.records[].domid]" all.json)" = "[0,3,4,6,8]" &&
	test "$(jq -c "[.records[].domid]" saved.json)" = "[3,6]" &&
	jq -S "[.records[] | select(.domid == 3 or .domid == 6)]" all.json >expect.rec &&
	jq -S ".records" saved.json >actual.rec &&
	test_cmp expect.rec actual.rec
'

test_expect_success 'a snapshot is created private (it holds command lines)' '
	test "$(stat -c %a saved.xs)" = 600
'

test_expect_success 'a failed save leaves no file behind' '
	mkdir ro && chmod 500 ro &&
	if test "$(id -u)" != 0; then
		test_expect_code 4 refaudit -f zombie-explained.xs --save ro/x.xs 5 2>err &&
		test_one_line err
	fi &&
	test_expect_code 4 refaudit -f zombie-explained.xs --save nodir/x.xs 5 2>err &&
	test_one_line err && ! ls nodir/x.xs* 2>/dev/null &&
	: >notadir &&
	test_expect_code 4 refaudit -f zombie-explained.xs --save notadir/x.xs 5 2>err &&
	test_one_line err && grep -q "Not a directory" err
'

# A write that fails half-way, for root too: the file size limit (which root
# is held to as well) stops the snapshot after its first kilobyte.
test_expect_success 'a save that fails while writing leaves no file behind' '
	mkdir out &&
	test "$(stat -c %s zombie-explained.xs)" -gt 1024 &&
	test_expect_code 4 sh -c "ulimit -f 1 && trap \"\" XFSZ &&
		exec refaudit -f zombie-explained.xs --save out/x.xs 5 >/dev/null" 2>err &&
	test_one_line err && grep -q "out/x.xs: cannot write" err &&
	test -z "$(ls -A out)"
'

test_expect_success 'readelf can list the sections' '
	readelf -S -W zombie-explained.xs >sections &&
	grep -q "\.xs\.header" sections &&
	grep -q "\.xs\.pages\.5" sections &&
	grep -q "\.xs\.refs\.5" sections &&
	grep -q "\.xs\.sum" sections &&
	readelf -h zombie-explained.xs | grep -q "CORE"
'
test_done
