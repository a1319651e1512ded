// SPDX-License-Identifier: MIT
/* Growing arrays and parsing numbers: what every list needs. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/core/common.h"

int xs_array_grow_(void *pv, size_t *alloc, size_t need, size_t size)
{
	void *v, *nv;
	size_t n;

	if (need <= *alloc)
		return 0;
	/* Grow by half again so appends stay amortised O(1). */
	n = *alloc + *alloc / 2 + 16;
	if (n < need)
		n = need;
	if (size && n > SIZE_MAX / size)
		return -ENOMEM;
	/* pv is a pointer to some T *; copy the pointer bytes, not alias it. */
	memcpy(&v, pv, sizeof(v));
	nv = realloc(v, n * size);
	if (!nv)
		return -ENOMEM;
	memcpy(pv, &nv, sizeof(nv));
	*alloc = n;
	return 0;
}

int xs_parse_u64(const char *s, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end)
		return -EINVAL;
	*out = v;
	return 0;
}
