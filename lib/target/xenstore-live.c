// SPDX-License-Identifier: MIT
/*
 * xenstore for the live backend: domain names and dom0's device backends.
 * The one file that includes xenstore.h; libxenctrl is xenctrl-live.c's.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenstore.h>

#include "xenstore-live.h"

struct xs_handle *xs_xenstore_get(struct xs_handle **h)
{
	if (!*h)
		*h = xs_open(XS_OPEN_READONLY);
	if (!*h)
		xs_error(-errno, "cannot connect to xenstore: %s", strerror(errno));
	return *h;
}

void xs_xenstore_close(struct xs_handle *h)
{
	if (h)
		xs_close(h);
}

void xs_xenstore_domain_name(struct xs_handle *h, uint32_t domid, char *name)
{
	char path[64];
	unsigned int len;
	char *v = NULL;

	snprintf(path, sizeof(path), "/local/domain/%u/name", domid);
	if (h)
		v = xs_read(h, XBT_NULL, path, &len);
	/* Dying domains have lost their xenstore entries: xl shows "(null)". */
	snprintf(name, XS_DOMAIN_NAME_MAX, "%s", v ? v : "(null)");
	free(v);
}

static char *read_key(struct xs_handle *h, const char *path)
{
	unsigned int len;

	return xs_read(h, XBT_NULL, path, &len);
}

/* /local/domain/0/backend/TYPE/DOMID/DEV for one TYPE. */
static int backends_of_type(struct xs_handle *h, const char *type, struct xs_backends *out)
{
	char base[256], path[512];
	unsigned int ndom, ndev;
	char **doms, **devs;
	int err = 0;

	snprintf(base, sizeof(base), "/local/domain/0/backend/%s", type);
	doms = xs_directory(h, XBT_NULL, base, &ndom);
	for (unsigned int i = 0; doms && i < ndom && !err; i++) {
		snprintf(path, sizeof(path), "%s/%s", base, doms[i]);
		devs = xs_directory(h, XBT_NULL, path, &ndev);
		for (unsigned int j = 0; devs && j < ndev && !err; j++) {
			struct xs_backend b = { .backend_domid = 0, .state = -1 };
			uint64_t domid, state;
			char *v;

			if (xs_parse_u64(doms[i], &domid))
				continue;
			b.domid = (uint32_t)domid;
			b.type = (char *)type;
			b.dev = devs[j];
			snprintf(path, sizeof(path), "%s/%s/%s", base, doms[i], devs[j]);
			b.path = path;
			snprintf(path + strlen(path), sizeof(path) - strlen(path), "/state");
			v = read_key(h, path);
			if (v && !xs_parse_u64(v, &state) && state < 64)
				b.state = (int32_t)state;
			free(v);
			path[strlen(path) - strlen("/state")] = '\0';
			if (xs_backends_add(out, &b))
				err = xs_error(-ENOMEM, "out of memory");
		}
		free(devs);
	}
	free(doms);
	return err;
}

int xs_xenstore_backends(struct xs_handle *h, struct xs_backends *out)
{
	unsigned int ntypes;
	char **types;
	int err = 0;

	types = xs_directory(h, XBT_NULL, "/local/domain/0/backend", &ntypes);
	for (unsigned int i = 0; types && i < ntypes && !err; i++)
		err = backends_of_type(h, types[i], out);
	free(types);
	return err;
}
