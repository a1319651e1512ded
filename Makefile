# xenscope: a debugging suite for the Xen hypervisor.
#
#   make                  library, tools, test programs (gcc or CC=clang)
#   make SANITIZE=1 ...   the same with ASan+UBSan, built under build/san/
#   make check-offline    tests that need no hypervisor (prove -j2)
#   make check            make deps, then every test, rig ones and the .deb's included
#   make check-deb        make deb, then the tests of the package (installed in a scratch root)
#   make bench            every benchmark in bench/: PASS/FAIL per target
#   make demo             make deps, then the zombie-domain demo on the rig
#   make install PREFIX=/usr/local DESTDIR=
#   make deb              the Debian package, from HEAD, lintian-checked (build/deb/)
#   make xen-deb          the patched hypervisor as a xen-hypervisor .deb (build/xen-deb/)
#   make WERROR=0         warnings stay warnings
#   make V=1              show the commands

.DEFAULT_GOAL := all

PREFIX ?= /usr/local
BINDIR = $(PREFIX)/bin
INCDIR = $(PREFIX)/include
LIBDIR = $(PREFIX)/lib
MANDIR = $(PREFIX)/share/man
INSTALL ?= install
PROVE ?= prove
CLANG_FORMAT ?= clang-format
PKG_CONFIG ?= pkg-config
WERROR ?= 1

ifeq ($(V),1)
Q :=
else
Q := @
endif

# Sanitized objects live apart so the two flavours never mix in one link.
ifeq ($(SANITIZE),1)
BUILD := build/san
BINROOT := build/san
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else
BUILD := build
BINROOT := .
SAN_FLAGS :=
endif

WARNINGS := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wold-style-definition -Wformat=2 -Wformat-security -Wundef -Wwrite-strings \
	-Wvla -Wnull-dereference -Wno-unused-parameter
# Ops tables are filled with functions that ignore some arguments by design.
ifeq ($(WERROR),1)
WARNINGS += -Werror
endif

CSTD := -std=c11
CFLAGS ?= -O2 -g
ALL_CPPFLAGS := -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Ilib/include -Ilib -I$(BUILD)/include \
	-MMD -MP $(CPPFLAGS)
ALL_CFLAGS = $(CSTD) $(WARNINGS) $(SAN_FLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SAN_FLAGS) $(LDFLAGS)

# The hypervisor interface as the patched hypervisor has it:
# hv-probes/public/xenscope.h with its series tags resolved
# (hv-probes/public-header.py; hv-probes/README.md says why it is tagged).
PUBLIC_HEADER := $(BUILD)/include/xenscope.h
$(PUBLIC_HEADER): hv-probes/public/xenscope.h hv-probes/public-header.py hv-probes/series
	@mkdir -p $(@D)
	$(Q)python3 hv-probes/public-header.py for all >$@.tmp && mv $@.tmp $@

# Feature test: without libxenctrl the live backend is replaced by a stub
# that says so, and everything else still builds and tests offline.
HAVE_XEN := $(shell $(PKG_CONFIG) --exists xencontrol xenstore && echo 1)
PKGS := libelf jansson zlib libdeflate
ifeq ($(HAVE_XEN),1)
PKGS += xencontrol xenstore xenforeignmemory xenguest
endif
LIBS := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null || echo -lelf -ljansson -lz -ldeflate)
# libdwarf reads the hypervisor's line tables (lib/symbolize/ only);
# Debian 12's libdwarf-dev ships no pkg-config file.
DWARF_CFLAGS := $(shell $(PKG_CONFIG) --cflags libdwarf 2>/dev/null || echo -I/usr/include/libdwarf)
LIBS += $(shell $(PKG_CONFIG) --libs libdwarf 2>/dev/null || echo -ldwarf)

