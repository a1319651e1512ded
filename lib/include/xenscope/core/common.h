/* SPDX-License-Identifier: MIT */
/*
 * Things every xenscope file needs: error reporting and array growth.
 *
 * Error rule: the function that detects a failure prints one line through
 * xs_error() and returns a negative errno; its callers pass the code up
 * without printing again.  So a failing command prints exactly one line.
 */
#ifndef XENSCOPE_COMMON_H
#define XENSCOPE_COMMON_H

#include <stddef.h>
#include <stdint.h>

#define XS_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define XS_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define XS_PRINTF(f, a)
#endif

/* Name printed before every message; set once from argv[0] in main(). */
void xs_set_prog(const char *argv0);
const char *xs_prog(void);

/*
 * Report one line through the print hook (by default "PROG: message" on
 * stderr) and return @err, which must be a negative errno:
 * `return xs_error(-EINVAL, "bad domid '%s'", s);`.
 */
int xs_error(int err, const char *fmt, ...) XS_PRINTF(2, 3);
/* Same line, at warning level, for conditions that do not stop the command. */
void xs_warn(const char *fmt, ...) XS_PRINTF(1, 2);

/*
 * Where the library's messages go.  The library never writes to stderr
 * itself: every xs_error()/xs_warn() line reaches the print hook, already
 * formatted, one line without prefix or newline (control characters from
 * hostile input are blanked).  The default hook, xs_print_stderr(), writes
 * "PROG: line\n" to stderr.  A front end that owns the terminal (curses) or
 * a test that expects thousands of refusals installs its own hook instead of
 * redirecting file descriptors.  xs_set_print(NULL, NULL) restores the
 * default.  The hook is process-wide, like the program name.
 */
enum xs_level {
	XS_LEVEL_ERROR, /* the operation failed */
	XS_LEVEL_WARN,  /* the operation goes on */
};
typedef void xs_print_fn(enum xs_level level, const char *line, void *ctx);
void xs_set_print(xs_print_fn *fn, void *ctx);
void xs_print_stderr(enum xs_level level, const char *line, void *ctx);

/*
 * Grow array @v (holding @alloc elements) so it holds at least @need.
 * Returns 0 or -ENOMEM (also on size overflow); @v is untouched on failure.
 */
#define xs_array_grow(v, alloc, need) xs_array_grow_(&(v), &(alloc), (need), sizeof(*(v)))
int xs_array_grow_(void *pv, size_t *alloc, size_t need, size_t size);

/* Parse a whole string as an unsigned number (base 0); -EINVAL if not one. */
int xs_parse_u64(const char *s, uint64_t *out);

#endif
