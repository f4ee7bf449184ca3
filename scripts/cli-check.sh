#!/usr/bin/env bash
# End-to-end checks of the `pidns` command against the loaded module; runs in the VM as root.
# Prints TAP.
set -uo pipefail
cd "$(dirname "$0")/.."
PIDNS=target/debug/pidns
n=0 failed=0
check() { # check NAME CMD...
	local name=$1; shift
	n=$((n + 1))
	if "$@"; then echo "ok $n $name"; else echo "not ok $n $name"; failed=$((failed + 1)); fi
}

first_child() { # first_child PID: the pid of PID's first child, once it has one
	local child=""
	for _ in $(seq 200); do
		child=$(cat "/proc/$1/task/$1/children" 2>/dev/null | awk '{print $1}')
		[ -n "$child" ] && break
		sleep 0.05
	done
	echo "$child"
}

unshare --pid --fork --kill-child --net --uts sleep 1000 &
wrapper=$!
target=$(first_child "$wrapper")
# Another, in a sibling of the target's pid namespace (for `relation`).
unshare --pid --fork --kill-child sleep 1000 &
sibling_wrapper=$!
sibling=$(first_child "$sibling_wrapper")

check translate-self [ "$($PIDNS translate $$)" = "$$" ]
check translate-json [ "$($PIDNS --json translate $$)" = "{\"from\":\"self\",\"pid\":$$,\"result\":$$,\"to\":\"self\"}" ]
check translate-from-pid [ "$($PIDNS translate 1 --from "$target")" = "$target" ]
check translate-into-pid [ "$($PIDNS translate "$target" --to "$target")" = 1 ]
check translate-from-path [ "$($PIDNS translate 1 --from "/proc/$target/ns/pid")" = "$target" ]
check init-pid [ "$($PIDNS --json init-pid "$target" | sed 's/.*"pid":\([0-9]*\).*/\1/')" = "$target" ]
check last-pids-get [ "$($PIDNS last-pids get "$target" | wc -w)" = 2 ]
check last-pids-set bash -c "$PIDNS last-pids set $target 500 && [ \"\$($PIDNS last-pids get $target 1)\" = 500 ]"
check enter-net-uts [ "$($PIDNS enter "$target" --ns net,uts -- readlink /proc/self/ns/net)" = "$(readlink "/proc/$target/ns/net")" ]
check enter-pid-runs-inside [ "$($PIDNS enter "$target" --ns pid -- readlink /proc/self/ns/pid)" = "$(readlink "/proc/$target/ns/pid")" ]
below="source is an ancestor of target, 1 level above it; levels below yours: source 0, target 1, common ancestor 0"
check relation-self-equal [ "$($PIDNS relation self self)" = "the same namespace; levels below yours: source 0, target 0, common ancestor 0" ]
check relation-child-below [ "$($PIDNS relation self "$target")" = "$below" ]
check relation-json-by-path [ "$($PIDNS --json relation "/proc/$target/ns/pid" self)" = "{\"common_level\":0,\"distance\":1,\"relation\":\"target_is_ancestor\",\"source\":\"/proc/$target/ns/pid\",\"source_level\":1,\"target\":\"self\",\"target_level\":0}" ]
check relation-siblings-unrelated [ "$($PIDNS --json relation "$target" "$sibling" | sed 's/.*"relation":"\([a-z_]*\)".*/\1/')" = unrelated ]
check relation-outside-subtree-eperm bash -c "! unshare --pid --fork $PIDNS relation self /proc/1/ns/pid 2>/tmp/cli.err && grep -q EPERM /tmp/cli.err"
check tree-shows-target bash -c "$PIDNS tree | grep -Eq \"^ +$target / 1\$\""
check unknown-id-exit-1 bash -c "! $PIDNS translate 1 --from id:999999999 2>/tmp/cli.err; [ \$? -ne 2 ] && grep -q ENOENT /tmp/cli.err"
check bad-ref-explained bash -c "! $PIDNS translate 1 --from /dev/null 2>/tmp/cli.err && grep -q EINVAL /tmp/cli.err"

# unshare --fork ignores SIGTERM while it waits; --kill-child takes the target along.
kill -KILL "$wrapper" "$sibling_wrapper" 2>/dev/null
wait "$wrapper" "$sibling_wrapper" 2>/dev/null
echo "1..$n"
[ $failed -eq 0 ]
