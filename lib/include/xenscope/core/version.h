/* SPDX-License-Identifier: MIT */
/*
 * xenscope's release, for --version.  debian/changelog's top entry names the
 * same (t/t8010-front-version.t compares them).
 */
#ifndef XENSCOPE_VERSION_H
#define XENSCOPE_VERSION_H

#define XS_VERSION "0.1.0"

#endif
