# Adds lock entries for optional platform packages (other systems' builds of @swc/core and the
# like) that the package registry reachable here does not serve: npm then writes a lock without
# them and `npm ci` refuses it. npm skips the added entries on this platform by their os/cpu.
# Run after changing dependencies:  python3 .ci/complete-lock.py package-lock.json .
import json, re, subprocess, sys
lock_path = sys.argv[1]
out = subprocess.run(['npm', 'ci', '--dry-run', '--ignore-scripts'], capture_output=True, text=True, cwd=sys.argv[2]).stderr
missing = sorted(set(re.findall(r'Missing: (\S+?)@\S* from lock file', out)))
lock = json.load(open(lock_path))
pk = lock['packages']
wanted = {}
for path, meta in pk.items():
    for name, ver in (meta.get('optionalDependencies') or {}).items():
        if name in missing: wanted[name] = ver
OS = {'darwin': 'darwin', 'win32': 'win32', 'linux': 'linux', 'freebsd': 'freebsd', 'android': 'android', 'openbsd': 'openbsd', 'sunos': 'sunos', 'aix': 'aix', 'netbsd': 'netbsd', 'openharmony': 'openharmony', 'wasm32': None, 'wasi': None}
CPU = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el', 'loongarch64', 'wasm32']
added = 0
for name in missing:
    if name not in wanted: print('no version for', name); continue
    tail = name.split('/')[-1]
    parts = re.split(r'[-_]', tail)
    os_ = next((OS[p] for p in parts if p in OS and OS[p]), None)
    cpu = next((p for p in parts if p in CPU), None)
    if 'loong64' in tail: cpu = 'loong64'
    entry = {'version': re.sub(r'^[\^~=]', '', wanted[name]), 'optional': True}
    if cpu == 'wasm32' or 'wasm' in tail: entry['cpu'] = ['wasm32']
    else:
        if os_: entry['os'] = [os_]
        if cpu: entry['cpu'] = [cpu]
    if 'musl' in tail: entry['libc'] = ['musl']
    elif os_ == 'linux' and 'gnu' in tail: entry['libc'] = ['glibc']
    if 'cpu' not in entry and 'os' not in entry: print('cannot place', name); continue
    pk['node_modules/' + name] = entry
    added += 1
lock['packages'] = dict(sorted(pk.items(), key=lambda kv: (kv[0] != '', kv[0])))
json.dump(lock, open(lock_path, 'w'), indent=2); open(lock_path, 'a').write('\n')
print('added', added, 'of', len(missing))
