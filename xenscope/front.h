/* SPDX-License-Identifier: MIT */
/* The subcommands built into the xenscope front door (the rest are tools it runs). */
#ifndef XENSCOPE_FRONT_H
#define XENSCOPE_FRONT_H

/* Each takes its own argv (argv[0] is the subcommand) and returns an exit status. */
int front_decode(int argc, char **argv);
int front_doctor(int argc, char **argv);

#endif
