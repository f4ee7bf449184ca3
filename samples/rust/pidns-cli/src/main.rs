// SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note

//! `pidns`: the command-line face of `/dev/pidns`.

use clap::{Parser, Subcommand, ValueEnum};
use pidns::{Device, Error, PidNs, Relation, RelationKind, NS_FLAGS};
use rustix::fd::{AsFd, BorrowedFd, FromRawFd, OwnedFd};
use rustix::ioctl::{self, opcode};
use serde_json::json;
use std::collections::BTreeMap;
use std::os::unix::process::CommandExt;
use std::process::{Command, ExitCode};

const AFTER_HELP: &str = "\
A namespace REF is one of:
  self          the caller's own pid namespace (the default)
  PID           the active pid namespace of process PID (through a pidfd)
  PATH          a pid-namespace file, e.g. /proc/1234/ns/pid
  id:NUMBER     a 64-bit namespace id (NS_GET_ID; `pidns tree` shows them)

Examples:
  pidns translate 1 --from 4242          # pid 1 of 4242's namespace, as seen here
  pidns translate 4242 --to 4242         # 4242's own pid inside its namespace
  pidns init-pid 4242                    # the init of 4242's namespace, here
  pidns relation self 4242               # how 4242's namespace relates to this one
  pidns last-pids get 4242               # ns_last_pid of every level from 4242's up
  pidns enter 4242 --ns mnt,net -- ip a  # run in 4242's mount and net namespaces
  pidns tree                             # every pid namespace visible here";

/// Pid-namespace operations through /dev/pidns (the pidns kernel module).
#[derive(Parser, Debug)]
#[command(name = "pidns", version, after_help = AFTER_HELP)]
struct Cli {
    /// Print JSON for scripts instead of text.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand, Debug)]
enum Cmd {
    /// Translate a pid from one pid namespace into another (any pair, siblings included).
    Translate {
        /// The pid, as a number in the --from namespace.
        pid: i32,
        /// The namespace PID is a number in.
        #[arg(long, default_value = "self", value_name = "REF")]
        from: String,
        /// The namespace to express it in.
        #[arg(long, default_value = "self", value_name = "REF")]
        to: String,
        /// Give the thread-group (process) id of the thread PID instead.
        #[arg(long)]
        tgid: bool,
    },
    /// Show the init process (child reaper) of a pid namespace.
    InitPid {
        /// The namespace.
        #[arg(value_name = "REF")]
        ns: String,
        /// The namespace to express the answer in.
        #[arg(long, default_value = "self", value_name = "REF")]
        to: String,
    },
    /// Tell how two pid namespaces are related (the same, one above the other, or unrelated).
    ///
    /// Says whether they are the same namespace, one an ancestor of the other (and by how many
    /// levels), or unrelated (siblings, cousins); with each one's level and that of their nearest
    /// common ancestor, counted from this pid namespace (0) down. Both must be this pid
    /// namespace or below it (EPERM otherwise).
    Relation {
        /// The source namespace.
        #[arg(value_name = "REF")]
        source: String,
        /// The target namespace.
        #[arg(value_name = "REF")]
        target: String,
    },
    /// Read or set ns_last_pid on every level of a pid-namespace hierarchy at once.
    LastPids {
        #[command(subcommand)]
        op: LastPidsOp,
    },
    /// Run a command in namespaces of another process, joined all at once or not at all.
    Enter {
        /// The process: a pid, or fd:N for a pidfd this command inherited.
        target: String,
        /// Namespaces to join (those already shared are skipped).
        #[arg(long, value_delimiter = ',', default_value = "all")]
        ns: Vec<NsKind>,
        /// The command and its arguments.
        #[arg(last = true, required = true)]
        cmd: Vec<String>,
    },
    /// Print the pid-namespace tree visible here, each process with its pid on every level.
    Tree,
}

#[derive(Subcommand, Debug)]
enum LastPidsOp {
    /// Print the vector, innermost level first.
    Get {
        #[arg(value_name = "REF")]
        ns: String,
        /// How many levels (default: all up to here).
        count: Option<usize>,
    },
    /// Set the vector, innermost level first; all levels or none.
    Set {
        #[arg(value_name = "REF")]
        ns: String,
        /// One value per level, from REF's namespace up.
        #[arg(required = true)]
        last_pids: Vec<i32>,
    },
}

/// Namespace types for `enter --ns`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum NsKind {
    All,
    User,
    Mnt,
    Pid,
    Net,
    Uts,
    Ipc,
    Cgroup,
    Time,
}