# ---------------------------------------------------------------- library
# lib/ is in rooms, one folder per subsystem (lib/README.md maps them).
# Files named *-live.c talk to a running Xen through libxen*; each has a
# *-live-stub.c twin that says "built without libxen" so that everything
# else still builds and tests offline.
LIB := $(BUILD)/libxenscope.a
LIB_ROOMS := $(sort $(dir $(wildcard lib/*/*.c)))
LIB_LIVE := $(wildcard lib/*/*-live.c)
LIB_STUBS := $(wildcard lib/*/*-live-stub.c)
LIB_SRCS := $(filter-out $(LIB_LIVE) $(LIB_STUBS),$(wildcard lib/*/*.c))
ifeq ($(HAVE_XEN),1)
LIB_SRCS += $(LIB_LIVE)
else
LIB_SRCS += $(LIB_STUBS)
endif
LIB_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(LIB_SRCS))

# xenctrl.h's hypercall-buffer macros need typeof, a GNU extension.
$(BUILD)/lib/%-live.o: CSTD := -std=gnu11
$(BUILD)/lib/symbolize/%.o: ALL_CPPFLAGS += $(DWARF_CFLAGS)

# ---------------------------------------------------------------- tools
# A tool is a directory of front-end .c files linked with the library.
# Others add themselves with `TOOLS += dir`, and may set dir_NAME (binary
# name, default the directory) and dir_LIBS (extra libraries).
TOOLS := refaudit
TOOLS += gdbstub
TOOLS += shadowdump
TOOLS += ui
TOOLS += p2mdump
TOOLS += xs-dirty
ui_NAME := xstop
ui_LIBS := $(shell $(PKG_CONFIG) --libs ncursesw 2>/dev/null || echo -lncursesw)
gdbstub_NAME := xs-gdbstub
TOOLS += trace
trace_NAME := xs-trace
# The front door: `xenscope SUBCOMMAND` runs the tools above.
TOOLS += xenscope

