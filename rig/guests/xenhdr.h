/*
 * The Xen public interface, as installed by libxen-dev.  The headers need
 * the fixed-width integer types first and an interface version, so every
 * guest source includes them through this one file.
 */
#ifndef XSG_XENHDR_H
#define XSG_XENHDR_H

#include <stdint.h>

#include <xen/xen.h>
#include <xen/version.h>
#include <xen/arch-x86/hvm/start_info.h>
#include <xen/callback.h>
#include <xen/event_channel.h>
#include <xen/grant_table.h>
#include <xen/argo.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/params.h>
#include <xen/io/console.h>
#include <xen/memory.h>
#include <xen/sched.h>

#endif
