// SPDX-License-Identifier: MIT
/*
 * Fuzzing the test helper's JSON fixture loader (t/helper/model.c): the
 * input is a fixture as the JSON files of t/data hold them; what loads is turned back
 * into JSON, as the round-trip tests do.
 */
#include <jansson.h>
#include <stdlib.h>

#include "model.h"

#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	xs_fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct model m = { 0 };
	json_error_t e;
	json_t *spec = json_loadb((const char *)data, size, 0, &e), *back;

	if (!spec)
		return 0;
	if (!model_from_json(&m, spec)) {
		back = model_to_json(&m);
		free(json_dumps(back, JSON_SORT_KEYS));
		json_decref(back);
	}
	model_release(&m);
	json_decref(spec);
	return 0;
}
