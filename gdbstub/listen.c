// SPDX-License-Identifier: MIT
/*
 * xs-gdbstub's listening socket: TCP over IPv4 or IPv6, or a Unix socket.
 * The stub has no authentication, so anything but loopback is said aloud.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "xenscope/core/common.h"

#include "listen.h"

static char unix_made[sizeof(((struct sockaddr_un *)0)->sun_path)];

void gdbstub_listen_cleanup(void)
{
	if (unix_made[0])
		unlink(unix_made);
	unix_made[0] = '\0';
}

static int listen_unix(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct stat st;
	int fd;

	if (strlen(path) >= sizeof(sun.sun_path))
		return xs_error(-ENAMETOOLONG, "--unix path too long: %s", path);
	strcpy(sun.sun_path, path);
	/* A socket left by an earlier run is replaced; any other file is not. */
	if (!lstat(path, &st)) {
		if (!S_ISSOCK(st.st_mode))
			return xs_error(-EEXIST, "%s exists and is not a socket", path);
		unlink(path);
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return xs_error(-errno, "socket: %s", strerror(errno));
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) || listen(fd, 4)) {
		int err = -errno;

		close(fd);
		return xs_error(err, "cannot listen on %s: %s", path, strerror(-err));
	}
	strcpy(unix_made, path);
	fprintf(stderr, "xs-gdbstub: listening on %s\n", path);
	return fd;
}

static int is_loopback(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr) >> 24) == 127;
	if (sa->sa_family == AF_INET6)
		return IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)sa)->sin6_addr);
	return 0;
}

/* "listening on HOST:PORT" with the port the kernel chose for port 0. */
static void print_where(int fd, const char *host, int family)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	unsigned int port = 0;

	if (!getsockname(fd, (struct sockaddr *)&ss, &len))
		port = ntohs(family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
						: ((struct sockaddr_in *)&ss)->sin_port);
	fprintf(stderr, "xs-gdbstub: listening on %s%s%s:%u\n", family == AF_INET6 ? "[" : "", host,
		family == AF_INET6 ? "]" : "", port);
}

/* Split "HOST:PORT" or "[HOST]:PORT". */
static int split_spec(const char *spec, char *host, size_t hlen, char *port, size_t plen)
{
	const char *colon = strrchr(spec, ':'), *h = spec;
	size_t n;

	if (!colon || !colon[1] || strlen(colon + 1) >= plen)
		return -EINVAL;
	n = (size_t)(colon - spec);
	if (spec[0] == '[') {
		if (n < 2 || spec[n - 1] != ']')
			return -EINVAL;
		h = spec + 1;
		n -= 2;
	}
	if (n == 0 || n >= hlen || memchr(h, ']', n) || (spec[0] != '[' && memchr(h, ':', n)))
		return -EINVAL;
	memcpy(host, h, n);
	host[n] = '\0';
	strcpy(port, colon + 1);
	return 0;
}

int gdbstub_listen(const char *spec, const char *unix_path)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
	struct addrinfo *ai;
	char host[256], port[32];
	int fd, one = 1, rc;

	if (unix_path)
		return listen_unix(unix_path);
	if (split_spec(spec, host, sizeof(host), port, sizeof(port)))
		return xs_error(-EINVAL, "--listen wants HOST:PORT or [V6ADDR]:PORT, not '%s'",
				spec);
	rc = getaddrinfo(host, port, &hints, &ai);
	if (rc)
		return xs_error(-EINVAL, "cannot listen on %s: %s", spec, gai_strerror(rc));
	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
	if (fd < 0) {
		fd = xs_error(-errno, "socket: %s", strerror(errno));
		goto out_free_ai;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) || listen(fd, 4)) {
		int err = -errno;

		close(fd);
		fd = xs_error(err, "cannot listen on %s: %s", spec, strerror(-err));
		goto out_free_ai;
	}
	if (!is_loopback(ai->ai_addr))
		xs_warn("warning: %s is not a loopback address: anyone who can reach it "
			"controls the domain (there is no authentication)",
			spec);
	print_where(fd, host, ai->ai_family);
out_free_ai:
	freeaddrinfo(ai);
	return fd;
}