impl NsKind {
    fn mask(self) -> u32 {
        match self {
            Self::All => NS_FLAGS.iter().fold(0, |m, f| m | f),
            // Same order as `enum pidns_ns_index`.
            t => NS_FLAGS[t as usize - 1],
        }
    }
}

/// Resolves a REF argument.
fn parse_ref(s: &str) -> Result<PidNs, String> {
    if s == "self" || s == "caller" {
        return Ok(PidNs::caller());
    }
    if let Some(id) = s.strip_prefix("id:") {
        return id
            .parse()
            .map(PidNs::Id)
            .map_err(|_| format!("{s}: not a namespace id"));
    }
    if let Ok(pid) = s.parse::<i32>() {
        return PidNs::of_pid(pid).map_err(|e| format!("process {pid}: {}", explain(e)));
    }
    PidNs::open_path(s).map_err(|e| format!("{s}: {}", explain(e)))
}

/// Every errno the device returns, in words a user can act on.
fn explain(e: Error) -> String {
    match e {
        Error::NotLoaded => "/dev/pidns is missing: load the module (sudo insmod pidns.ko)".into(),
        Error::NoSuchProcess => {
            "no such process there, or not one visible from your pid namespace (ESRCH)".into()
        }
        Error::NotInTarget => {
            "it has no pid in the target namespace, or no such namespace id here (ENOENT)".into()
        }
        Error::NotPermitted => {
            "not permitted: a capability is missing, or the namespace is not below yours (EPERM)"
                .into()
        }
        Error::AccessDenied => {
            "permission denied: you may not inspect that process (no ptrace read access, as for \
             /proc/PID/ns) (EACCES)"
                .into()
        }
        Error::BadFd => "not an open file descriptor (EBADF)".into(),
        Error::Invalid => {
            "invalid argument: not a pid namespace or pidfd, or a value out of range (EINVAL)"
                .into()
        }
        Error::Os(e) => format!("{e}"),
        Error::UnknownAnswer => {
            "the module gave an answer this pidns command does not know: is it newer than the \
             command? (EPROTO)"
                .into()
        }
    }
}

struct Failure {
    message: String,
    code: u8,
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        let code = if e == Error::NotLoaded { 2 } else { 1 };
        Self {
            message: explain(e),
            code,
        }
    }
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Self { message, code: 1 }
    }
}

fn print(json: bool, value: serde_json::Value, text: String) {
    if json {
        println!("{value}");
    } else if !text.is_empty() {
        println!("{text}");
    }
}

/// The relation as JSON calls it: the uapi name, lower case.
fn relation_name(kind: RelationKind) -> &'static str {
    match kind {
        RelationKind::Equal => "equal",
        RelationKind::SourceIsAncestor { .. } => "source_is_ancestor",
        RelationKind::TargetIsAncestor { .. } => "target_is_ancestor",
        RelationKind::Unrelated => "unrelated",
    }
}

/// `pidns relation` in words, on one line.
fn describe_relation(r: &Relation) -> String {
    let levels = |d: u32| {
        if d == 1 {
            "1 level".into()
        } else {
            format!("{d} levels")
        }
    };
    let kind = match r.kind {
        RelationKind::Equal => "the same namespace".to_string(),
        RelationKind::SourceIsAncestor { distance } => {
            format!(
                "source is an ancestor of target, {} above it",
                levels(distance)
            )
        }
        RelationKind::TargetIsAncestor { distance } => {
            format!(
                "target is an ancestor of source, {} above it",
                levels(distance)
            )
        }
        RelationKind::Unrelated => "unrelated: neither contains the other".to_string(),
    };
    format!(
        "{kind}; levels below yours: source {}, target {}, common ancestor {}",
        r.source_level, r.target_level, r.common_level
    )
}

fn relation_json(source: &str, target: &str, r: &Relation) -> serde_json::Value {
    json!({
        "source": source,
        "target": target,
        "relation": relation_name(r.kind),
        "distance": r.kind.distance(),
        "source_level": r.source_level,
        "target_level": r.target_level,
        "common_level": r.common_level,
    })
}

