#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# LXCFS 6.0.4 on pidns, in the VM, as root (issue 16): the three builds of scripts/lxcfs.sh
# (stock; nsfs: mainline's NS_GET_PID_FROM_PIDNS; pidns: /dev/pidns) each run as installed on
# Debian trixie, and asked the same questions by readers in fresh pid namespaces.
#
#   lxcfs_test.sh check KEYDIR        one line per case on stdout: PASS|FAIL|SKIP lxcfs/...
#   lxcfs_test.sh bench KEYDIR CSV [N...]  the latency and CPU comparison (default N: 1 10 100)
#
# LXCFS_TEST_VARIANTS="stock pidns" (say) runs some builds only (builds-agree then compares those).
# LXCFS_TEST_LOGS names a directory for the LXCFS daemons' logs and LXCFS's own suite's output
# (default /tmp/pidns-lxcfs/logs); the latter goes to stderr too if one of its tests failed.
#
# KEYDIR is what `scripts/lxcfs.sh` prints on the host (the cache is visible in the VM at the same
# path). pidns.ko must be loaded (the pidns build falls back to the stock path without it, which
# the init-pid-path case would report).
#
# A variant runs in its own root: an overlay of the variant's installed files over LXCFS's build
# environment over the trixie environment (KEYDIR/lowerdirs), with a tmpfs upper layer, /proc,
# /dev and /sys, and KEYDIR itself (for LXCFS's own test suite, whose paths point there) as an
# overlay too, so that its tests may write where they expect to. LXCFS mounts at /var/lib/lxcfs
# in that root, which the readers below read from outside it, as containers do.
#
# Cases, for each VARIANT:
#   lxcfs/VARIANT/mount                 LXCFS starts and mounts
#   lxcfs/VARIANT/init-pid-path         it finds init pids the way it is meant to: the pidns build
#                                       through /dev/pidns, the nsfs build through nsfs, stock
#                                       through neither
#   lxcfs/VARIANT/{root,userns}-reader/{uptime,meminfo,stat,cpuinfo}
#                                       a reader in a fresh pid namespace (as root; as nobody in a
#                                       user namespace of its own) whose init is in a cgroup with
#                                       memory.max 64 MiB and cpuset.cpus 0 sees its init's age
#                                       as uptime (not the machine's), MemTotal 65536 kB, and one
#                                       CPU in /proc/stat and /proc/cpuinfo
#   lxcfs/VARIANT/own-suite/CASE        LXCFS's own tests/main.sh, case by case
#   lxcfs/VARIANT/recycled-init-pid     the race of the issue, for real (recycle_race.c): a
#                                       container reads through LXCFS, its init dies, its pid
#                                       goes to a process in a cgroup with another memory limit,
#                                       and a new container gets the dead one's namespace inode
#                                       number (the cache's key), all within one second (stock's
#                                       check is the pid's /proc ctime, to the second). The
#                                       pidns build must show the new container its own limit;
#                                       for stock and nsfs the case passes if they show the other
#                                       process's limit, which shows that the pidns build's pass
#                                       is not for want of a race.
#   lxcfs/builds-agree/{meminfo,stat,cpuinfo}  the three builds show the same files
set -uo pipefail

read -ra VARIANTS <<<"${LXCFS_TEST_VARIANTS:-stock nsfs pidns}"
WORK=/tmp/pidns-lxcfs
CG=/sys/fs/cgroup
HZ=$(getconf CLK_TCK)
HERE=$(cd "$(dirname "$0")" && pwd)
# Where the LXCFS daemons' logs and LXCFS's own suite's output are kept.
LOGS=${LXCFS_TEST_LOGS:-$WORK/logs}
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)
CHROOT_ENV=(/usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8)