define tool_template
$(1)_BIN := $(BINROOT)/$(1)/$(or $($(1)_NAME),$(1))
$(1)_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(wildcard $(1)/*.c))
PROGRAMS += $$($(1)_BIN)
INSTALL_BINS += $$($(1)_BIN)
$$($(1)_BIN): $$($(1)_OBJS) $(LIB)
	@mkdir -p $$(@D)
	@echo "  LINK    $$@"
	$(Q)$$(CC) $$(ALL_LDFLAGS) -o $$@ $$($(1)_OBJS) $(LIB) $$($(1)_LIBS) $$(LIBS)
endef

# ---------------------------------------------------------------- tests
# C unit tests: t/unit/NAME.c -> $(BUILD)/t/unit/NAME, run by t/*.t wrappers.
# The test tool: t/helper/*.c -> $(BINROOT)/t/helper/xs-test-tool.
UNIT_SRCS := $(wildcard t/unit/*.c)
UNIT_BINS := $(patsubst t/unit/%.c,$(BUILD)/t/unit/%,$(UNIT_SRCS))
TEST_TOOL_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(wildcard t/helper/*.c))
TEST_TOOL := $(BINROOT)/t/helper/xs-test-tool

# Benchmarks: bench/*.sh, run by `make bench` (not part of check); their
# generators bench/*.c -> $(BUILD)/bench/NAME.
BENCH_SRCS := $(wildcard bench/*.c)
BENCH_BINS := $(patsubst bench/%.c,$(BUILD)/bench/%,$(BENCH_SRCS))
BENCHES := $(sort $(wildcard bench/*.sh))

ALL_TESTS = $(sort $(wildcard t/*.t))
RIG_TESTS = $(sort $(wildcard t/t9*-rig-*.t))
# Tests of the built .deb (make deb first): run by check-deb and check.
DEB_TESTS = $(sort $(wildcard t/t8*-deb-*.t))
# The rig boot of make xen-deb's packaged hypervisor: check-xen-deb only
# (building it is not part of check).
XEN_DEB_TESTS = $(sort $(wildcard t/t9*-rig-xen-deb-*.t))
ALL_TESTS := $(filter-out $(XEN_DEB_TESTS),$(ALL_TESTS))
OFFLINE_TESTS = $(filter-out $(RIG_TESTS) $(DEB_TESTS),$(ALL_TESTS))
TEST_ENV = XS_BUILD=$(BUILD) XS_BINROOT=$(BINROOT)

# Others' make fragments: the rig (rig-demo and rig targets) and the test
# guests (which add to EXTRA_ALL).  Included before `all` is defined so that
# EXTRA_ALL is complete when its prerequisites are read.
EXTRA_ALL :=
-include rig/rig.mk
-include rig/guests/guests.mk
-include t/fuzz/fuzz.mk

$(foreach t,$(TOOLS),$(eval $(call tool_template,$(t))))

# Bash completion, made from the tools' own option tables (--completion-helper).
COMPLETION := $(BUILD)/completion/xenscope
TOOL_BINS = $(filter-out $(xenscope_BIN),$(INSTALL_BINS))
$(COMPLETION): scripts/gen-completion.sh $(INSTALL_BINS)
	@mkdir -p $(@D)
	@echo "  GEN     $@"
	$(Q)scripts/gen-completion.sh $(xenscope_BIN) $(TOOL_BINS) >$@.tmp && mv $@.tmp $@

# ---------------------------------------------------------------- targets
.PHONY: all tools deps check check-offline bench demo install install-tools install-dev \
	deb check-deb xen-deb check-xen-deb clean format tests FORCE

all: $(LIB) $(PROGRAMS) $(COMPLETION) tests $(EXTRA_ALL)

# What the Debian package ships: the tools, their completion (no tests, guests, benchmarks).
tools: $(LIB) $(PROGRAMS) $(COMPLETION)

tests: $(UNIT_BINS) $(TEST_TOOL) $(BENCH_BINS)

deps:
	scripts/install-deps.sh

check-offline: all fuzz-build
	$(TEST_ENV) $(PROVE) --timer -j2 $(OFFLINE_TESTS)

check: deps
	$(MAKE) all fuzz-build
	@# The hypervisors first, with progress, so that no rig test's timeout
	@# counts a build; a failure here is reported by the tests that need them.
	-$(MAKE) rig-xen
	$(MAKE) deb
	@# The tests that need no rig two at a time, then the rig's one by one
	@# (each boots a QEMU that takes both cores); the second runs even when
	@# the first fails, and make's status says if either did.
	@status=0; \
	$(TEST_ENV) $(PROVE) --timer -j2 $(filter-out $(RIG_TESTS),$(ALL_TESTS)) || status=1; \
	$(TEST_ENV) $(PROVE) --timer $(filter $(RIG_TESTS),$(ALL_TESTS)) || status=1; \
	exit $$status

# Every benchmark runs even after one misses; the exit status says if any did.
bench: all
	@status=0; for b in $(BENCHES); do \
		echo "== $$b"; $(TEST_ENV) $$b || status=1; \
	done; exit $$status

RIG_HAS_DEMO := $(shell grep -qs '^rig-demo[[:space:]]*:' rig/rig.mk && echo 1)

demo: deps all
ifeq ($(RIG_HAS_DEMO),1)
	$(MAKE) -C . rig-demo
else
	@echo "make demo: the embedded hypervisor is not built yet" >&2
	@exit 1
endif

# Recompile everything when the compiler or flags change (git's GIT-CFLAGS).
FLAGS_FILE := $(BUILD)/.flags
FLAGS_NOW = $(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) $(LIBS) HAVE_XEN=$(HAVE_XEN)
$(FLAGS_FILE): FORCE
	@mkdir -p $(@D)
	@echo '$(FLAGS_NOW)' | cmp -s - $@ || echo '$(FLAGS_NOW)' > $@

$(BUILD)/%.o: %.c $(FLAGS_FILE) | $(PUBLIC_HEADER)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJS)
	@echo "  AR      $@"
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(BUILD)/t/unit/%: $(BUILD)/t/unit/%.o $(LIB)
	@echo "  LINK    $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(LIBS)

$(BUILD)/bench/%: $(BUILD)/bench/%.o $(LIB)
	@echo "  LINK    $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(LIBS)

$(TEST_TOOL): $(TEST_TOOL_OBJS) $(LIB)
	@mkdir -p $(@D)
	@echo "  LINK    $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(TEST_TOOL_OBJS) $(LIB) $(LIBS)

# Keep unit-test objects: they are inputs, not intermediates to delete.
.SECONDARY: $(patsubst %,%.o,$(UNIT_BINS) $(BENCH_BINS))

MANPAGES := $(wildcard docs/man/*.1)
HEADER_ROOMS := $(notdir $(patsubst %/,%,$(dir $(wildcard lib/include/xenscope/*/*.h))))

