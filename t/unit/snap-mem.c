// SPDX-License-Identifier: MIT
/*
 * xs_snap_open_mem(): the same bytes opened from a file and from memory
 * give the same target, and damaged bytes are refused with the same words.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xenscope/snap/snap.h"
#include "xenscope/target/target.h"

#include "../tap.h"

#define NR_PAGES 300

/* Everything a tool can read from a snapshot target, flattened. */
struct seen {
	struct xenscope_info info;
	struct xs_domains doms;
	struct xenscope_page pages[NR_PAGES + 1];
	struct xenscope_ref refs[NR_PAGES + 1];
	size_t nr_pages, nr_refs, nr_procs;
	const void *blob;
	size_t blob_len;
};

static int keep_pages(const struct xenscope_page *p, size_t nr, void *arg)
{
	struct seen *s = arg;

	if (s->nr_pages + nr > NR_PAGES)
		return -E2BIG;
	memcpy(s->pages + s->nr_pages, p, nr * sizeof(*p));
	s->nr_pages += nr;
	return 0;
}

static int keep_refs(const struct xenscope_ref *r, size_t nr, void *arg)
{
	struct seen *s = arg;

	if (s->nr_refs + nr > NR_PAGES)
		return -E2BIG;
	memcpy(s->refs + s->nr_refs, r, nr * sizeof(*r));
	s->nr_refs += nr;
	return 0;
}

static int read_target(struct xs_target *t, struct seen *s)
{
	struct xs_procs procs = { 0 };
	int err = xs_target_info(t, &s->info);

	if (!err)
		err = xs_target_domains(t, &s->doms);
	if (!err)
		err = xs_target_pages(t, 3, keep_pages, s);
	if (!err)
		err = xs_target_refs(t, 3, keep_refs, s);
	if (!err)
		err = xs_target_procs(t, &procs);
	s->nr_procs = procs.nr;
	xs_procs_release(&procs);
	if (!err)
		err = xs_snap_blob(t, XS_SNAP_TRACE, 3, &s->blob, &s->blob_len);
	return err;
}

static int write_snapshot(const char *path)
{
	struct xenscope_info info = { .interface_version = XENSCOPE_INTERFACE_VERSION,
				      .xen_major = 4,
				      .xen_minor = 17 };
	struct xs_domain d = { .domid = 3, .flags = XS_DOM_DYING, .tot_pages = NR_PAGES };
	static char comm[] = "qemu", cmdline[] = "qemu -xen-domid 3";
	struct xs_proc p = { .pid = 42, .xen_domid = 3, .comm = comm, .cmdline = cmdline };
	static struct xenscope_page pages[NR_PAGES];
	static struct xenscope_ref refs[NR_PAGES];
	static const char trace[] = "opaque trace bytes";
	struct xs_snap_writer *w;
	int err;

	strcpy(d.name, "zombie");
	for (size_t i = 0; i < NR_PAGES; i++) {
		pages[i] = (struct xenscope_page){ .mfn = 0x1000 + i, .owner = 3 };
		refs[i] = (struct xenscope_ref){ .mfn = 0x1000 + i,
						 .kind = XENSCOPE_REF_P2M_FOREIGN,
						 .general = 1 };
	}
	err = xs_snap_writer_new(&w);
	if (err)
		return err;
	xs_snap_writer_set_time(w, 1700000000);
	err = xs_snap_writer_set_info(w, &info);
	if (!err)
		err = xs_snap_writer_add_domain(w, &d);
	if (!err)
		err = xs_snap_writer_add_pages(w, 3, pages, NR_PAGES);
	if (!err)
		err = xs_snap_writer_add_refs(w, 3, refs, NR_PAGES);
	if (!err)
		err = xs_snap_writer_add_proc(w, &p);
	xs_snap_writer_have_procs(w);
	if (!err)
		err = xs_snap_writer_add_blob(w, XS_SNAP_TRACE, 3, trace, sizeof(trace));
	if (!err)
		err = xs_snap_write(w, path);
	xs_snap_writer_free(w);
	return err;
}

