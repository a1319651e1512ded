/* SPDX-License-Identifier: MIT */
/*
 * Shared by the libFuzzer harnesses (make fuzz): every parser is fed from
 * memory; the library's one-line messages are expected on bad input and are
 * dropped so that the fuzzer's own output stays readable.
 */
#ifndef XS_FUZZ_H
#define XS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Sanitizer reports bypass stdio, so they still reach the terminal. */
static inline void xs_fuzz_quiet(void)
{
	FILE *null = fopen("/dev/null", "w");

	if (null)
		stderr = null;
}

#endif
