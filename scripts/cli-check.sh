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

unshare --pid --fork --kill-child --net --uts sleep 1000 &
wrapper=$!
target=""
for _ in $(seq 200); do
	target=$(cat "/proc/$wrapper/task/$wrapper/children" 2>/dev/null | awk '{print $1}')
	[ -n "$target" ] && break
	sleep 0.05
done

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
check tree-shows-target bash -c "$PIDNS tree | grep -Eq \"^ +$target / 1\$\""
check unknown-id-exit-1 bash -c "! $PIDNS translate 1 --from id:999999999 2>/tmp/cli.err; [ \$? -ne 2 ] && grep -q ENOENT /tmp/cli.err"
check bad-ref-explained bash -c "! $PIDNS translate 1 --from /dev/null 2>/tmp/cli.err && grep -q EINVAL /tmp/cli.err"

# unshare --fork ignores SIGTERM while it waits; --kill-child takes the target along.
kill -KILL "$wrapper" 2>/dev/null
wait "$wrapper" 2>/dev/null
echo "1..$n"
[ $failed -eq 0 ]
