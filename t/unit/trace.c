// SPDX-License-Identifier: MIT
/*
 * Trace files for tests, and the decoder seen from outside:
 *
 *   trace mk <TEXT >FILE        write a trace file in xentrace's format from
 *                               readable lines (below)
 *   trace dump FILE             one line per record, then the counts
 *   trace history FILE DOMID    unbalanced gets per page (4.17 layout)
 *   trace records [--spans] FILE|-
 *                               the streaming reader in file order: a digest
 *                               of every record and the reader's counts, read
 *                               one by one or in place (t/helper/trace-span.h)
 *
 * Input of mk, one item per line, '#' comments:
 *   cpu N                       start a window of CPU N (a CPU change record)
 *   rec EVENT [tsc=T] WORD...   a record; WORD is a 32-bit number, or q:N for
 *                               a 64-bit one written as two words, low first
 *   raw WORD...                 32-bit words outside any window (damage)
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/core/pageinfo.h"
#include "xenscope/trace/trace.h"

#include "../helper/trace-span.h"

struct out {
	uint32_t *w;
	size_t nr, alloc;
	size_t window; /* index of the open window's size word, 0: none */
};

static int put(struct out *o, uint32_t v)
{
	if (xs_array_grow(o->w, o->alloc, o->nr + 1))
		return -ENOMEM;
	o->w[o->nr++] = v;
	return 0;
}

static void close_window(struct out *o)
{
	if (o->window)
		o->w[o->window] = (uint32_t)((o->nr - o->window - 1) * 4);
	o->window = 0;
}

static int mk_record(struct out *o, char *args)
{
	uint32_t words[XS_TRC_EXTRA_MAX * 2], nr = 0;
	uint64_t event, tsc = 0, v;
	bool has_tsc = false;
	char *tok = strtok(args, " \t\n");

	if (!tok || xs_parse_u64(tok, &event))
		return xs_error(-EINVAL, "rec: bad event");
	while ((tok = strtok(NULL, " \t\n"))) {
		if (!strncmp(tok, "tsc=", 4)) {
			if (xs_parse_u64(tok + 4, &tsc))
				return xs_error(-EINVAL, "bad tsc '%s'", tok);
			has_tsc = true;
		} else if (!strncmp(tok, "q:", 2)) {
			if (xs_parse_u64(tok + 2, &v) || nr + 2 > XS_TRC_EXTRA_MAX)
				return xs_error(-EINVAL, "bad word '%s'", tok);
			words[nr++] = (uint32_t)v;
			words[nr++] = (uint32_t)(v >> 32);
		} else {
			if (xs_parse_u64(tok, &v) || v > UINT32_MAX || nr + 1 > XS_TRC_EXTRA_MAX)
				return xs_error(-EINVAL, "bad word '%s'", tok);
			words[nr++] = (uint32_t)v;
		}
	}
	if (put(o, (uint32_t)event | nr << 28 | (has_tsc ? 1U << 31 : 0)))
		return -ENOMEM;
	if (has_tsc && (put(o, (uint32_t)tsc) || put(o, (uint32_t)(tsc >> 32))))
		return -ENOMEM;
	for (uint32_t i = 0; i < nr; i++)
		if (put(o, words[i]))
			return -ENOMEM;
	return 0;
}

static int mk(void)
{
	struct out o = { 0 };
	char line[512];
	int err = 0;

	while (!err && fgets(line, sizeof(line), stdin)) {
		char *p = line + strspn(line, " \t");
		uint64_t cpu;

		if (*p == '#' || *p == '\n' || !*p)
			continue;
		if (!strncmp(p, "cpu ", 4)) {
			close_window(&o);
			err = xs_parse_u64(strtok(p + 4, " \t\n"), &cpu);
			if (!err)
				err = put(&o, XS_TRC_CPU_CHANGE | 2U << 28);
			if (!err)
				err = put(&o, (uint32_t)cpu);
			o.window = o.nr;
			if (!err)
				err = put(&o, 0);
		} else if (!strncmp(p, "raw ", 4)) {
			uint64_t v;

			close_window(&o);
			for (char *t = strtok(p + 4, " \t\n"); !err && t; t = strtok(NULL, " \t\n"))
				err = xs_parse_u64(t, &v) ? xs_error(-EINVAL, "bad raw word '%s'", t)
							  : put(&o, (uint32_t)v);
		} else if (!strncmp(p, "rec ", 4)) {
			err = mk_record(&o, p + 4);
		} else {
			err = xs_error(-EINVAL, "unknown line: %s", p);
		}
	}
	close_window(&o);
	if (!err && fwrite(o.w, 4, o.nr, stdout) != o.nr)
		err = xs_error(-EIO, "write failed");
	free(o.w);
	return err ? 1 : 0;
}

