// SPDX-License-Identifier: MIT
/*
 * xs-test-tool: reaches library internals for the test suite, one
 * subcommand per job (git's t/helper/test-tool).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xenscope/core/json.h"
#include "xenscope/core/pageinfo.h"
#include "xenscope/target/procscan.h"
#include "xenscope/snap/snap.h"
#include "xenscope/target/target.h"

#include "explain-dump.h"
#include "gdbdump.h"
#include "model.h"
#include "p2msnap.h"

static json_t *load_json(const char *path)
{
	json_error_t e;
	json_t *j = strcmp(path, "-") ? json_load_file(path, 0, &e) : json_loadf(stdin, 0, &e);

	if (!j)
		xs_error(-EINVAL, "%s:%d: %s", path, e.line, e.text);
	return j;
}

/* A model from the JSON description at @path. */
static int load_model(const char *path, struct model *m)
{
	json_t *spec = load_json(path);
	int err;

	if (!spec)
		return -EINVAL;
	err = model_from_json(m, spec);
	json_decref(spec);
	return err;
}

/* mksnap SPEC.json OUT: a snapshot from a readable description. */
static int cmd_mksnap(int argc, char **argv)
{
	struct model m = { 0 };
	int err;

	if (argc != 3)
		return xs_error(-EINVAL, "usage: mksnap SPEC.json OUT");
	err = load_model(argv[1], &m);
	if (!err)
		err = model_write(&m, argv[2]);
	model_release(&m);
	return err;
}

/* dumpsnap TARGET: everything a target holds, as spec JSON. */
static int cmd_dumpsnap(int argc, char **argv)
{
	struct model m = { 0 };
	struct xs_target *t;
	int err;

	if (argc != 2)
		return xs_error(-EINVAL, "usage: dumpsnap TARGET");
	err = xs_target_open(argv[1], &t);
	if (err)
		return err;
	err = model_from_target(&m, t);
	if (!err)
		err = xs_json_print(model_to_json(&m), stdout);
	model_release(&m);
	xs_target_close(t);
	return err;
}

/* normspec SPEC.json: the spec as dumpsnap would print it. */
static int cmd_normspec(int argc, char **argv)
{
	struct model m = { 0 };
	int err;

	if (argc != 2)
		return xs_error(-EINVAL, "usage: normspec SPEC.json");
	err = load_model(argv[1], &m);
	if (!err)
		err = xs_json_print(model_to_json(&m), stdout);
	model_release(&m);
	return err;
}

/* decode CAF TAF: page words under the Xen 4.17 layout. */
static int cmd_decode(int argc, char **argv)
{
	struct xenscope_info l = { 0 };
	char buf[XS_PAGEINFO_STRLEN];
	uint64_t caf, taf;

	if (argc != 3 || xs_parse_u64(argv[1], &caf) || xs_parse_u64(argv[2], &taf))
		return xs_error(-EINVAL, "usage: decode CAF TAF (hex with 0x)");
	xs_layout_default_417(&l);
	printf("%s\n", xs_pageinfo_format(&l, caf, taf, buf, sizeof(buf)));
	return 0;
}

/* spec STRING: how a target string parses. */
static int cmd_spec(int argc, char **argv)
{
	struct xs_target_spec s;

	if (argc != 2)
		return xs_error(-EINVAL, "usage: spec STRING");
	if (xs_target_spec_parse(argv[1], &s)) {
		printf("invalid\n");
		return 0;
	}
	if (s.kind == XS_TARGET_XEN)
		printf("xen\n");
	else
		printf("snap %s\n", s.path);
	return 0;
}

/* procscan ROOT: processes holding Xen devices under a /proc tree. */
static int cmd_procscan(int argc, char **argv)
{
	struct xs_procs p = { 0 };
	json_t *a;
	int err;

	if (argc != 2)
		return xs_error(-EINVAL, "usage: procscan ROOT");
	err = xs_procs_scan(argv[1], &p);
	a = json_array();
	for (size_t i = 0; !err && i < p.nr; i++)
		json_array_append_new(a, xs_json_proc(&p.v[i]));
	if (!err)
		err = xs_json_print(a, stdout);
	else
		json_decref(a);
	xs_procs_release(&p);
	return err;
}

/* jsoncheck FILE|-: exit 0 when the input is one valid JSON document. */
static int cmd_jsoncheck(int argc, char **argv)
{
	json_t *j;

	if (argc != 2)
		return xs_error(-EINVAL, "usage: jsoncheck FILE|-");
	j = load_json(argv[1]);
	if (!j)
		return -EINVAL;
	json_decref(j);
	return 0;
}

/* Read everything from target @t, then close it; 0 if it all worked. */
static int read_target(struct xs_target *t)
{
	struct model m = { 0 };
	int err = model_from_target(&m, t);

	model_release(&m);
	xs_target_close(t);
	return err;
}

/* Try to read everything from @path as a snapshot; 0 if it all worked. */
static int read_all(const char *path)
{
	struct xs_target *t;
	int err = xs_target_open(path, &t);

	return err ? err : read_target(t);
}

/*
 * The same from the first @len bytes at @data, in memory, as a fuzzer hands
 * them over: copied to a buffer of exactly @len bytes so that the sanitizer
 * catches a read past the end.
 */
static int read_mem(const unsigned char *data, size_t len)
{
	unsigned char *exact = malloc(len ? len : 1);
	struct xs_target *t;
	int err;

	if (!exact)
		return -ENOMEM;
	memcpy(exact, data, len);
	err = xs_snap_open_mem(exact, len, "variant", &t);
	if (!err)
		err = read_target(t);
	free(exact);
	return err;
}

