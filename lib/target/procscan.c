// SPDX-License-Identifier: MIT
/*
 * dom0 processes holding Xen devices, found the way an operator would:
 * /proc/PID/fd symlinks and /proc/PID/maps lines naming /dev/xen/...
 * A mapping can outlive its file descriptor (qemu closes privcmd after
 * mapping), so both are counted.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xenscope/core/buf.h"
#include "xenscope/target/procscan.h"

static const char *const dev_paths[XS_DEV_NR] = {
	[XS_DEV_PRIVCMD] = "/dev/xen/privcmd",
	[XS_DEV_GNTDEV] = "/dev/xen/gntdev",
	[XS_DEV_GNTALLOC] = "/dev/xen/gntalloc",
};

static int dev_index(const char *path)
{
	for (int i = 0; i < XS_DEV_NR; i++)
		if (!strcmp(path, dev_paths[i]))
			return i;
	return -1;
}

/* Read a small /proc file whole; -errno if it cannot be opened. */
static int read_file(int dirfd, const char *name, struct xs_buf *out)
{
	char chunk[4096];
	ssize_t n;
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
	int err = 0;

	if (fd < 0)
		return -errno;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0) {
		err = xs_buf_add(out, chunk, (size_t)n);
		if (err)
			break;
	}
	if (n < 0 && !err)
		err = -errno;
	close(fd);
	return err;
}

static void count_fds(int piddir, struct xs_proc *p)
{
	int fd = openat(piddir, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct dirent *de;
	DIR *d;

	if (fd < 0)
		return;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	while ((de = readdir(d))) {
		char target[256];
		ssize_t n = readlinkat(dirfd(d), de->d_name, target, sizeof(target) - 1);
		int i;

		if (n <= 0)
			continue;
		target[n] = '\0';
		i = dev_index(target);
		if (i >= 0)
			p->fds[i]++;
	}
	closedir(d);
}

void xs_proc_parse_maps(char *text, struct xs_proc *p)
{
	char *line, *save = NULL;

	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		/* start-end perms offset dev inode pathname */
		unsigned long long start = 0, end = 0;
		int off = -1, i;

		if (sscanf(line, "%llx-%llx %*s %*s %*s %*s %n", &start, &end, &off) < 2 || off < 0)
			continue;
		i = dev_index(line + off);
		if (i < 0)
			continue;
		p->maps[i]++;
		/* The span bounds how many guest pages the mapping can hold. */
		if (end > start && (end - start) / 4096 < UINT32_MAX - p->map_pages[i])
			p->map_pages[i] += (uint32_t)((end - start) / 4096);
	}
}

static int count_maps(int piddir, struct xs_proc *p)
{
	struct xs_buf maps = XS_BUF_INIT;
	int err = read_file(piddir, "maps", &maps);

	if (err == -ENOMEM)
		return err;
	if (maps.buf)
		xs_proc_parse_maps(maps.buf, p);
	xs_buf_release(&maps);
	return 0;
}

int32_t xs_cmdline_xen_domid(const char *cmdline)
{
	const char *p = cmdline;

	while (p && *p) {
		const char *arg = p, *end = strchr(p, ' ');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		const char *val = NULL;
		uint64_t v;
		char num[16];

		p = end ? end + 1 : NULL;
		if (*arg == '-' && arg[1] == '-') /* qemu takes -opt and --opt */
			arg++, len--;
		if (len == 11 && !strncmp(arg, "-xen-domid", 10) && arg[10] == '=')
			continue; /* "-xen-domid=" with nothing after it */
		if (len > 11 && !strncmp(arg, "-xen-domid=", 11)) {
			val = arg + 11;
			len -= 11;
		} else if (len == 10 && !strncmp(arg, "-xen-domid", 10) && p) {
			val = p;
			end = strchr(p, ' ');
			len = end ? (size_t)(end - p) : strlen(p);
		}
		if (!val || len >= sizeof(num))
			continue;
		memcpy(num, val, len);
		num[len] = '\0';
		if (!xs_parse_u64(num, &v) && v < 0x7ff0)
			return (int32_t)v;
	}
	return -1;
}

/* comm and cmdline; NULs between arguments become spaces. */
static int read_names(int piddir, struct xs_proc *p, struct xs_buf *comm, struct xs_buf *cmd)
{
	int err;

	err = read_file(piddir, "comm", comm);
	if (err == -ENOMEM)
		return err;
	while (comm->len && comm->buf[comm->len - 1] == '\n')
		comm->buf[--comm->len] = '\0';
	err = read_file(piddir, "cmdline", cmd);
	if (err == -ENOMEM)
		return err;
	while (cmd->len && cmd->buf[cmd->len - 1] == '\0')
		cmd->len--;
	for (size_t i = 0; i < cmd->len; i++)
		if (cmd->buf[i] == '\0')
			cmd->buf[i] = ' ';
	if (cmd->alloc)
		cmd->buf[cmd->len] = '\0';
	p->comm = comm->buf;
	p->cmdline = cmd->buf;
	p->xen_domid = xs_cmdline_xen_domid(cmd->buf);
	return 0;
}

static int scan_pid(int rootfd, const char *pid, struct xs_procs *out)
{
	struct xs_buf comm = XS_BUF_INIT, cmd = XS_BUF_INIT;
	struct xs_proc p = { .pid = atoi(pid), .xen_domid = -1 };
	bool holds = false;
	int err = 0;
	int dir = openat(rootfd, pid, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (dir < 0)
		return 0; /* gone already */
	count_fds(dir, &p);
	err = count_maps(dir, &p);
	if (err)
		goto out_close;
	for (int i = 0; i < XS_DEV_NR; i++)
		holds |= p.fds[i] || p.maps[i];
	if (!holds)
		goto out_close;
	err = read_names(dir, &p, &comm, &cmd);
	if (!err)
		err = xs_procs_add(out, &p);
	xs_buf_release(&comm);
	xs_buf_release(&cmd);
out_close:
	close(dir);
	return err;
}

static int cmp_pid(const void *a, const void *b)
{
	const struct xs_proc *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

int xs_procs_scan(const char *proc_root, struct xs_procs *out)
{
	struct dirent *de;
	DIR *d = opendir(proc_root);
	int err = 0;

	if (!d)
		return xs_error(-errno, "cannot read %s: %s", proc_root, strerror(errno));
	while ((de = readdir(d))) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		err = scan_pid(dirfd(d), de->d_name, out);
		if (err) {
			err = xs_error(err, "scanning %s: out of memory", proc_root);
			break;
		}
	}
	closedir(d);
	if (out->nr)
		qsort(out->v, out->nr, sizeof(*out->v), cmp_pid);
	return err;
}
