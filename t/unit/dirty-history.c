// SPDX-License-Identifier: MIT
/* A watch's kept rounds (lib/logdirty/history.c): the ring, the codec, the words. */
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "xenscope/logdirty/history.h"

int main(void)
{
	static struct xs_dirty_history h, back;
	struct xs_dirty_round r = { .seconds = 0.5, .dirty = 100, .working_set = 100 };
	char buf[200];
	void *data;
	size_t len;

	tap_plan(12);
	h = (struct xs_dirty_history){ .domid = 7, .pid = 99, .pages = 4096 };
	is_str(xs_dirty_rate_cell(NULL, buf, sizeof(buf)), "", "no watch: an empty cell");
	is_str(xs_dirty_rate_cell(&h, buf, sizeof(buf)), "on", "a watch without rounds yet: on");
	for (unsigned int i = 1; i <= XS_DIRTY_HISTORY_MAX + 6; i++) {
		r.index = i;
		r.dirty = i;
		xs_dirty_history_add(&h, &r);
	}
	is_int((int)h.nr, (int)XS_DIRTY_HISTORY_MAX, "the ring keeps %u rounds", XS_DIRTY_HISTORY_MAX);
	ok(h.r[0].index == 7 && h.r[h.nr - 1].index == XS_DIRTY_HISTORY_MAX + 6,
	   "the oldest dropped, the newest last");
	is_u64(h.r[0].usec, 500000, "seconds kept as microseconds");
	is_str(xs_dirty_rate_cell(&h, buf, sizeof(buf)), "140/s", "the cell: the last round's rate");

	ok(!xs_dirty_history_encode(&h, &data, &len), "encoded");
	is_u64(len, 32 + 40 * XS_DIRTY_HISTORY_MAX, "head and rounds, nothing else");
	ok(!xs_dirty_history_decode(data, len, &back) && back.domid == 7 && back.pid == 99 &&
		   back.pages == 4096 && back.nr == h.nr &&
		   !memcmp(back.r, h.r, h.nr * sizeof(h.r[0])),
	   "decoded back to the same");
	ok(xs_dirty_history_decode(data, len - 1, &back) < 0, "a short section is refused");
	((char *)data)[0] = 'Y';
	ok(xs_dirty_history_decode(data, len, &back) < 0, "a bad magic is refused");
	free(data);
	h.r[3].dirty = h.pages + 1;
	ok(!xs_dirty_history_encode(&h, &data, &len) && xs_dirty_history_decode(data, len, &back) < 0,
	   "a round counting more frames than the bitmap is refused");
	free(data);
	return tap_done();
}