usage() { echo "usage: $0 check KEYDIR | bench KEYDIR CSV [N...]" >&2; exit 2; }
[ $# -ge 2 ] || usage
MODE=$1 KEY=$2
shift 2
[ -f "$KEY/lowerdirs" ] || { echo "$0: $KEY is not a build of scripts/lxcfs.sh" >&2; exit 1; }

record() { echo "$1 $2"; [ "$1" = FAIL ] && echo "FAIL: $2" >&2; return 0; }
check() { # check NAME CMD...
	local name=$1; shift
	if "$@"; then record PASS "$name"; else record FAIL "$name"; fi
}
say() { echo "[lxcfs] $*" >&2; }

# The root of VARIANT, mounted under $WORK/VARIANT/root.
root_of() { echo "$WORK/$1/root"; }
mount_root() {
	local v=$1 d=$WORK/$1 r
	r=$(root_of "$v")
	mkdir -p "$d" && mount -t tmpfs tmpfs "$d" || return 1
	mkdir -p "$d"/{upper,work,root,kupper,kwork} || return 1
	mount -t overlay overlay -o "lowerdir=$KEY/$v:$(cat "$KEY/lowerdirs"),upperdir=$d/upper,workdir=$d/work" "$r" ||
		return 1
	mount -t proc proc "$r/proc" && mount --rbind /dev "$r/dev" && mount --rbind /sys "$r/sys" || return 1
	# Not /tmp: LXCFS's own root is a bind of / without its submounts, and its reload test
	# expects LXCFS's /tmp and the test's to be one (on a host, / holds /tmp).
	mount -t tmpfs tmpfs "$r/run" || return 1
	mkdir -p "$r$KEY" "$r/var/lib/lxcfs" || return 1
	mount -t overlay overlay -o "lowerdir=$KEY,upperdir=$d/kupper,workdir=$d/kwork" "$r$KEY"
}
umount_root() { umount -R -l "$WORK/$1" 2>/dev/null; rmdir "$WORK/$1" 2>/dev/null; return 0; }

in_root() { local r; r=$(root_of "$1"); shift; chroot "$r" "${CHROOT_ENV[@]}" "$@"; }

# Runs CMD in VARIANT's root as the root of a mount namespace of its own (pivot_root), as in a
# container or on a host, rather than chrooted: LXCFS pivots its own root (on start and on
# reload), which from a chroot leaves its threads with different roots.
in_pivoted_root() {
	local r
	r=$(root_of "$1")
	shift
	unshare -m --propagation private sh -euc '
		r=$1
		shift
		mount --rbind "$r" "$r"
		cd "$r"
		mkdir -p .pidns-old-root
		pivot_root . .pidns-old-root
		cd /
		umount -l /.pidns-old-root
		rmdir /.pidns-old-root
		exec "$@"' sh "$r" "${CHROOT_ENV[@]}" "$@"
}

# Starts VARIANT's LXCFS, as Debian's lxcfs.service does, and waits for its mount. Chrooted, not
# pivoted (in_pivoted_root): its mount must be seen from outside, where the containers are.
LXCFS_PID=
start_lxcfs() {
	local v=$1 r i
	r=$(root_of "$v")
	chroot "$r" "${CHROOT_ENV[@]}" /usr/bin/lxcfs -f -p /run/lxcfs.pid /var/lib/lxcfs \
		>"$LOGS/$v.log" 2>&1 &
	LXCFS_PID=$!
	for i in $(seq 300); do
		mountpoint -q "$r/var/lib/lxcfs" && [ -e "$r/var/lib/lxcfs/proc/uptime" ] && return 0
		kill -0 "$LXCFS_PID" 2>/dev/null || break
		sleep 0.1
	done
	say "$v: LXCFS did not mount; its log:"; cat "$LOGS/$v.log" >&2
	return 1
}
# stop_lxcfs VARIANT [PID]: stops VARIANT's LXCFS (PID, by default the last one started).
stop_lxcfs() {
	local v=$1 pid=${2:-$LXCFS_PID}
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	umount -l "$(root_of "$v")/var/lib/lxcfs" 2>/dev/null
	[ "$pid" != "$LXCFS_PID" ] || LXCFS_PID=
	return 0
}

init_pid_path_ok() {
	local v=$1 log=$LOGS/$1.log
	case $v in
	stock) ! grep -q -e 'through nsfs' -e '/dev/pidns' "$log" ;;
	nsfs) grep -q 'pid translation through nsfs' "$log" && ! grep -q '/dev/pidns' "$log" ;;
	pidns) grep -q 'Using /dev/pidns (ABI [0-9]*) to find init pids' "$log" ;;
	esac
}