static int load(const char *path, char **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t alloc = 0;

	*buf = NULL;
	*len = 0;
	if (!f)
		return xs_error(-errno, "cannot open %s", path);
	for (;;) {
		if (xs_array_grow(*buf, alloc, *len + 65536)) {
			fclose(f);
			return xs_error(-ENOMEM, "out of memory");
		}
		size_t n = fread(*buf + *len, 1, alloc - *len, f);
		*len += n;
		if (n == 0)
			break;
	}
	fclose(f);
	return 0;
}

static int dump_one(const struct xs_trace_rec *r, void *arg)
{
	const char *name = xs_trace_event_name(r->event);
	char stage[64];

	printf("cpu%u tsc=%" PRIu64 " %#x %s", r->cpu, r->tsc, r->event, name ? name : "-");
	if (r->event == XENSCOPE_TRC_STAGE && r->nr >= 4)
		printf(" d%u %s pages=%u", r->data[0],
		       xs_trace_stage_name(r->data[1], stage, sizeof(stage)), r->data[2]);
	else if (name && r->nr >= 7 && r->event <= XENSCOPE_TRC_TYPE_PUT)
		printf(" d%u mfn=%#" PRIx64 " val=%#" PRIx64 " caller=%#" PRIx64, r->data[6],
		       xs_trace_u64(&r->data[0]), xs_trace_u64(&r->data[2]),
		       xs_trace_u64(&r->data[4]));
	else
		for (uint32_t i = 0; i < r->nr; i++)
			printf(" %#x", r->data[i]);
	putchar('\n');
	return 0;
}

/* trace records [--spans] FILE|-: what the streaming reader gives in file order. */
static int records(int argc, char **argv)
{
	bool spans = argc == 4 && !strcmp(argv[2], "--spans");
	const char *path = argv[argc - 1];
	int fd = strcmp(path, "-") ? open(path, O_RDONLY) : 0, ret;
	struct span_sum s;

	if (fd < 0 || argc != 3 + spans)
		return fprintf(stderr, "usage: trace records [--spans] FILE|-\n"), 2;
	ret = span_read(fd, spans, &s);
	printf("records %" PRIu64 " (reader %" PRIu64 "), digest %016" PRIx64 ", bytes %" PRIu64
	       ", windows %" PRIu64 ", garbage %" PRIu64 ", cut %" PRIu64 ", end %d\n",
	       s.n, s.st.records, s.hash, s.st.bytes, s.st.windows, s.st.garbage, s.st.cut, ret);
	return ret < 0;
}

int main(int argc, char **argv)
{
	struct xs_trace_stats st;
	char *buf = NULL;
	size_t len;
	int err;

	xs_set_prog("trace");
	if (argc == 2 && !strcmp(argv[1], "mk"))
		return mk();
	if (argc >= 3 && !strcmp(argv[1], "records"))
		return records(argc, argv);
	if (argc < 3 || load(argv[2], &buf, &len))
		return fprintf(stderr, "usage: trace mk | dump FILE | history FILE DOMID | records "
				       "[--spans] FILE\n"),
		       2;
	if (!strcmp(argv[1], "dump")) {
		err = xs_trace_walk(buf, len, dump_one, NULL);
		if (!err)
			err = xs_trace_stats(buf, len, &st);
		if (!err)
			printf("records %" PRIu64 ", xenscope %" PRIu64 ", lost %" PRIu64 "\n",
			       st.records, st.ours, st.lost);
	} else if (!strcmp(argv[1], "history") && argc == 4) {
		struct xenscope_info l = { 0 };
		struct xs_trace_history h;

		xs_layout_default_417(&l);
		err = xs_trace_history_build(buf, len, (uint32_t)atoi(argv[3]), &l, &h);
		for (size_t i = 0; !err && i < h.nr_pages; i++) {
			const struct xs_trace_held *p = &h.pages[i];

			printf("mfn %#" PRIx64 " caf %#" PRIx64 "\n", p->mfn, p->count_info);
			for (size_t j = 0; j < p->nr_gets; j++)
				printf("  get tsc=%" PRIu64 " caller=%#" PRIx64 "\n",
				       p->gets[j].tsc, p->gets[j].caller);
			for (size_t j = 0; j < p->nr_type_gets; j++)
				printf("  type_get tsc=%" PRIu64 " caller=%#" PRIx64 "\n",
				       p->type_gets[j].tsc, p->type_gets[j].caller);
		}
		if (!err)
			printf("early puts %" PRIu64 ", stages %zu\n", h.early_puts, h.nr_stages);
		if (!err)
			xs_trace_history_release(&h);
	} else {
		err = xs_error(-EINVAL, "unknown command '%s'", argv[1]);
	}
	free(buf);
	return err ? 1 : 0;
}
