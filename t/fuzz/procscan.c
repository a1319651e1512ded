// SPDX-License-Identifier: MIT
/*
 * Fuzzing procscan's text parsers: /proc/PID/maps lines, qemu's command
 * line (-xen-domid), and the numbers read from xenstore (domain ids and
 * backend states).  The input is split at the first NUL byte: maps text
 * before it, a command line after it.
 */
#include <stdlib.h>
#include <string.h>

#include "xenscope/core/common.h"
#include "xenscope/target/procscan.h"

#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	xs_fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);
	size_t maps_len = nul ? (size_t)(nul - data) : size;
	size_t cmd_len = nul ? size - maps_len - 1 : 0;
	char *maps = malloc(maps_len + 1), *cmd = malloc(cmd_len + 1);
	struct xs_proc p = { .xen_domid = -1 };
	uint64_t v;

	if (!maps || !cmd)
		goto out_free;
	memcpy(maps, data, maps_len);
	maps[maps_len] = '\0';
	memcpy(cmd, nul ? nul + 1 : data, cmd_len);
	cmd[cmd_len] = '\0';
	/* The command line as read_names() makes it: NULs become spaces. */
	for (size_t i = 0; i < cmd_len; i++)
		if (!cmd[i])
			cmd[i] = ' ';
	xs_cmdline_xen_domid(cmd);
	if (!xs_parse_u64(cmd, &v))
		xs_xenbus_state_name(v < 64 ? (int32_t)v : -1);
	xs_proc_parse_maps(maps, &p);
out_free:
	free(maps);
	free(cmd);
	return 0;
}