# A cgroup with LXCFS's own test limits (memory.max 64 MiB, cpuset.cpus 0), for containers' inits.
setup_cgroup() {
	local cg=$CG/pidns-lxcfs
	grep -q 'memory' "$CG/cgroup.controllers" && grep -q 'cpuset' "$CG/cgroup.controllers" || {
		say "cgroup v2 at $CG lacks the memory or cpuset controller"; return 1; }
	echo '+memory +cpuset' >"$CG/cgroup.subtree_control" || return 1
	mkdir -p "$cg" && echo $((64 << 20)) >"$cg/memory.max" && echo 0 >"$cg/cpuset.cpus"
}

# Starts a container: a process in cgroup pidns-lxcfs that unshares a pid namespace (and, with
# "userns", a user namespace, as nobody) whose init sleeps; prints the init's pid.
start_container() {
	local kind=$1 parent i child
	local unshare=(unshare -p --fork)
	[ "$kind" = userns ] && unshare=("${NOBODY[@]}" unshare -Urp --fork)
	sh -c 'echo $$ >"$1/cgroup.procs" && shift && exec "$@"' sh "$CG/pidns-lxcfs" \
		"${unshare[@]}" sleep 1000 >/dev/null 2>&1 &
	parent=$!
	for i in $(seq 100); do
		child=$(pgrep -P "$parent" -x sleep) && { echo "$child"; return 0; }
		sleep 0.05
	done
	return 1
}

# reads INIT FILE: FILE of LXCFS's mount, read by a process in INIT's pid namespace (and user
# namespace, if it has its own: the reader then is nobody, the owner of that namespace).
MNT=
reads() {
	local init=$1 file=$2
	if [ "$(stat -Lc %i "/proc/$init/ns/user")" != "$(stat -Lc %i /proc/self/ns/user)" ]; then
		"${NOBODY[@]}" nsenter -t "$init" -U -p --preserve-credentials cat "$MNT/$file"
	else
		nsenter -t "$init" -p cat "$MNT/$file"
	fi
}

# The age in seconds of process PID, from its start time and the machine's uptime.
age_of() {
	local start up
	start=$(awk '{ print $22 }' "/proc/$1/stat" 2>/dev/null) || return 1
	up=$(cut -d' ' -f1 /proc/uptime)
	awk -v s="$start" -v hz="$HZ" -v up="$up" 'BEGIN { printf "%.2f\n", up - s / hz }'
}

# |A - B| < TOL
near() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d < t) }'; }

uptime_is_init_age() {
	local init=$1 up age host
	up=$(reads "$init" proc/uptime | cut -d' ' -f1) || return 1
	age=$(age_of "$init") && host=$(cut -d' ' -f1 /proc/uptime)
	say "uptime through LXCFS $up, the container init's age $age, the machine's uptime $host"
	# The machine must have been up long enough that an answer with its uptime would be wrong.
	near "$up" "$age" 1.5 && ! near "$host" "$age" 5
}

readers() {
	local v=$1 kind=$2 init out=$WORK/$1-$2
	init=$(start_container "$kind") || { record FAIL "lxcfs/$v/$kind-reader/container"; return; }
	sleep 2
	check "lxcfs/$v/$kind-reader/uptime" uptime_is_init_age "$init"
	reads "$init" proc/meminfo >"$out.meminfo"
	reads "$init" proc/stat >"$out.stat"
	reads "$init" proc/cpuinfo >"$out.cpuinfo"
	check "lxcfs/$v/$kind-reader/meminfo" grep -qx 'MemTotal: *65536 kB' "$out.meminfo"
	check "lxcfs/$v/$kind-reader/stat" [ "$(grep -c '^cpu' "$out.stat")" = 2 ]
	check "lxcfs/$v/$kind-reader/cpuinfo" [ "$(grep -c '^processor' "$out.cpuinfo")" = 1 ]
	kill -9 "$init" 2>/dev/null
	# What must agree between the builds: the fields of each file, and the values that do not
	# change from one moment to the next.
	awk '{ print $1 } /^(MemTotal|SwapTotal):/' "$out.meminfo" >"$out.meminfo.shape"
	awk '{ print $1 }' "$out.stat" >"$out.stat.shape"
	grep -v -E '^(cpu MHz|bogomips)' "$out.cpuinfo" >"$out.cpuinfo.shape"
}