static void count_line(enum xs_level level, const char *line, void *ctx)
{
	++*(size_t *)ctx;
}

/*
 * snapfuzz SNAP: every truncation and every single-bit flip of SNAP must be
 * refused.  Prints how many variants were accepted; exit 0 only for none.
 */
static int cmd_snapfuzz(int argc, char **argv)
{
	unsigned char *data, *copy;
	size_t len, accepted = 0, tried = 0;
	struct stat st;
	FILE *f;
	int err;

	if (argc != 2)
		return xs_error(-EINVAL, "usage: snapfuzz SNAP");
	if (stat(argv[1], &st) || !(f = fopen(argv[1], "rb")))
		return xs_error(-errno, "%s: %s", argv[1], strerror(errno));
	len = (size_t)st.st_size;
	data = malloc(len ? len : 1);
	copy = malloc(len ? len : 1);
	if (!data || !copy || fread(data, 1, len, f) != len) {
		fclose(f);
		free(data);
		free(copy);
		return xs_error(-EIO, "cannot read %s", argv[1]);
	}
	fclose(f);
	/* The library's messages would be thousands of lines: count them instead. */
	size_t refusals = 0;

	xs_set_print(count_line, &refusals);
	for (size_t cut = 0; cut < len; cut++, tried++)
		if (!read_mem(data, cut))
			accepted++, fprintf(stdout, "accepted: truncated to %zu bytes\n", cut);
	for (size_t bit = 0; bit < len * 8; bit++, tried++) {
		memcpy(copy, data, len);
		copy[bit / 8] ^= (unsigned char)(1U << (bit % 8));
		if (!read_mem(copy, len))
			accepted++, fprintf(stdout, "accepted: bit %zu flipped\n", bit);
	}
	xs_set_print(NULL, NULL);
	err = read_all(argv[1]);
	printf("%zu variants tried, %zu accepted, original %s\n", tried, accepted,
	       err ? "refused" : "read");
	free(data);
	free(copy);
	return accepted || err ? -EINVAL : 0;
}

/*
 * mkbig PAGES OUT: a synthetic snapshot of dying domain 1 with PAGES pages,
 * 1 in 100 still held by a foreign mapping of dom0 (for bench/).
 */
static int cmd_mkbig(int argc, char **argv)
{
	struct xs_domain d = { .domid = 1, .flags = XS_DOM_DYING, .max_pages = 0 };
	struct xenscope_info info = { .interface_version = XENSCOPE_INTERFACE_VERSION,
				      .xen_major = 4,
				      .xen_minor = 17 };
	struct xenscope_page p[1024];
	struct xenscope_ref r = { .kind = XENSCOPE_REF_P2M_FOREIGN, .general = 1 };
	struct xs_snap_writer *w;
	uint64_t n;
	int err;

	if (argc != 3 || xs_parse_u64(argv[1], &n))
		return xs_error(-EINVAL, "usage: mkbig PAGES OUT");
	xs_layout_default_417(&info);
	err = xs_snap_writer_new(&w);
	if (err)
		return err;
	d.tot_pages = d.max_pages = n;
	snprintf(d.name, sizeof(d.name), "(null)");
	err = xs_snap_writer_set_info(w, &info);
	if (!err)
		err = xs_snap_writer_add_domain(w, &d);
	for (uint64_t i = 0; !err && i < n; i += XS_ARRAY_SIZE(p)) {
		size_t k;

		for (k = 0; k < XS_ARRAY_SIZE(p) && i + k < n; k++) {
			bool held = (i + k) % 100 == 0;

			p[k] = (struct xenscope_page){ .mfn = 0x100000 + i + k,
						       .gfn = i + k,
						       .count_info = held,
						       .type_info = 0xe400000000000000ULL,
						       .owner = 1,
						       .flags = XENSCOPE_PAGE_GFN_VALID };
			r.mfn = p[k].mfn;
			if (held)
				err = err ? err : xs_snap_writer_add_refs(w, 1, &r, 1);
		}
		if (!err)
			err = xs_snap_writer_add_pages(w, 1, p, k);
	}
	if (!err)
		err = xs_snap_write(w, argv[2]);
	xs_snap_writer_free(w);
	return err;
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} cmds[] = {
	{ "mksnap", cmd_mksnap },	{ "dumpsnap", cmd_dumpsnap },
	{ "normspec", cmd_normspec },	{ "decode", cmd_decode },
	{ "spec", cmd_spec },		{ "procscan", cmd_procscan },
	{ "jsoncheck", cmd_jsoncheck }, { "mkbig", cmd_mkbig },
	{ "snapfuzz", cmd_snapfuzz },	{ "mkgdbdump", cmd_mkgdbdump },
	{ "gdbpkt", cmd_gdbpkt },	{ "gdbnoise", cmd_gdbnoise },
	{ "gdbfill", cmd_gdbfill },	{ "mkp2msnap", cmd_mkp2msnap },
	{ "mkshadows", cmd_mkshadows }, { "explain", cmd_explain },
};

int main(int argc, char **argv)
{
	xs_set_prog(argv[0]);
	if (argc >= 2)
		for (size_t i = 0; i < XS_ARRAY_SIZE(cmds); i++)
			if (!strcmp(argv[1], cmds[i].name))
				return cmds[i].fn(argc - 1, argv + 1) ? 1 : 0;
	fprintf(stderr, "usage: xs-test-tool COMMAND ARGS...\ncommands:");
	for (size_t i = 0; i < XS_ARRAY_SIZE(cmds); i++)
		fprintf(stderr, " %s", cmds[i].name);
	fputc('\n', stderr);
	return 2;
}
