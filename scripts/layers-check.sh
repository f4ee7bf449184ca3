#!/usr/bin/env bash
# The module's layers (see the crate documentation in rust/pidns_main.rs), checked from the source:
#   1. ops/ has no `unsafe` (and says so to the compiler: `#![forbid(unsafe_code)]` in ops.rs);
#   2. the top-level files have none either, but the uapi types' byte guarantees (defs.rs);
#   3. ext/ imports nothing of the crate outside ext/ (no `crate::`: not the ABI, not an operation);
#   4. the files of ext/ import one another without a cycle.
# Prints each violation; exits non-zero if there is one.
source "$(dirname "$0")/lib.sh"
cd "$PIDNS_ROOT/rust"

python3 - <<'PY'
import pathlib, re, sys

bad = []
def code(path):
    """The file's lines without comments (// and //! and ///)."""
    return [(n, re.sub(r'//.*', '', l)) for n, l in enumerate(path.read_text().splitlines(), 1)]

ops = [pathlib.Path('ops.rs'), *sorted(pathlib.Path('ops').rglob('*.rs'))]
if '#![forbid(unsafe_code)]' not in pathlib.Path('ops.rs').read_text():
    bad.append('ops.rs: no #![forbid(unsafe_code)]')
for p in ops:
    for n, l in code(p):
        if re.search(r'\bunsafe\b', l) and 'forbid(unsafe_code)' not in l:
            bad.append(f'{p}:{n}: unsafe in an operation')

for p in sorted(pathlib.Path('.').glob('*.rs')):
    if p.name == 'ext.rs':
        continue
    for n, l in code(p):
        if re.search(r'\bunsafe\b', l) and 'forbid(unsafe_code)' not in l and not (
                p.name == 'defs.rs' and re.search(r'unsafe impl (FromBytes|AsBytes) for', l)):
            bad.append(f'{p}:{n}: unsafe outside ext/')

ext = {p.stem: p for p in sorted(pathlib.Path('ext').glob('*.rs'))}
edges = {m: set() for m in ext}
for m, p in ext.items():
    text = '\n'.join(l for _, l in code(p))
    for n, l in code(p):
        if re.search(r'(?<!\$)\bcrate::', l):
            bad.append(f'{p}:{n}: ext/ imports from the crate outside ext/')
    # `use super::{a, b::X}` and `super::a::...` paths.
    for group in re.findall(r'super::\{([^;]*?)\};', text, re.S):
        edges[m] |= {name for name in re.findall(r'(?:^|[,{\s])([a-z_]+)(?=::|\s*[,}]|$)', group)
                     if name in ext}
    edges[m] |= {name for name in re.findall(r'super::([a-z_]+)', text) if name in ext}
    edges[m].discard(m)

state = {}
def visit(m, path):
    if state.get(m) == 'done':
        return
    if state.get(m) == 'open':
        bad.append('ext/ import cycle: ' + ' -> '.join(path[path.index(m):] + [m]))
        return
    state[m] = 'open'
    for d in sorted(edges[m]):
        visit(d, path + [m])
    state[m] = 'done'
for m in ext:
    visit(m, [])

for b in bad:
    print(b)
print(f'{len(ops)} operation files, {len(ext)} abstraction files, '
      f'{sum(len(e) for e in edges.values())} imports inside ext/: '
      + ('ok' if not bad else f'{len(bad)} violations'))
sys.exit(1 if bad else 0)
PY