fn run(cli: Cli) -> Result<(), Failure> {
    let dev = Device::open()?;
    match cli.cmd {
        Cmd::Translate {
            pid,
            from,
            to,
            tgid,
        } => {
            let n = dev.translate(pid, &parse_ref(&from)?, &parse_ref(&to)?, tgid)?;
            print(
                cli.json,
                json!({ "pid": pid, "from": from, "to": to, "result": n }),
                n.to_string(),
            );
        }
        Cmd::InitPid { ns, to } => {
            let i = dev.init_pid(&parse_ref(&ns)?, &parse_ref(&to)?)?;
            print(
                cli.json,
                json!({ "pid": i.pid, "tid": i.tid, "pidfs_ino": i.pidfs_ino, "ns_id": i.ns_id }),
                format!(
                    "{} (reaper thread {}, pidfs inode {}, namespace id {})",
                    i.pid, i.tid, i.pidfs_ino, i.ns_id
                ),
            );
        }
        Cmd::Relation { source, target } => {
            let r = dev.relation(&parse_ref(&source)?, &parse_ref(&target)?)?;
            print(
                cli.json,
                relation_json(&source, &target, &r),
                describe_relation(&r),
            );
        }
        Cmd::LastPids {
            op: LastPidsOp::Get { ns, count },
        } => {
            let ns = parse_ref(&ns)?;
            let count = match count {
                Some(c) => c,
                None => dev.levels(&ns)? as usize,
            };
            let v = dev.last_pids(&ns, count)?;
            let text = v.iter().map(i32::to_string).collect::<Vec<_>>().join(" ");
            print(cli.json, json!({ "last_pids": v }), text);
        }
        Cmd::LastPids {
            op: LastPidsOp::Set { ns, last_pids },
        } => {
            dev.set_last_pids(&parse_ref(&ns)?, &last_pids)?;
            print(cli.json, json!({ "set": last_pids }), String::new());
        }
        Cmd::Enter { target, ns, cmd } => return enter(&dev, &target, &ns, &cmd),
        Cmd::Tree => tree(&dev, cli.json)?,
    }
    Ok(())
}

/// `pidns enter`: joins, then runs the command (as a child if a pid namespace was joined, since
/// only children enter that).
fn enter(dev: &Device, target: &str, kinds: &[NsKind], cmd: &[String]) -> Result<(), Failure> {
    let pidfd: OwnedFd = if let Some(fd) = target.strip_prefix("fd:") {
        let fd: i32 = fd
            .parse()
            .map_err(|_| format!("{target}: not an fd number"))?;
        // SAFETY: The user hands us this inherited descriptor; nothing else in this process
        // owns it.
        unsafe { OwnedFd::from_raw_fd(fd) }
    } else {
        let pid = target.parse().map_err(|_| format!("{target}: not a pid"))?;
        match PidNs::of_pid(pid).map_err(|e| format!("process {pid}: {}", explain(e)))? {
            PidNs::Fd(fd) => fd,
            _ => unreachable!("of_pid gives a pidfd"),
        }
    };
    let mask = kinds.iter().fold(0, |m, k| m | k.mask());
    let joined = dev.enter(pidfd.as_fd(), mask)?;
    let mut command = Command::new(&cmd[0]);
    command.args(&cmd[1..]);
    if joined & NsKind::Pid.mask() != 0 {
        let status = command.status().map_err(|e| format!("{}: {e}", cmd[0]))?;
        std::process::exit(status.code().unwrap_or(128 + 9));
    }
    Err(format!("{}: {}", cmd[0], command.exec()).into())
}

/// `NS_GET_ID` and `NS_GET_PARENT` of mainline nsfs, for `tree`.
fn ns_id(fd: BorrowedFd<'_>) -> Option<u64> {
    // SAFETY: NS_GET_ID is _IOR(0xb7, 13, __u64).
    unsafe {
        ioctl::ioctl(
            fd,
            ioctl::Getter::<{ opcode::read::<u64>(0xb7, 13) }, u64>::new(),
        )
    }
    .ok()
}

