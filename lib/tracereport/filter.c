// SPDX-License-Identifier: MIT
/*
 * --filter dom=D,vcpu=V,class=C,event=NAME|ID: every key given must match;
 * class!=C (any number of them) leaves a class out.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "report-int.h"

static int set_u16(const char *key, const char *v, uint16_t *out, bool *set)
{
	uint64_t n;

	if (xs_parse_u64(v, &n) || n > 0xffff)
		return xs_error(-EINVAL, "--filter: bad %s '%s'", key, v);
	*out = (uint16_t)n;
	*set = true;
	return 0;
}

int xs_trace_filter_parse(struct xs_trace_filter *f, const char *arg)
{
	char *copy = strdup(arg), *save = NULL;
	int err = copy ? 0 : xs_error(-ENOMEM, "out of memory");

	for (char *kv = copy ? strtok_r(copy, ",", &save) : NULL; !err && kv;
	     kv = strtok_r(NULL, ",", &save)) {
		char *v = strchr(kv, '=');
		uint64_t id;

		if (!v) {
			err = xs_error(-EINVAL, "--filter: '%s' is not KEY=VALUE", kv);
			break;
		}
		if (v > kv && v[-1] == '!' && !strncmp(kv, "class!", 6)) {
			int c = xs_trace_class_parse(v + 1);

			if (c < 0)
				err = xs_error(-EINVAL, "--filter: unknown class '%s'", v + 1);
			else
				f->not_cls |= 1U << c;
			continue;
		}
		*v++ = 0;
		if (!strcmp(kv, "dom"))
			err = set_u16(kv, v, &f->dom, &f->dom_set);
		else if (!strcmp(kv, "vcpu"))
			err = set_u16(kv, v, &f->vcpu, &f->vcpu_set);
		else if (!strcmp(kv, "class")) {
			f->cls = xs_trace_class_parse(v);
			if (f->cls < 0)
				err = xs_error(-EINVAL, "--filter: unknown class '%s'", v);
		} else if (!strcmp(kv, "event")) {
			if (!xs_parse_u64(v, &id) && id <= 0x0fffffff) {
				f->event_id = (uint32_t)id;
				f->event_is_id = true;
			} else {
				/* Kept: the option's argument lives as long as argv. */
				f->event = arg + (v - copy);
				f->event_is_id = false;
			}
		} else {
			err = xs_error(-EINVAL,
				       "--filter: unknown key '%s' (dom, vcpu, class, "
				       "event)",
				       kv);
		}
	}
	free(copy);
	return err;
}

/* Length of the event name in the filter (it ends at ',' or the end). */
static bool name_is(const char *want, const char *name)
{
	size_t n = strcspn(want, ",");

	return strlen(name) == n && !strncmp(want, name, n);
}

bool xs_trace_filter_any(const struct xs_trace_filter *f)
{
	return f->dom_set || f->vcpu_set || f->cls >= 0 || f->not_cls || f->event || f->event_is_id;
}

bool xs_trace_filter_match(const struct xs_trace_filter *f, const struct xs_trace_event *ev)
{
	if (f->dom_set && ev->dom != f->dom)
		return false;
	if (f->vcpu_set && ev->vcpu != f->vcpu)
		return false;
	if (f->cls >= 0 && (int)ev->cls != f->cls)
		return false;
	if (f->not_cls & (1U << ev->cls))
		return false;
	if (f->event_is_id && ev->rec->event != f->event_id)
		return false;
	if (f->event && !name_is(f->event, ev->name))
		return false;
	return true;
}
