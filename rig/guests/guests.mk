# xsguest test kernels: build/guests/xsguest-pv and build/guests/xsguest-pvh.
# Included by the top Makefile (paths are relative to the repository top);
# also usable alone: make -f rig/guests/guests.mk build/guests/xsguest-pv

GUEST_SRC := rig/guests
GUEST_OUT := build/guests
GUEST_CC ?= gcc

GUEST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror \
	-ffreestanding -nostdlib -fno-pic -fno-pie -mno-red-zone \
	-fno-stack-protector -mgeneral-regs-only -mcmodel=small \
	-fno-asynchronous-unwind-tables -fno-omit-frame-pointer \
	-D__XEN_INTERFACE_VERSION__=0x00040e00 -I$(GUEST_SRC) -Ilib/include -MMD -MP
GUEST_LDFLAGS := -nostdlib -static -no-pie -Wl,-T,$(GUEST_SRC)/guest.lds \
	-Wl,--build-id=none -Wl,-z,max-page-size=0x1000 -Wl,-z,noexecstack \
	-Wl,--no-warn-rwx-segments

GUEST_COMMON := lib printf console alloc trap trap-stubs pages mm main \
	wl-pagetables wl-superpages wl-grant wl-argo wl-pin wl-leak wl-p2m wl-dirty wl-shadowmix wl-spin
GUEST_COMMON_OBJS := $(GUEST_COMMON:%=$(GUEST_OUT)/obj/%.o)
GUEST_PV_OBJS := $(GUEST_OUT)/obj/head-pv.o $(GUEST_OUT)/obj/pv.o $(GUEST_COMMON_OBJS)
GUEST_PVH_OBJS := $(GUEST_OUT)/obj/head-pvh.o $(GUEST_OUT)/obj/pvh.o $(GUEST_COMMON_OBJS)

EXTRA_ALL += $(GUEST_OUT)/xsguest-pv $(GUEST_OUT)/xsguest-pvh

.PHONY: guests
guests: $(GUEST_OUT)/xsguest-pv $(GUEST_OUT)/xsguest-pvh

$(GUEST_OUT)/obj/%.o: $(GUEST_SRC)/%.c $(GUEST_SRC)/guests.mk
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_CFLAGS) -c $< -o $@

$(GUEST_OUT)/obj/%.o: $(GUEST_SRC)/%.S $(GUEST_SRC)/guests.mk
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_CFLAGS) -c $< -o $@

$(GUEST_OUT)/xsguest-pv: $(GUEST_PV_OBJS) $(GUEST_SRC)/guest.lds
	$(GUEST_CC) $(GUEST_LDFLAGS) -o $@ $(GUEST_PV_OBJS)

$(GUEST_OUT)/xsguest-pvh: $(GUEST_PVH_OBJS) $(GUEST_SRC)/guest.lds
	$(GUEST_CC) $(GUEST_LDFLAGS) -o $@ $(GUEST_PVH_OBJS)

-include $(wildcard $(GUEST_OUT)/obj/*.d)