# LXCFS's own suite, run in the variant's root by own_suite.sh (see there): one case per test.
own_suite() {
	local v=$1 out=$LOGS/$1.own-suite.log verdicts=$WORK/$1.own-suite.verdicts
	cp "$HERE/own_suite.sh" "$(root_of "$v")/run/own_suite.sh" &&
		in_pivoted_root "$v" timeout -k 10 900 sh /run/own_suite.sh "$KEY/build/$v" >"$out" 2>&1 </dev/null
	# A SKIP of test_proc replaces its FAIL (see own_suite.sh).
	awk -v p="lxcfs/$v/own-suite/" '/^=> RESULT / { r[$4] = $3; if (!($4 in seen)) { seen[$4] = 1; order[n++] = $4 } }
		END { for (i = 0; i < n; i++) print r[order[i]], p order[i] }' "$out" >"$verdicts"
	if ! grep -q . "$verdicts"; then
		echo "FAIL lxcfs/$v/own-suite/(nothing ran)" >"$verdicts"
	fi
	# Its output, if anything failed (it is in $LOGS anyway).
	! grep -q '^FAIL' "$verdicts" || sed "s|^|[lxcfs $v own suite] |" "$out" >&2
	while read -r verdict name; do record "$verdict" "$name"; done <"$verdicts"
}

# The init pid cache race (selftests/lxcfs/recycle_race.c), run in the variant's root: a
# container reads through LXCFS, its init dies, its pid goes to a process in another cgroup (with
# another memory limit), and a new container gets the dead one's namespace inode number. Prints
# recycle_race's line.
race() {
	local v=$1 cg=$CG/pidns-lxcfs other=$CG/pidns-lxcfs-other
	mkdir -p "$other" && echo $((32 << 20)) >"$other/memory.max" || return 1
	cp "$KEY/recycle_race" "$(root_of "$v")/run/recycle_race" &&
		in_root "$v" /run/recycle_race /var/lib/lxcfs "$cg" "$other"
}

race_case() {
	local v=$1 line
	line=$(race "$v") || line="could not run"
	say "$v: recycled init pid race: $line"
	echo "$v: $line" >>"$WORK/race-verdicts"
	# The pidns build must answer with its own init's cgroup; stock and nsfs pass if they were
	# caught (which shows that the pidns build's pass is not for want of a race).
	case $v:$line in
	pidns:verdict=own-init*) record PASS "lxcfs/$v/recycled-init-pid" ;;
	stock:verdict=recycled* | nsfs:verdict=recycled*) record PASS "lxcfs/$v/recycled-init-pid" ;;
	*) record FAIL "lxcfs/$v/recycled-init-pid" ;;
	esac
}

check_variant() {
	local v=$1
	umount_root "$v"
	if ! mount_root "$v" || ! start_lxcfs "$v"; then
		record FAIL "lxcfs/$v/mount"
		stop_lxcfs "$v"; umount_root "$v"
		return
	fi
	record PASS "lxcfs/$v/mount"
	MNT=$(root_of "$v")/var/lib/lxcfs
	check "lxcfs/$v/init-pid-path" init_pid_path_ok "$v"
	readers "$v" root
	readers "$v" userns
	race_case "$v"
	stop_lxcfs "$v"
	own_suite "$v"
	umount_root "$v"
}

