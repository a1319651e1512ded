# Rig make targets, included by the top Makefile (paths relative to the top).

RIG_BIN := build/rig/bin
RIG_HOLDERS := $(RIG_BIN)/xs-map-foreign $(RIG_BIN)/xs-map-grant $(RIG_BIN)/xs-inject \
	$(RIG_BIN)/xs-logdirty $(RIG_BIN)/xs-shinject $(RIG_BIN)/xs-hash-guest \
	$(RIG_BIN)/xs-dirtyinject
EXTRA_ALL += $(RIG_HOLDERS)

# The holders talk to Xen through libxen*; its headers need GNU C.
RIG_HOLDER_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter
RIG_HOLDER_LIBS := $(shell pkg-config --libs xenforeignmemory xengnttab xencontrol xenguest 2>/dev/null)

$(RIG_BIN)/%: rig/holders/%.c
	@mkdir -p $(@D)
	$(CC) $(RIG_HOLDER_CFLAGS) -o $@ $< $(RIG_HOLDER_LIBS)

# xs-inject makes the same domctl call as the tools: it shares their code.
RIG_INJECT_SRCS := rig/holders/xs-inject.c lib/target/handle-live.c lib/core/error.c
$(RIG_BIN)/xs-inject: $(RIG_INJECT_SRCS) lib/target/handle-live.h | $(PUBLIC_HEADER)
	@mkdir -p $(@D)
	$(CC) $(RIG_HOLDER_CFLAGS) -Ilib -Ilib/include -I$(dir $(PUBLIC_HEADER)) -o $@ \
		$(RIG_INJECT_SRCS) $(RIG_HOLDER_LIBS)

RIG_SHINJECT_SRCS := rig/holders/xs-shinject.c lib/target/handle-live.c lib/core/error.c
$(RIG_BIN)/xs-shinject: $(RIG_SHINJECT_SRCS) lib/target/handle-live.h | $(PUBLIC_HEADER)
	@mkdir -p $(@D)
	$(CC) $(RIG_HOLDER_CFLAGS) -Ilib -Ilib/include -I$(dir $(PUBLIC_HEADER)) -o $@ \
		$(RIG_SHINJECT_SRCS) $(RIG_HOLDER_LIBS)

RIG_DIRTYINJECT_SRCS := rig/holders/xs-dirtyinject.c lib/target/handle-live.c lib/core/error.c
$(RIG_BIN)/xs-dirtyinject: $(RIG_DIRTYINJECT_SRCS) lib/target/handle-live.h | $(PUBLIC_HEADER)
	@mkdir -p $(@D)
	$(CC) $(RIG_HOLDER_CFLAGS) -Ilib -Ilib/include -I$(dir $(PUBLIC_HEADER)) -o $@ \
		$(RIG_DIRTYINJECT_SRCS) $(RIG_HOLDER_LIBS)

.PHONY: rig-xen rig-initrd rig-demo rig-check race-check
rig-xen:
	rig/build-xen.sh release >/dev/null
	rig/build-xen.sh debug >/dev/null
	rig/build-xen.sh flask >/dev/null

rig-initrd:
	rig/mkinitramfs.sh >/dev/null
	rig/mkguest-linux.sh >/dev/null

rig-demo: $(RIG_HOLDERS)
	rig/demo.sh

rig-check: $(RIG_HOLDERS)
	prove --timer t/t9*-rig-*.t

# Audits racing destruction on the debug hypervisor, LOOPS create/audit/destroy
# loops (the suite's t9320 runs a few).
LOOPS ?= 100
# A loop takes about 8 s on an idle host and twice that on a loaded one, so
# the loops go in runs of at most 25 (each one boot under --timeout 720);
# the status says if any run failed.
race-check: all
	@n=$(LOOPS); status=0; while [ $$n -gt 0 ]; do \
		c=$$((n > 25 ? 25 : n)); n=$$((n - c)); \
		rig/run-scenario.sh --variant debug --timeout 720 \
			t/rig/destroy-race.sh $$c || status=1; \
	done; exit $$status