COMPLETIONDIR = $(PREFIX)/share/bash-completion/completions

install: install-tools install-dev

# bash-completion loads completions/NAME for command NAME: one file, a link per tool.
install-tools: tools
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(COMPLETIONDIR)
	$(INSTALL) -m 755 $(INSTALL_BINS) $(DESTDIR)$(BINDIR)/
	$(if $(MANPAGES),$(INSTALL) -m 644 $(MANPAGES) $(DESTDIR)$(MANDIR)/man1/)
	$(INSTALL) -m 644 $(COMPLETION) $(DESTDIR)$(COMPLETIONDIR)/xenscope
	$(foreach b,$(notdir $(TOOL_BINS)),ln -sf xenscope $(DESTDIR)$(COMPLETIONDIR)/$(b) &&) true

install-dev: $(LIB) $(PUBLIC_HEADER)
	$(INSTALL) -d $(DESTDIR)$(INCDIR)/xenscope $(DESTDIR)$(LIBDIR)
	$(foreach r,$(sort $(HEADER_ROOMS)),$(INSTALL) -d $(DESTDIR)$(INCDIR)/xenscope/$(r) && \
		$(INSTALL) -m 644 lib/include/xenscope/$(r)/*.h $(DESTDIR)$(INCDIR)/xenscope/$(r)/ &&) true
	$(INSTALL) -m 644 $(PUBLIC_HEADER) $(DESTDIR)$(INCDIR)/xenscope.h
	$(INSTALL) -m 644 $(LIB) $(DESTDIR)$(LIBDIR)/

# ---------------------------------------------------------------- Debian
# `make deb`: the xenscope .deb, built by dpkg-buildpackage from HEAD (a
# clean tree by construction: uncommitted changes are not in it) under
# build/deb/, then checked by lintian (docs/packaging.md).
DEB_DIR := build/deb
DEB_VERSION = $(shell dpkg-parsechangelog -S Version 2>/dev/null)

check-deb: deb
	$(TEST_ENV) $(PROVE) --timer $(DEB_TESTS)

deb:
	@git diff --quiet HEAD -- || \
		echo "make deb: uncommitted changes are left out (the package is built from HEAD)" >&2
	rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)
	git archive --format=tar --prefix=xenscope-$(DEB_VERSION)/ HEAD | tar -x -C $(DEB_DIR)
	cd $(DEB_DIR)/xenscope-$(DEB_VERSION) && nice -n 15 dpkg-buildpackage -us -uc -b -j2
	lintian --fail-on error,warning --info $(DEB_DIR)/xenscope_$(DEB_VERSION)_*.changes

# `make xen-deb`: the patched hypervisor as Debian's xen-hypervisor-4.17-amd64
# package (scripts/xen-deb.sh, docs/packaging.md).  Not part of check.
xen-deb:
	scripts/xen-deb.sh

check-xen-deb: xen-deb all
	$(TEST_ENV) $(PROVE) --timer $(XEN_DEB_TESTS)

FORMAT_FILES = $(wildcard lib/*/*.c lib/*/*.h lib/include/xenscope/*/*.h t/tap.h t/unit/*.c \
	t/helper/*.c t/helper/*.h bench/*.c $(foreach t,$(TOOLS),$(t)/*.c $(t)/*.h))

format:
	$(CLANG_FORMAT) -i $(FORMAT_FILES)

clean:
	rm -rf build $(foreach t,$(TOOLS),$(t)/$(or $($(t)_NAME),$(t))) t/helper/xs-test-tool

FORCE:

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