builds_agree() {
	local f v ok first=${VARIANTS[0]}
	[ ${#VARIANTS[@]} -gt 1 ] || return 0
	for f in meminfo stat cpuinfo; do
		ok=true
		for v in "${VARIANTS[@]:1}"; do
			for kind in root userns; do
				cmp -s "$WORK/$first-$kind.$f.shape" "$WORK/$v-$kind.$f.shape" ||
					{ ok=false; diff "$WORK/$first-$kind.$f.shape" "$WORK/$v-$kind.$f.shape" >&2; }
			done
		done
		check "lxcfs/builds-agree/$f" $ok
	done
}

# The benchmark: the three builds mounted side by side, and for each N, ROUNDS rounds of
# cold_reads (N fresh containers reading /proc/uptime at once, each read an init pid cache miss)
# against each build in turn. CSV rows: variant,n,round,median_us,p95_us,max_us,wall_us,
# lxcfs_cpu_us,failed.
BENCH_ROUNDS=${LXCFS_BENCH_ROUNDS:-7}
bench() {
	local csv=$1 n v round pids=() line
	shift
	local ns=("$@")
	[ $# -gt 0 ] || ns=(1 10 100)
	rm -rf "$WORK" && mkdir -p "$WORK" "$LOGS"
	setup_cgroup || exit 1
	for v in "${VARIANTS[@]}"; do
		umount_root "$v"
		mount_root "$v" && start_lxcfs "$v" || { say "$v: LXCFS did not start"; exit 1; }
		pids+=("$LXCFS_PID")
		cp "$KEY/cold_reads" "$(root_of "$v")/run/cold_reads" || exit 1
	done
	echo "variant,n,round,median_us,p95_us,max_us,wall_us,lxcfs_cpu_us,failed" >"$csv"
	for n in "${ns[@]}"; do
		for round in $(seq "$BENCH_ROUNDS"); do
			for i in "${!VARIANTS[@]}"; do
				v=${VARIANTS[$i]}
				line=$(in_root "$v" /run/cold_reads /var/lib/lxcfs "${pids[$i]}" "$n") ||
					say "$v: N=$n round $round: some reads failed"
				echo "$v,$n,$round,${line#*,}" >>"$csv"
				say "$v N=$n round $round: n,median_us,p95_us,max_us,wall_us,lxcfs_cpu_us,failed = $line"
			done
		done
	done
	for i in "${!VARIANTS[@]}"; do
		stop_lxcfs "${VARIANTS[$i]}" "${pids[$i]}"
		umount_root "${VARIANTS[$i]}"
	done
	summarize "$csv"
}

# Per N, the medians over the rounds of each build's median latency and CPU time, and their ratios
# to the pidns build's (when it ran).
summarize() {
	awk -F, -v builds="${VARIANTS[*]}" 'NR > 1 { k = $1 "," $2; lat[k] = lat[k] " " $4; cpu[k] = cpu[k] " " $8; ns[$2] = 1 }
		function med(s,   a, n, i, j, t) {
			n = split(s, a, " ")
			for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
			return a[int((n + 1) / 2)]
		}
		END {
			printf "%-5s %-7s %14s %14s %12s %12s\n", "N", "build", "median read", "vs pidns", "LXCFS CPU", "vs pidns"
			for (n in ns) {
				pl = med(lat["pidns," n]); pc = med(cpu["pidns," n])
				nv = split(builds, v, " ")
				for (i = 1; i <= nv; i++) {
					l = med(lat[v[i] "," n]); c = med(cpu[v[i] "," n])
					printf "%-5s %-7s %11.2f ms %13.1fx %9.0f ms %11.1fx\n", n, v[i], l / 1000,
						pl ? l / pl : 0, c / 1000, pc ? c / pc : 0
				}
			}
		}' "$1" | sort -n -s -k1,1 >&2
}

case $MODE in
check)
	rm -rf "$WORK" && mkdir -p "$WORK" "$LOGS"
	if ! setup_cgroup; then
		record FAIL lxcfs/cgroup-setup
		exit 0
	fi
	for v in "${VARIANTS[@]}"; do
		check_variant "$v"
	done
	builds_agree
	say "races: $(tr '\n' ';' <"$WORK/race-verdicts" 2>/dev/null)"
	;;
bench)
	[ $# -ge 1 ] || usage
	bench "$@"
	;;
*) usage ;;
esac
