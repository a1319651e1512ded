// SPDX-License-Identifier: MIT
/* gdb's "monitor" commands (qRcmd): not yet any. */
#include "gdb/cmd.h"

enum xs_gdb_action xs_gdb_cmd_monitor(struct xs_gdb_server *s, const struct args *a,
				      struct xs_buf *reply)
{
	return XS_GDB_REPLY;
}
