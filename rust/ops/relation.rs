// SPDX-License-Identifier: GPL-2.0

//! `PIDNS_IOC_RELATION`: how two pid namespaces are related (the same, one an ancestor of the
//! other and by how many levels, or unrelated), in one call: pidctl's query, where mainline has
//! one `NS_GET_PARENT` per level.
//!
//! Only the caller's subtree is described: both namespaces must be the caller's or below it,
//! and every level is relative to the caller's, as `NS_GET_PARENT` never walks above it.

use crate::{
    caller::Caller,
    defs::{
        PidnsRelation, PIDNS_RELATION_EQUAL, PIDNS_RELATION_SOURCE_IS_ANCESTOR,
        PIDNS_RELATION_TARGET_IS_ANCESTOR, PIDNS_RELATION_UNRELATED,
    },
    ext::pid_namespace::PidNamespaceExt,
};
use core::ptr;
use kernel::prelude::*;

/// Answers `req` in place for `caller`; see `struct pidns_relation` in the uapi header for the
/// contract.
pub(crate) fn relation(req: &mut PidnsRelation, caller: &Caller<'_>) -> Result {
    if req.flags != 0 || req.reserved != 0 {
        return Err(EINVAL);
    }
    let source = caller.resolve(&req.source)?;
    let target = caller.resolve(&req.target)?;
    let own = caller.ns();
    if !own.contains(&source) || !own.contains(&target) {
        return Err(EPERM);
    }

    let common = source.common_ancestor(&target);
    let (source_level, target_level) = (source.level(), target.level());
    (req.relation, req.distance) = if ptr::eq(&*source, &*target) {
        (PIDNS_RELATION_EQUAL, 0)
    } else if ptr::eq(common, &*source) {
        (
            PIDNS_RELATION_SOURCE_IS_ANCESTOR,
            target_level - source_level,
        )
    } else if ptr::eq(common, &*target) {
        (
            PIDNS_RELATION_TARGET_IS_ANCESTOR,
            source_level - target_level,
        )
    } else {
        (PIDNS_RELATION_UNRELATED, 0)
    };
    // Every level is at least the caller's: both namespaces, and so their common ancestor, are
    // in its subtree.
    req.source_level = source_level - own.level();
    req.target_level = target_level - own.level();
    req.common_level = common.level() - own.level();
    Ok(())
}
