// SPDX-License-Identifier: MIT
/*
 * --format DEFS: xentrace_format's output for scripts built on it.  DEFS is
 * xentrace_format's definitions file (tools/xentrace/formats in Xen's
 * source): "EVENT FORMAT" per line, FORMAT a Python %-format with the keys
 * cpu, tsc, event, reltsc (TSC since the CPU's previous record) and 1-7
 * (the data words), conversions d, x, X, o, with flags and width.  Event 0's
 * line is used for events without one.  As xentrace_format does, the
 * argument bits of hypercall records are masked off word 1; unlike it,
 * records come in time order across CPUs, and CPU change records, which
 * only frame the file, are not printed.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "report-int.h"

struct def {
	uint32_t event;
	char *fmt;
};

struct xs_trace_format {
	struct def *d;
	size_t nr, alloc;
	const char *fallback;
	uint64_t *last_tsc;
	size_t nr_cpu;
};

static int cmp_def(const void *a, const void *b)
{
	const struct def *x = a, *y = b;

	return x->event < y->event ? -1 : x->event > y->event;
}

int xs_trace_format_load(const char *path, struct xs_trace_format **out)
{
	FILE *f = fopen(path, "r");
	struct xs_trace_format *fm;
	char line[1024];
	int err = 0;

	*out = NULL;
	if (!f)
		return xs_error(-errno, "cannot open %s: %s", path, strerror(errno));
	fm = calloc(1, sizeof(*fm));
	if (!fm) {
		fclose(f);
		return xs_error(-ENOMEM, "out of memory");
	}
	for (unsigned int n = 1; !err && fgets(line, sizeof(line), f); n++) {
		char *p = line, *end;
		unsigned long long ev;

		line[strcspn(line, "\n")] = 0;
		if (*p == '#' || !*p)
			continue;
		ev = strtoull(p, &end, 0);
		if (end == p || (*end != ' ' && *end != '\t')) {
			err = xs_error(-EINVAL, "%s:%u: bad format line", path, n);
			break;
		}
		end += strspn(end, " \t");
		if (xs_array_grow(fm->d, fm->alloc, fm->nr + 1) || !(p = strdup(end))) {
			err = xs_error(-ENOMEM, "out of memory");
			break;
		}
		fm->d[fm->nr++] = (struct def){ (uint32_t)ev, p };
	}
	fclose(f);
	if (err) {
		xs_trace_format_free(fm);
		return err;
	}
	qsort(fm->d, fm->nr, sizeof(*fm->d), cmp_def);
	if (fm->nr && fm->d[0].event == 0)
		fm->fallback = fm->d[0].fmt;
	*out = fm;
	return 0;
}

void xs_trace_format_free(struct xs_trace_format *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->nr; i++)
		free(f->d[i].fmt);
	free(f->d);
	free(f->last_tsc);
	free(f);
}

static const char *find(const struct xs_trace_format *f, uint32_t event)
{
	struct def key = { event, NULL }, *d = bsearch(&key, f->d, f->nr, sizeof(*f->d), cmp_def);

	return d ? d->fmt : f->fallback;
}

/* One %(key)spec conversion; returns the character after it. */
static const char *conv(FILE *out, const char *p, const uint64_t *vals)
{
	static const char *const keys[] = { "cpu", "tsc", "event", "reltsc", "1", "2",
					    "3",   "4",	  "5",	   "6",	     "7" };
	const char *close = strchr(p, ')');
	char spec[32] = "%";
	size_t klen, n = 1;
	int k = -1;

	if (!close)
		return fputs(p, out), p + strlen(p);
	klen = (size_t)(close - p - 2);
	for (size_t i = 0; i < XS_ARRAY_SIZE(keys); i++)
		if (strlen(keys[i]) == klen && !strncmp(p + 2, keys[i], klen))
			k = (int)i;
	p = close + 1;
	while (*p && strchr("#0- +", *p) && n < 8)
		spec[n++] = *p++;
	while (*p >= '0' && *p <= '9' && n < 20)
		spec[n++] = *p++;
	if (!*p || !strchr("dixXo", *p) || k < 0) {
		fputs("?", out);
		return *p ? p + 1 : p;
	}
	memcpy(spec + n, "ll", 2);
	n += 2;
	spec[n++] = *p == 'i' ? 'd' : *p == 'd' ? 'u' : *p;
	spec[n] = 0;
	/* The spec is built from a fixed set of characters above. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	fprintf(out, spec, (unsigned long long)vals[k]);
#pragma GCC diagnostic pop
	return p + 1;
}

void xs_trace_format_print(FILE *out, struct xs_trace_format *f, const struct xs_trace_rec *r)
{
	const char *fmt = find(f, r->event);
	uint64_t vals[11] = { r->cpu, r->tsc, r->event, 0 };

	if (r->cpu >= f->nr_cpu) {
		size_t n = r->cpu + 8;
		uint64_t *v = realloc(f->last_tsc, n * sizeof(*v));

		if (!v)
			return;
		memset(v + f->nr_cpu, 0, (n - f->nr_cpu) * sizeof(*v));
		f->last_tsc = v;
		f->nr_cpu = n;
	}
	if (r->has_tsc) {
		if (f->last_tsc[r->cpu])
			vals[3] = r->tsc - f->last_tsc[r->cpu];
		f->last_tsc[r->cpu] = r->tsc;
	} else {
		vals[1] = 0; /* as xentrace_format: no TSC, 0 */
	}
	for (uint32_t i = 0; i < r->nr; i++)
		vals[4 + i] = r->data[i];
	if ((r->event & ~0x100U) == 0x0020100d || (r->event & ~0x100U) == 0x0020200e)
		vals[4] &= 0x000fffff;
	if (!fmt)
		return;
	for (const char *p = fmt; *p;) {
		if (p[0] == '%' && p[1] == '(') {
			p = conv(out, p, vals);
		} else if (p[0] == '%' && p[1] == '%') {
			putc('%', out);
			p += 2;
		} else {
			putc(*p++, out);
		}
	}
	putc('\n', out);
}
