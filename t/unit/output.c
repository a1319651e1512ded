// SPDX-License-Identifier: MIT
/* Text tables and JSON forms of records. */
#include <stdio.h>
#include <stdlib.h>

#include "xenscope/core/json.h"
#include "xenscope/core/output.h"
#include "xenscope/core/pageinfo.h"

#include "../tap.h"

static char *table_text(void)
{
	static const char *const head[] = { "ID", "NAME", "PAGES" };
	struct xs_table t;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	xs_table_init(&t, 3, head, "rlr");
	xs_table_cell(&t, "%d", 0);
	xs_table_cell(&t, "%s", "Domain-0");
	xs_table_cell(&t, "%d", 262144);
	xs_table_cell(&t, "%d", 12);
	xs_table_cell(&t, "%s", "(null)");
	xs_table_cell(&t, "%d", 3);
	xs_table_color(&t, XS_COLOR_RED);
	xs_table_print(&t, f);
	xs_table_release(&t);
	fclose(f);
	return text;
}

static char *json_text(json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);

	json_decref(j);
	return s;
}

int main(void)
{
	struct xenscope_page p = { .mfn = 0x1234,
				   .gfn = 0x10,
				   .count_info = 0x8000000000000002ULL,
				   .type_info = 0xe400000000000001ULL,
				   .owner = 5,
				   .flags = XENSCOPE_PAGE_GFN_VALID };
	struct xenscope_ref r = { .mfn = 0x1234,
				  .kind = XENSCOPE_REF_GRANT,
				  .holder = 0,
				  .general = 1,
				  .grant_ref = 8,
				  .handle = 3 };
	struct xs_domain d = { .domid = 5,
			       .flags = XS_DOM_DYING | XS_DOM_SHUTDOWN,
			       .tot_pages = 3 };
	char comm[] = "qemu", cmdline[] = "qemu \xff\xfe bad utf-8";
	struct xs_proc pr = {
		.pid = 42, .xen_domid = -1, .fds = { 1, 0, 0 }, .comm = comm, .cmdline = cmdline
	};
	struct xenscope_info l = { 0 };
	char *s;

	tap_plan(7);
	s = table_text();
	is_str(s, "ID  NAME       PAGES\n 0  Domain-0  262144\n12  (null)         3\n",
	       "columns aligned, no colour off a terminal");
	free(s);

	setenv("NO_COLOR", "1", 1);
	ok(!xs_color_enabled(stdout), "NO_COLOR turns colour off");
	is_str(xs_color(stdout, XS_COLOR_RED), "", "no escape sequences then");

	xs_layout_default_417(&l);
	s = json_text(xs_json_page(&p, &l));
	is_str(s,
	       "{\"count_info\":\"0x8000000000000002\",\"decoded\":\"allocated count=2 | "
	       "type=writable validated count=1\",\"flags\":1,\"gfn\":16,\"list\":\"page\","
	       "\"mfn\":4660,\"owner\":5,\"type_info\":\"0xe400000000000001\"}",
	       "page as JSON");
	free(s);
	s = json_text(xs_json_ref(&r));
	is_str(s,
	       "{\"aux\":0,\"flags\":0,\"general\":1,\"grant_ref\":8,\"handle\":3,\"holder\":0,"
	       "\"kind\":\"grant\",\"mfn\":4660,\"slot\":0,\"type\":0,\"via\":0}",
	       "ref as JSON");
	free(s);
	s = json_text(xs_json_domain(&d));
	ok(s && strstr(s, "\"flags\":[\"dying\",\"shutdown\"]"), "domain flags by name");
	free(s);
	s = json_text(xs_json_proc(&pr));
	ok(s && strstr(s, "\"cmdline\":\"qemu ?? bad utf-8\""),
	   "bytes that are not UTF-8 do not lose the record");
	free(s);
	return tap_done();
}