fn ns_parent(fd: BorrowedFd<'_>) -> Option<OwnedFd> {
    const NS_GET_PARENT: ioctl::Opcode = opcode::none(0xb7, 2);
    // SAFETY: NS_GET_PARENT takes no argument.
    let parent = unsafe { ioctl::ioctl(fd, pidns::ReturnValue::<NS_GET_PARENT>(0)) }.ok()?;
    // SAFETY: On success NS_GET_PARENT returns a new fd, which we now own.
    Some(unsafe { OwnedFd::from_raw_fd(parent) })
}

/// `pidns tree`: namespaces found through /proc, numbers asked of /dev/pidns by namespace id.
fn tree(dev: &Device, json: bool) -> Result<(), Failure> {
    let caller_id = PidNs::open_path("/proc/self/ns/pid")
        .ok()
        .and_then(|ns| match ns {
            PidNs::Fd(fd) => ns_id(fd.as_fd()),
            _ => None,
        })
        .ok_or_else(|| "cannot read /proc/self/ns/pid".to_string())?;
    let mut parent_of: BTreeMap<u64, u64> = BTreeMap::new();
    let mut procs: BTreeMap<u64, Vec<(i32, Vec<u64>)>> = BTreeMap::new();
    for entry in std::fs::read_dir("/proc")
        .map_err(|e| format!("/proc: {e}"))?
        .flatten()
    {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<i32>() else {
            continue;
        };
        let Ok(PidNs::Fd(mut fd)) = PidNs::open_path(format!("/proc/{pid}/ns/pid")) else {
            continue;
        };
        let mut chain = Vec::new();
        while let Some(id) = ns_id(fd.as_fd()) {
            chain.push(id);
            if id == caller_id {
                break;
            }
            match ns_parent(fd.as_fd()) {
                Some(parent) => fd = parent,
                None => break,
            }
        }
        for pair in chain.windows(2) {
            parent_of.insert(pair[0], pair[1]);
        }
        chain.reverse(); // outermost (ours) first
        if let Some(&inner) = chain.last() {
            procs.entry(inner).or_default().push((pid, chain));
        }
    }
    let mut out = Vec::new();
    let mut text = String::new();
    print_ns(dev, caller_id, 0, &parent_of, &procs, &mut text, &mut out);
    print(json, json!(out), text.trim_end().to_string());
    Ok(())
}

