#!/usr/bin/env bash
# Copy the parts of a pristine hypervisor source tree the series patches (and
# the hypervisor build needs) into DEST, for apply.sh to patch.
# Usage: copy-tree.sh SRC DEST
set -euo pipefail
src=${1:?usage: copy-tree.sh SRC DEST}
dest=${2:?usage: copy-tree.sh SRC DEST}
mkdir -p "$dest/tools/xentrace" "$dest/tools/flask"
cp -a "$src/xen" "$src/config" "$src/Config.mk" "$src/version.sh" "$src/scripts" "$dest/"
cp -a "$src/tools/xentrace/formats" "$dest/tools/xentrace/"
# The FLASK policy a CONFIG_XSM_FLASK_POLICY hypervisor builds in (with the
# access vectors of the patched xen/xsm/flask/policy).
cp -a "$src/tools/flask/policy" "$dest/tools/flask/"
cp -a "$src/SUPPORT.md" "$dest/"