static unsigned char *slurp(const char *path, size_t *len)
{
	struct stat st;
	unsigned char *buf;
	FILE *f = fopen(path, "rb");

	if (!f || fstat(fileno(f), &st)) {
		if (f)
			fclose(f);
		return NULL;
	}
	*len = (size_t)st.st_size;
	buf = malloc(*len);
	if (buf && fread(buf, 1, *len, f) != *len) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static void last_line(enum xs_level level, const char *line, void *ctx)
{
	snprintf(ctx, 512, "%s", line);
}

int main(void)
{
	char dir[] = "/tmp/xs-unit-snap-mem.XXXXXX", path[64], said_file[512], said_mem[512];
	static struct seen f, m;
	struct xs_target *tf = NULL, *tm = NULL;
	unsigned char *bytes = NULL;
	size_t len = 0;
	char *at;
	int ef, em;

	tap_plan(12);
	if (!mkdtemp(dir)) {
		ok(false, "a scratch directory");
		return tap_done();
	}
	snprintf(path, sizeof(path), "%s/s.xs", dir);
	is_int(write_snapshot(path), 0, "a snapshot written to a file");
	bytes = slurp(path, &len);
	ok(bytes && len > 0, "its bytes read back into memory");
	if (!bytes)
		return tap_done();

	is_int(xs_target_open(path, &tf), 0, "opened from the file");
	is_int(xs_snap_open_mem(bytes, len, NULL, &tm), 0, "the same bytes opened from memory");
	if (!tf || !tm)
		return tap_done();
	is_str(xs_target_name(tm), "snapshot in memory", "a memory snapshot's name for messages");
	is_int(read_target(tf, &f), 0, "everything read from the file target");
	is_int(read_target(tm, &m), 0, "everything read from the memory target");
	ok(!memcmp(&f.info, &m.info, sizeof(f.info)) && f.doms.nr == 1 && m.doms.nr == 1 &&
		   !memcmp(f.doms.v, m.doms.v, sizeof(*f.doms.v)) &&
		   !strcmp(m.doms.v[0].name, "zombie"),
	   "the same hypervisor information and domains");
	ok(f.nr_pages == NR_PAGES && m.nr_pages == NR_PAGES && f.nr_refs == NR_PAGES &&
		   m.nr_refs == NR_PAGES && !memcmp(f.pages, m.pages, sizeof(f.pages)) &&
		   !memcmp(f.refs, m.refs, sizeof(f.refs)) && f.nr_procs == 1 && m.nr_procs == 1,
	   "the same page and reference records, record for record, and processes");
	ok(m.blob_len == f.blob_len && f.blob_len && !memcmp(f.blob, m.blob, f.blob_len) &&
		   (const unsigned char *)m.blob >= bytes &&
		   (const unsigned char *)m.blob < bytes + len,
	   "the same blob, read in place from the caller's buffer (a target op)");
	xs_domains_release(&f.doms);
	xs_domains_release(&m.doms);
	xs_target_close(tf);
	xs_target_close(tm);

	/* One byte changed in the middle: both refuse it, in the same words. */
	bytes[len / 2] ^= 0x40;
	xs_set_print(last_line, said_file);
	{
		FILE *out = fopen(path, "wb");

		if (out) {
			fwrite(bytes, 1, len, out);
			fclose(out);
		}
	}
	ef = xs_target_open(path, &tf);
	xs_set_print(last_line, said_mem);
	em = xs_snap_open_mem(bytes, len, path, &tm);
	xs_set_print(NULL, NULL);
	ok(ef == -EINVAL && em == -EINVAL, "a damaged snapshot is refused both ways (%d, %d)", ef,
	   em);
	at = strstr(said_file, path);
	ok(at && !strcmp(said_file, said_mem), "with the same message: '%s' / '%s'", said_file,
	   said_mem);
	free(bytes);
	unlink(path);
	rmdir(dir);
	return tap_done();
}