fn print_ns(
    dev: &Device,
    ns: u64,
    depth: usize,
    parent_of: &BTreeMap<u64, u64>,
    procs: &BTreeMap<u64, Vec<(i32, Vec<u64>)>>,
    text: &mut String,
    out: &mut Vec<serde_json::Value>,
) {
    let indent = "    ".repeat(depth);
    text.push_str(&format!("{indent}pid namespace {ns}\n"));
    for (pid, chain) in procs.get(&ns).into_iter().flatten() {
        let pids: Vec<i32> = chain
            .iter()
            .map(|id| {
                dev.translate(*pid, &PidNs::caller(), &PidNs::Id(*id), false)
                    .unwrap_or(0)
            })
            .collect();
        let shown = pids
            .iter()
            .map(i32::to_string)
            .collect::<Vec<_>>()
            .join(" / ");
        text.push_str(&format!("{indent}  {shown}\n"));
        out.push(json!({ "namespace": ns, "levels": chain, "pids": pids }));
    }
    for (child, _) in parent_of.iter().filter(|(_, p)| **p == ns) {
        print_ns(dev, *child, depth + 1, parent_of, procs, text, out);
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("pidns: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn parses_translate() {
        let cli =
            Cli::try_parse_from(["pidns", "translate", "7", "--from", "42", "--tgid"]).unwrap();
        match cli.cmd {
            Cmd::Translate {
                pid,
                from,
                to,
                tgid,
            } => {
                assert_eq!(
                    (pid, from.as_str(), to.as_str(), tgid),
                    (7, "42", "self", true)
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn parses_relation_of_two_refs() {
        let cli = Cli::try_parse_from(["pidns", "--json", "relation", "self", "id:7"]).unwrap();
        match cli.cmd {
            Cmd::Relation { source, target } => {
                assert_eq!((source.as_str(), target.as_str()), ("self", "id:7"));
            }
            other => panic!("{other:?}"),
        }
        assert!(cli.json);
        assert!(
            Cli::try_parse_from(["pidns", "relation", "self"]).is_err(),
            "two references are required"
        );
    }

    #[test]
    fn relations_are_said_in_words_and_json() {
        let r = |kind, source_level, target_level, common_level| Relation {
            kind,
            source_level,
            target_level,
            common_level,
        };
        assert_eq!(
            describe_relation(&r(RelationKind::Equal, 0, 0, 0)),
            "the same namespace; levels below yours: source 0, target 0, common ancestor 0"
        );
        assert_eq!(
            describe_relation(&r(RelationKind::SourceIsAncestor { distance: 1 }, 0, 1, 0)),
            "source is an ancestor of target, 1 level above it; \
             levels below yours: source 0, target 1, common ancestor 0"
        );
        assert_eq!(
            describe_relation(&r(RelationKind::TargetIsAncestor { distance: 2 }, 3, 1, 1)),
            "target is an ancestor of source, 2 levels above it; \
             levels below yours: source 3, target 1, common ancestor 1"
        );
        assert_eq!(
            describe_relation(&r(RelationKind::Unrelated, 1, 2, 0)),
            "unrelated: neither contains the other; \
             levels below yours: source 1, target 2, common ancestor 0"
        );
        let value = relation_json(
            "self",
            "4242",
            &r(RelationKind::SourceIsAncestor { distance: 1 }, 0, 1, 0),
        );
        assert_eq!(
            value.to_string(),
            "{\"common_level\":0,\"distance\":1,\"relation\":\"source_is_ancestor\",\
             \"source\":\"self\",\"source_level\":0,\"target\":\"4242\",\"target_level\":1}"
        );
        assert_eq!(
            relation_json("self", "self", &r(RelationKind::Equal, 0, 0, 0))["relation"],
            "equal"
        );
        assert_eq!(
            relation_json("1", "2", &r(RelationKind::Unrelated, 1, 1, 0))["relation"],
            "unrelated"
        );
        assert_eq!(
            relation_json(
                "1",
                "self",
                &r(RelationKind::TargetIsAncestor { distance: 1 }, 1, 0, 0)
            )["relation"],
            "target_is_ancestor"
        );
    }

    #[test]
    fn parses_enter_with_namespace_list_and_command() {
        let cli = Cli::try_parse_from(["pidns", "enter", "42", "--ns", "mnt,net", "--", "ip", "a"])
            .unwrap();
        match cli.cmd {
            Cmd::Enter { target, ns, cmd } => {
                assert_eq!(target, "42");
                assert_eq!(ns, vec![NsKind::Mnt, NsKind::Net]);
                assert_eq!(cmd, vec!["ip", "a"]);
            }
            other => panic!("{other:?}"),
        }
        assert!(
            Cli::try_parse_from(["pidns", "enter", "42"]).is_err(),
            "a command is required"
        );
        assert!(Cli::try_parse_from(["pidns", "enter", "42", "--ns", "bogus", "--", "x"]).is_err());
    }

    #[test]
    fn namespace_masks_are_clone_flags() {
        assert_eq!(NsKind::Net.mask(), 0x4000_0000);
        assert_eq!(NsKind::Mnt.mask(), 0x0002_0000);
        assert_eq!(NsKind::Time.mask(), 0x80);
        assert_eq!(NsKind::All.mask().count_ones(), 8);
    }

    #[test]
    fn refs_parse_ids_and_reject_garbage() {
        assert!(matches!(parse_ref("self"), Ok(PidNs::Caller)));
        assert!(matches!(
            parse_ref("id:4026531836"),
            Ok(PidNs::Id(4026531836))
        ));
        assert!(parse_ref("id:x").is_err());
        assert!(parse_ref("/nonexistent/ns/pid")
            .unwrap_err()
            .contains("/nonexistent"));
    }

    #[test]
    fn every_error_is_explained() {
        for e in [
            Error::NotLoaded,
            Error::NoSuchProcess,
            Error::NotInTarget,
            Error::NotPermitted,
            Error::AccessDenied,
            Error::BadFd,
            Error::Invalid,
            Error::UnknownAnswer,
        ] {
            let text = explain(e);
            assert!(text.len() > 20, "{text}");
        }
        assert!(explain(Error::NotLoaded).contains("insmod"));
        assert!(explain(Error::AccessDenied).contains("EACCES"));
        assert_eq!(Failure::from(Error::NotLoaded).code, 2);
        assert_eq!(Failure::from(Error::NoSuchProcess).code, 1);
    }
}
