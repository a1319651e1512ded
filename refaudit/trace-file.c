// SPDX-License-Identifier: MIT
/* The trace --arm recorded or --history reads: from a file or a snapshot. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/snap/snap.h"

#include "trace.h"

int refaudit_trace_load(const char *path, char **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t alloc = 0, n;

	*buf = NULL;
	*len = 0;
	if (!f)
		return xs_error(-errno, "cannot open the trace %s: %s", path, strerror(errno));
	do {
		if (xs_array_grow(*buf, alloc, *len + 65536)) {
			fclose(f);
			free(*buf);
			return xs_error(-ENOMEM, "out of memory");
		}
		n = fread(*buf + *len, 1, alloc - *len, f);
		*len += n;
	} while (n);
	if (ferror(f)) {
		fclose(f);
		free(*buf);
		return xs_error(-EIO, "cannot read the trace %s", path);
	}
	fclose(f);
	return 0;
}
