// SPDX-License-Identifier: MIT
/* --cow: dom_cow's pages, every shared page of the host with its sharers. */
#include <errno.h>

#include "xenscope/core/buf.h"
#include "xenscope/core/common.h"
#include "xenscope/core/json.h"
#include "xenscope/sharing/json.h"

#include "refaudit.h"

static int show_json(struct xs_target *t, const struct xs_sharing *s, int status,
		     const char *verdict)
{
	json_t *doc = json_pack("{s:i s:o s:i s:o s:o}", "version", 1, "target",
				refaudit_jstr(xs_target_name(t)), "status", status, "verdict",
				refaudit_jstr(verdict), "shared", xs_sharing_json(s));

	if (!doc)
		return xs_error(-ENOMEM, "cannot build the JSON output");
	return xs_json_print(doc, stdout);
}

int refaudit_cow(struct xs_target *t, const struct opts *o)
{
	struct xs_sharing s = { 0 };
	struct xs_buf v = XS_BUF_INIT;
	int ret = XS_EXIT_TARGET;

	if (xs_sharing_read(t, XENSCOPE_DOMID_COW, &s))
		goto out_release;
	if (!s.available) {
		xs_error(-EOPNOTSUPP, "%s: %s", xs_target_name(t), xs_sharing_unavailable());
		goto out_release;
	}
	ret = xs_sharing_status(&s);
	if (xs_sharing_summary(&s, &v)) {
		ret = XS_EXIT_TARGET;
		goto out_release;
	}
	if (o->json) {
		if (show_json(t, &s, ret, v.buf))
			ret = XS_EXIT_TARGET;
	} else {
		refaudit_show_shared(&s, o->pages);
	}
out_release:
	xs_buf_release(&v);
	xs_sharing_release(&s);
	return ret;
}
