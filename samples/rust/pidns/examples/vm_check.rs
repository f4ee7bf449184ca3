// SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note

//! End-to-end check of the Rust client against the loaded module, run as root in the test VM.
//! Prints TAP: one `ok`/`not ok` line per check.

use pidns::{BindFlags, Device, Error, PidNs, Relation, RelationKind, NS_FLAGS};
use rustix::fd::AsFd;
use std::os::unix::fs::MetadataExt;
use std::process::{Child, Command};

struct Tap(u32, u32);

impl Tap {
    fn check(&mut self, name: &str, ok: bool) {
        self.0 += 1;
        if !ok {
            self.1 += 1;
        }
        println!("{}ok {} {name}", if ok { "" } else { "not " }, self.0);
    }
}

/// A `sleep` in new pid, net, uts, ipc and mount namespaces, and its pid in ours.
fn spawn_target() -> std::io::Result<(Child, i32)> {
    let child = Command::new("unshare")
        .args([
            "--pid",
            "--fork",
            "--kill-child",
            "--net",
            "--uts",
            "--ipc",
            "--mount",
        ])
        .args(["sleep", "1000"])
        .spawn()?;
    for _ in 0..500 {
        let path = format!("/proc/{}/task/{}/children", child.id(), child.id());
        if let Some(pid) = std::fs::read_to_string(path)
            .ok()
            .and_then(|s| s.split_whitespace().next().and_then(|p| p.parse().ok()))
        {
            return Ok((child, pid));
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    Err(std::io::Error::other("the target did not start"))
}

fn ino(path: String) -> u64 {
    std::fs::metadata(path).map(|m| m.ino()).unwrap_or(0)
}

fn main() {
    let mut tap = Tap(0, 0);
    let dev = match Device::open() {
        Ok(dev) => dev,
        Err(e) => {
            println!("Bail out! {e}");
            std::process::exit(2);
        }
    };
    let me = std::process::id() as i32;
    let caller = PidNs::caller();

    tap.check(
        "version",
        dev.version() == Ok(pidns::sys::PIDNS_ABI_VERSION),
    );
    tap.check(
        "translate_self",
        dev.translate(me, &caller, &caller, false) == Ok(me),
    );
    tap.check(
        "pid_zero_is_invalid",
        dev.translate(0, &caller, &caller, false) == Err(Error::Invalid),
    );
    tap.check(
        "own_init_is_1",
        dev.init_pid(&caller, &caller).map(|i| i.pid) == Ok(1),
    );
    tap.check(
        "relation_self_is_equal",
        dev.relation(&caller, &caller)
            == Ok(Relation {
                kind: RelationKind::Equal,
                source_level: 0,
                target_level: 0,
                common_level: 0,
            }),
    );

    let Ok((mut child, target)) = spawn_target() else {
        println!("Bail out! cannot start the target");
        std::process::exit(1);
    };
    let ns = PidNs::of_pid(target).expect("pidfd");
    let nsfile = PidNs::open_path(format!("/proc/{target}/ns/pid")).expect("nsfd");
    tap.check(
        "target_is_init_of_its_ns",
        dev.translate(target, &caller, &ns, false) == Ok(1),
    );
    tap.check(
        "translate_back_by_nsfd",
        dev.translate(1, &nsfile, &caller, false) == Ok(target),
    );
    let init = dev.init_pid(&ns, &caller);
    tap.check("init_pid_by_pidfd", init.map(|i| i.pid) == Ok(target));
    let by_id = init.and_then(|i| dev.translate(1, &PidNs::Id(i.ns_id), &caller, false));
    tap.check("translate_by_id", by_id == Ok(target));
    tap.check("levels", dev.levels(&ns) == Ok(2));
    // 4096 entries per call: 5000 pids take two, and every entry matches its single call.
    let pids: Vec<i32> = (-2..4998).chain([target, me]).collect();
    let batch = dev.translate_batch(&pids, &caller, &ns, false);
    tap.check(
        "translate_batch_matches_single_calls",
        batch.as_ref().is_ok_and(|results| {
            results.len() == pids.len()
                && pids
                    .iter()
                    .zip(results)
                    .all(|(&pid, r)| *r == dev.translate(pid, &caller, &ns, false))
                && results[pids.len() - 2] == Ok(1)
                && results[pids.len() - 1] == Err(Error::NotInTarget)
        }),
    );
    tap.check(
        "caller_not_in_target",
        dev.translate(me, &caller, &ns, false) == Err(Error::NotInTarget),
    );
    let up = dev.bind(&ns, &caller).ok();
    let down = dev.bind(&caller, &nsfile).ok();
    tap.check(
        "bound_translate_both_ways",
        up.as_ref().map(|b| b.translate(1, false)) == Some(Ok(target))
            && down.as_ref().map(|b| b.translate(target, true)) == Some(Ok(1))
            && down.as_ref().map(|b| b.translate(me, false)) == Some(Err(Error::NotInTarget)),
    );
    let delegated = dev.bind_with(&ns, &caller, BindFlags::DELEGATE);
    tap.check(
        "bound_delegate_answers_for_its_binder",
        delegated.as_ref().map(|b| b.translate(1, false)) == Ok(Ok(target)),
    );
    tap.check(
        "bound_init_pid_matches_struct_call",
        up.as_ref().map(|b| b.init_pid())
            == Some(dev.init_pid(&ns, &caller).map(|i| (i.pid, i.pidfs_ino))),
    );

    // A second target, in a sibling of the first one's pid namespace.
    let Ok((mut sibling, sibling_pid)) = spawn_target() else {
        println!("Bail out! cannot start the sibling target");
        std::process::exit(1);
    };
    let sibling_ns = PidNs::of_pid(sibling_pid).expect("pidfd");
    let relation = |kind, source_level, target_level, common_level| {
        Ok(Relation {
            kind,
            source_level,
            target_level,
            common_level,
        })
    };
    tap.check(
        "relation_child_is_below",
        dev.relation(&caller, &ns)
            == relation(RelationKind::SourceIsAncestor { distance: 1 }, 0, 1, 0),
    );
    tap.check(
        "relation_parent_by_nsfd_is_above",
        dev.relation(&nsfile, &caller)
            == relation(RelationKind::TargetIsAncestor { distance: 1 }, 1, 0, 0),
    );
    let by_id = dev
        .init_pid(&ns, &caller)
        .and_then(|i| dev.relation(&PidNs::Id(i.ns_id), &nsfile));
    tap.check(
        "relation_by_id_and_nsfd_is_equal",
        by_id == relation(RelationKind::Equal, 1, 1, 1),
    );
    tap.check(
        "relation_siblings_are_unrelated",
        dev.relation(&ns, &sibling_ns) == relation(RelationKind::Unrelated, 1, 1, 0),
    );
    tap.check(
        "relation_unknown_id_is_enoent",
        dev.relation(&caller, &PidNs::Id(0)) == Err(Error::NotInTarget),
    );
    let _ = sibling.kill();
    let _ = sibling.wait();

    let PidNs::Fd(pidfd) = &ns else {
        unreachable!()
    };
    let mask = NS_FLAGS[1..6].iter().fold(0, |m, f| m | f); // mnt, pid, net, uts, ipc
    let snapshot = dev
        .namespaces_of(pidfd.as_fd(), mask, false)
        .unwrap_or_default();
    let names = ["mnt", "pid", "net", "uts", "ipc"];
    tap.check("snapshot_has_each_type", snapshot.len() == names.len());
    for (ns, name) in snapshot.iter().zip(names) {
        let fd_ino = ns
            .fd
            .as_ref()
            .and_then(|fd| rustix::fs::fstat(fd).ok())
            .map(|st| st.st_ino);
        tap.check(
            &format!("snapshot_{name}_is_targets"),
            fd_ino == Some(ino(format!("/proc/{target}/ns/{name}"))) && !ns.shared,
        );
    }
    let joined = dev.enter(pidfd.as_fd(), mask);
    tap.check("enter_joins_all", joined == Ok(mask));
    for name in ["mnt", "net", "uts", "ipc"] {
        tap.check(
            &format!("entered_{name}"),
            ino(format!("/proc/self/ns/{name}")) == ino(format!("/proc/{target}/ns/{name}")),
        );
    }
    tap.check(
        "entered_pid_for_children",
        ino("/proc/self/ns/pid_for_children".into()) == ino(format!("/proc/{target}/ns/pid")),
    );
    // Everything is shared now except the active pid namespace, which setns() never changes.
    let again = dev.enter(pidfd.as_fd(), mask);
    tap.check("enter_again_joins_nothing", again == Ok(0));

    let _ = child.kill();
    let _ = child.wait();
    println!("1..{}", tap.0);
    std::process::exit(if tap.1 == 0 { 0 } else { 1 });
}
