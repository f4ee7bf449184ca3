# SPDX-License-Identifier: GPL-2.0
#
# pidns: the two commands of the README, plus the pieces they are made of.
#
#   make run     install what is missing, build the kernel (cached) and pidns.ko, boot the kernel
#                under virtme-ng, load the module and show a nested pid-namespace tree through it
#   make check   the same setup, then every test suite on every kernel of the matrix (the self-built
#                one, then Debian's stock 7.3 and 7.2); ends with "N passed, N failed"
#   make check-debug  the same on a debug kernel (KASAN, lockdep, kmemleak, UBSAN)
#   make bench   benchmarks in the VM, ratios to bench-results/latest.{csv,json}, plots (SVG);
#                LXCFS stock vs on nsfs vs on pidns to bench-results/lxcfs.csv
#   make deb     the Debian package pidns-dkms_VERSION_all.deb (DKMS), into build/deb/
#
#   KDIR=/path/to/kernel/build   build against your own Rust-enabled kernel instead
#   PIDNS_KERNELS="self debian:7.2.12+deb13-amd64"   check on these kernels only
#   PIDNS_DISTRO_KVER=7.3.4+deb13-amd64   build the module for that Debian kernel (make module)
#
# Everything built outside this directory is cached under ${XDG_CACHE_HOME:-~/.cache}/pidns.

SHELL := /bin/bash
LLVM ?= -19
export LLVM

.PHONY: all run check check-debug bench deb deps kernel module clippy userspace selftests clean install help

all: module

help:
	@sed -n '3,/^[^#]/{/^#/p}' Makefile

deps:
	@scripts/install-deps.sh

# The kernel tree to build against: $(KDIR) if given, else the cached one (built on first use).
kernel: deps
	@scripts/kernel.sh >/dev/null

module: kernel
	@scripts/build.sh module

clippy: kernel
	@scripts/build.sh clippy

userspace: deps
	@scripts/build.sh userspace

run: deps
	@scripts/run.sh

check: deps
	@scripts/check.sh

# The module's source packaged for DKMS, built in the trixie environment (debian/).
deb: deps
	@scripts/deb.sh >/dev/null

# The whole suite on a debug kernel (KASAN, lockdep, kmemleak, UBSAN, panic_on_warn): a second
# kernel, built and cached like the first (virtme-config/debug.config on top).
check-debug: deps
	@PIDNS_KERNEL_FLAVOR=debug PIDNS_VM_MEMORY=2G scripts/check.sh

# Benchmarks, in the VM: ratios of ways measured side by side (see bench/); then plots, on the
# host. BENCH_ARGS="--only lastpids,batch" (say) runs some sections only.
bench: deps
	@rm -f build/vm/bench.csv build/vm/bench.json build/vm/lxcfs-bench.csv
	@scripts/build.sh module && scripts/build.sh userspace && lxcfs=$$(scripts/lxcfs.sh) && \
		PIDNS_VM_MEMORY=4G scripts/vm.sh PIDNS_GUEST_LXCFS="$$lxcfs" scripts/guest.sh bench $(BENCH_ARGS)
	@mkdir -p bench-results && cp build/vm/bench.csv bench-results/latest.csv && \
		cp build/vm/bench.json bench-results/latest.json && \
		cp build/vm/lxcfs-bench.csv bench-results/lxcfs.csv && \
		echo "results: bench-results/latest.csv, bench-results/latest.json, bench-results/lxcfs.csv"
	@bench/plot.sh bench-results

install: kernel
	@scripts/build.sh install

clean:
	@rm -rf build
	@find rust -name '*.o' -o -name '*.ko' -o -name '*.mod*' -o -name '.*.cmd' -o -name 'modules.order' \
		-o -name 'Module.symvers' -o -name '*.rmeta' | xargs rm -f
	@rm -f Module.symvers modules.order .*.cmd
