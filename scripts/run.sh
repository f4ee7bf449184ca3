#!/usr/bin/env bash
# `make run`: build everything (the kernel only if the cache has none), boot it under virtme-ng,
# load pidns.ko and show a nested pid-namespace tree through /dev/pidns, then a short benchmark.
source "$(dirname "$0")/lib.sh"
cd "$PIDNS_ROOT"
scripts/build.sh module
scripts/build.sh userspace
log "booting the VM"
scripts/vm.sh scripts/guest.sh demo
