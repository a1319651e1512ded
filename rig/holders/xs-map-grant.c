/*
 * xs-map-grant: map grant references of another domain through gntdev (as a
 * backend does) and hold them until told to stop.  The rig's grant zombie
 * scenarios use it.
 *
 * Usage: xs-map-grant DOMID REF [REF...]
 * Prints "mapped N" once the mapping is live, then waits for SIGTERM or
 * SIGINT, unmaps and exits.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xengnttab.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

int main(int argc, char **argv)
{
	xengnttab_handle *xgt = NULL;
	uint32_t *refs = NULL;
	unsigned int dom, n, i;
	void *map = NULL;
	int ret = 1;

	if (argc < 3) {
		fprintf(stderr, "usage: xs-map-grant DOMID REF [REF...]\n");
		return 2;
	}
	dom = strtoul(argv[1], NULL, 0);
	n = argc - 2;
	refs = calloc(n, sizeof(*refs));
	if (!refs) {
		fprintf(stderr, "xs-map-grant: out of memory\n");
		return 1;
	}
	for (i = 0; i < n; i++)
		refs[i] = strtoul(argv[i + 2], NULL, 0);

	xgt = xengnttab_open(NULL, 0);
	if (!xgt) {
		fprintf(stderr, "xs-map-grant: cannot open gntdev: %s\n", strerror(errno));
		goto out_free;
	}
	map = xengnttab_map_domain_grant_refs(xgt, n, dom, refs, PROT_READ | PROT_WRITE);
	if (!map) {
		fprintf(stderr, "xs-map-grant: mapping %u grants of domain %u failed: %s\n", n, dom,
			strerror(errno));
		goto out_close;
	}
	for (i = 0; i < n; i++)
		(void)*(volatile unsigned char *)((char *)map + (size_t)i * 4096);

	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	printf("mapped %u\n", n);
	fflush(stdout);
	while (!stop)
		pause();
	ret = 0;

	xengnttab_unmap(xgt, map, n);
out_close:
	xengnttab_close(xgt);
out_free:
	free(refs);
	return ret;
}
