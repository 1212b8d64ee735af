#!/usr/bin/env node
// The action knowledge base has two human-readable sources and one compiled file:
//
//   lib/data/upstream.json  GENERATED here from each action's own git repository: release tags
//                           and their commit SHAs, `runs.using` and the input names of
//                           action.yml at every tag, release branches; when each was read.
//   lib/data/curated.json   WRITTEN BY PEOPLE: runtime deadlines, archived actions, sunset and
//                           missing refs, breaking changes with when they apply, each with its
//                           evidence. This script never writes it.
//   lib/data/compiled.json  COMPILED from both: minified JSON holding only what the rules read,
//                           with commits a fix never writes shortened to unique prefixes; the
//                           only form of the data the package ships (the build emits it as
//                           dist/data/compiled.json). `--compile` rebuilds it alone.
//
// A fix may write only what is in upstream.json: every SHA and tag there was read from the
// action's own repository. Needs Node >= 20 and `git`; network access to github.com unless
// --cache points at existing clones and --offline is given.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const DATA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../lib/data');
export const FILES = {
  upstream: join(DATA_DIR, 'upstream.json'),
  curated: join(DATA_DIR, 'curated.json'),
  compiled: join(DATA_DIR, 'compiled.json'),
};
const HELP = `Usage: node scripts/update-action-data.mjs [options]

Re-reads tags, SHAs, runtimes and inputs of every action in lib/data/curated.json from the
action's own repository into lib/data/upstream.json, then compiles lib/data/compiled.json.
  --add <owner/repo[/path]>  also read this action (add it to curated.json by hand to keep it)
  --corpus <dir>             print uses: counts per action of the workflow files under <dir>
  --cache <dir>              keep clones in <dir>/<owner>+<repo> and reuse them
  --offline                  do not clone or fetch; requires --cache with clones
  --git-base <url>           clone from <url>/<owner>/<repo>.git (default https://github.com)
  --date <YYYY-MM-DD>        the day the sources are read (default today)
  --data-dir <dir>           read and write the three files in <dir> (default lib/data)
  --compile                  only rebuild compiled.json from the two sources
  --dry-run                  print a summary of changes, do not write
  --help                     show this text`;

// Release tags only: vN, vN.N, vN.N.N and un-prefixed N.N.N (no -rc, -beta, a1, ...).
// Monorepos may prefix a sub-action's tags with its directory name ("save/v1.0.0").
const RELEASE_TAG = /^(?:v(\d+)(?:\.(\d+))?(?:\.(\d+))?|(\d+)\.(\d+)\.(\d+))$/;

/** Parses a release tag into [major, minor, patch]; missing parts are -1 so v4 < v4.0 < v4.0.0. */
export function parseVersion(tag) {
  const m = RELEASE_TAG.exec(tag.slice(tag.lastIndexOf('/') + 1));
  if (!m) return null;
  const n = m[1] === undefined ? m.slice(4, 7) : m.slice(1, 4);
  return n.map((x) => (x === undefined ? -1 : Number(x)));
}

/** "v4" for "v4.2.1" or "4.2.1"; "save/v1" for "save/v1.0.0". */
export const majorOf = (tag) => `${tag.slice(0, tag.lastIndexOf('/') + 1)}v${parseVersion(tag)[0]}`;

export function compareTags(a, b) {
  const [va, vb] = [parseVersion(a), parseVersion(b)];
  for (let i = 0; i < 3; i++) if (va[i] !== vb[i]) return va[i] - vb[i];
  return a.localeCompare(b); // "v1.0.0" and "1.0.0" are equal versions: keep a fixed order
}

const isExact = (tag) => parseVersion(tag)[2] >= 0;

/** Runs git against a (bare) git dir; returns stdout as a string, or a Buffer with raw: true. */
function git(gitDir, args, { input, raw = false } = {}) {
  return execFileSync('git', ['--git-dir', gitDir, ...args], {
    encoding: raw ? undefined : 'utf8', input, maxBuffer: 256 * 1024 * 1024, stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** The lines of a top-level block (`runs:`, `inputs:`): its header's rest and its direct children's lines. */
function topLevelBlock(lines, key) {
  for (let i = 0; i < lines.length; i++) {
    const top = new RegExp(`^['"]?${key}['"]?\\s*:(.*)$`).exec(lines[i]);
    if (!top) continue;
    const children = [];
    let childIndent = -1; // indentation of the block's direct children, learnt from the first one
    for (const line of lines.slice(i + 1)) {
      if (/^\s*(?:#.*)?$/.test(line)) continue; // blank or comment
      const indent = /^ */.exec(line)[0].length;
      if (indent === 0) break; // next top-level key: the block ended
      if (childIndent < 0) childIndent = indent;
      if (indent === childIndent) children.push(line);
    }
    return { rest: top[1], children };
  }
  return null;
}

/**
 * Extracts `runs.using` from an action metadata file without a YAML library: the block form
 * (`runs:` then an indented `using:`) and the flow form (`runs: { using: node20, ... }`). The
 * 2019 first-party actions ran as runner plugins (`runs.plugin`): "plugin". null when not found.
 */
export function runsUsing(text) {
  const block = topLevelBlock(text.split(/\r?\n/), 'runs');
  if (!block) return null;
  const clean = (v) => v.replace(/\s+#.*$/, '').trim().replace(/^['"]|['"]$/g, '').toLowerCase();
  const flow = /[{,]\s*['"]?using['"]?\s*:\s*([^,}]+)/.exec(block.rest);
  if (flow) return clean(flow[1]);
  let plugin = false;
  for (const line of block.children) {
    const m = /^\s*['"]?(using|plugin)['"]?\s*:(.+)$/.exec(line);
    if (m?.[1] === 'using') return clean(m[2]);
    if (m) plugin = true;
  }
  return plugin ? 'plugin' : null;
}

/** The names of the inputs an action metadata file declares (block form), sorted; null when not readable. */
export function inputNames(text) {
  const block = topLevelBlock(text.split(/\r?\n/), 'inputs');
  if (!block) return [];
  if (block.rest.trim() && !block.rest.trim().startsWith('#')) return null; // flow form: not read
  const names = block.children.map((line) => /^\s*['"]?([\w-]+)['"]?\s*:/.exec(line)?.[1]).filter(Boolean);
  return [...new Set(names)].sort();
}

/** Returns a git dir holding the repository's tags: a cached clone, or a fresh bare partial clone. */
function openRepo(repo, opts, temps) {
  const url = `${opts['git-base'].replace(/\/$/, '')}/${repo}.git`;
  const cached = opts.cache && join(opts.cache, repo.replace('/', '+'));
  if (cached && existsSync(cached)) {
    // Refresh branches and tags; tags deleted or moved upstream are deleted or moved here too.
    const refspecs = ['+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*'];
    if (!opts.offline) git(cached, ['fetch', '--quiet', '--force', '--prune', '--prune-tags', url, ...refspecs]);
    return cached;
  }
  if (opts.offline) throw new Error(`no clone of ${repo} in the cache (offline)`);
  const dir = cached || join(mkdtempSync(join(tmpdir(), 'action-data-')), 'repo.git');
  if (!cached) temps.push(dirname(dir));
  // Blobless: commits and trees only; the few action.yml blobs are fetched on demand by cat-file.
  execFileSync('git', ['clone', '--quiet', '--bare', '--filter=blob:none', url, dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  return dir;
}

/** Reads blobs `<commit>:<path>` in one `cat-file --batch`; null for a missing one. */
function readBlobs(gitDir, specs) {
  if (specs.length === 0) return [];
  const out = git(gitDir, ['cat-file', '--batch'], { input: `${specs.join('\n')}\n`, raw: true });
  const texts = [];
  for (let pos = 0; pos < out.length; ) {
    const eol = out.indexOf(10, pos);
    const header = out.toString('utf8', pos, eol).split(' ');
    pos = eol + 1;
    if (header.at(-1) === 'missing') { texts.push(null); continue; }
    const size = Number(header[2]);
    texts.push(out.toString('utf8', pos, pos + size));
    pos += size + 1; // content is followed by a newline
  }
  return texts;
}

/**
 * Reads one action (repository root or sub-path) from a git dir: every release tag with an
 * action file at the path, its commit (annotated tags peeled), `runs.using` and input names;
 * and the release branches (`release/*`, plus `wanted` names) with their commits.
 */
export function readAction(gitDir, subPath, wantedBranches = []) {
  const refs = git(gitDir, ['for-each-ref', 'refs/tags', 'refs/heads', '--format=%(refname) %(objectname) %(*objectname)']);
  // A sub-action released under path-prefixed tags ("<leaf>/vX.Y.Z") uses only those.
  const leaf = subPath ? `${subPath.split('/').at(-1)}/` : null;
  const all = {};
  const heads = {};
  for (const line of refs.trim().split('\n').filter(Boolean)) {
    const [ref, obj, peeled] = line.split(' ');
    if (ref.startsWith('refs/heads/')) {
      const name = ref.slice('refs/heads/'.length);
      if (/^release\/v\d+(?:\.\d+)*$/.test(name) || wantedBranches.includes(name)) heads[name] = obj;
    } else {
      const name = ref.slice('refs/tags/'.length);
      if (parseVersion(name)) all[name] = peeled || obj;
    }
  }
  const prefixed = Object.keys(all).filter((t) => leaf && t.startsWith(leaf) && !t.slice(leaf.length).includes('/'));
  const wanted = prefixed.length ? prefixed : Object.keys(all).filter((t) => !t.includes('/'));
  const names = wanted.sort(compareTags);
  const prefix = subPath ? `${subPath}/` : '';
  const files = ['action.yml', 'action.yaml'];
  const texts = readBlobs(gitDir, names.flatMap((t) => files.map((f) => `${all[t]}:${prefix}${f}`)));
  const [tags, using, inputs] = [{}, {}, {}];
  names.forEach((t, i) => {
    const text = texts[2 * i] ?? texts[2 * i + 1];
    if (text === null) return; // no action file at this tag (or path): not usable as this action
    tags[t] = all[t];
    using[t] = runsUsing(text) ?? 'unknown';
    const declared = inputNames(text);
    if (declared) inputs[t] = declared;
  });
  // A branch not at a release (a frozen `master`) is placed on the newest release it descends from.
  const bases = {};
  const exact = new Map(Object.entries(tags).filter(([t]) => isExact(t)).map(([t, sha]) => [sha, t]));
  for (const [name, sha] of Object.entries(heads)) {
    if (exact.has(sha)) continue;
    const history = git(gitDir, ['rev-list', '--max-count=1000', sha]).trim().split('\n');
    const ahead = history.findIndex((commit) => exact.has(commit));
    if (ahead > 0) bases[name] = { release: exact.get(history[ahead]), ahead };
  }
  const sorted = (object) => Object.fromEntries(Object.entries(object).sort(([a], [b]) => a.localeCompare(b)));
  return { tags, using, inputs, branches: sorted(heads), ...(Object.keys(bases).length ? { branchBases: sorted(bases) } : {}) };
}

/** Derives latest / majors / usingChanges / inputs per major from what readAction read. */
export function summarise({ tags, using, inputs = {} }) {
  const names = Object.keys(tags).sort(compareTags);
  const byMajor = new Map();
  for (const t of names) byMajor.set(majorOf(t), [...(byMajor.get(majorOf(t)) ?? []), t]);
  const [majors, usingChanges, majorInputs] = [{}, {}, {}];
  for (const [major, list] of byMajor) {
    const newest = list.at(-1);
    majors[major] = { latest: newest, using: using[newest] };
    if (inputs[newest]) majorInputs[major] = inputs[newest];
    // Runtime changes inside a major, walking exact versions oldest -> newest. A major whose
    // runtime changes also records its first release, so every exact version's runtime is known.
    const exact = list.filter(isExact);
    const changed = exact.filter((t, i) => i > 0 && using[t] !== using[exact[i - 1]]);
    for (const t of changed.length ? [exact[0], ...changed] : []) usingChanges[t] = using[t];
  }
  const newest = names.at(-1);
  const latest = newest ? { major: majorOf(newest), sha: tags[newest], version: newest } : null;
  return { latest, majors, usingChanges, inputs: majorInputs };
}

/** Counts `uses:` per action (lower-cased owner/repo[/path]) in every .yml/.yaml file under dir. */
function countCorpus(dir) {
  const counts = {};
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) {
        for (const m of readFileSync(p, 'utf8').matchAll(/^[ \t]*(?:-[ \t]*)?uses:[ \t]*['"]?([^'"\s#]+)/gm)) {
          const ref = m[1];
          if (ref.startsWith('./') || ref.startsWith('docker://') || /\/\.github\/workflows\//.test(ref)) continue;
          const key = ref.split('@')[0].toLowerCase();
          counts[key] = (counts[key] ?? 0) + 1;
        }
      }
    }
  };
  walk(dir);
  return counts;
}

/** Object keys sorted at every level (stable diffs); arrays keep their order. */
const sortKeys = (v) => (Array.isArray(v) ? v.map(sortKeys)
  : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])])) : v);

/** The branches a curated entry names (moving release branches, sunset branches). */
function curatedBranches(entry) {
  const names = Object.keys(entry.branches ?? {});
  for (const sunset of entry.sunset ?? []) for (const ref of sunset.refs) if (!parseVersion(ref)) names.push(ref);
  return names;
}

/**
 * Reads every action of `curated` (plus `add`) from its repository. Returns the new upstream
 * data and a log. Throws when every source failed: an empty file would silently turn the rule off.
 */
export function readUpstream(curated, previous, opts) {
  const keys = [...new Set([...Object.keys(curated.actions), ...(opts.add ?? []).map((spec) => spec.toLowerCase())])].sort();
  const temps = [];
  const repos = new Map(); // one clone per repository, shared by its sub-actions
  const log = [];
  const actions = {};
  let read = 0;
  try {
    for (const key of keys) {
      const spec = (opts.add ?? []).find((s) => s.toLowerCase() === key);
      const repo = curated.actions[key]?.repo ?? spec.split('/').slice(0, 2).join('/');
      const path = key.slice(repo.length + 1);
      const old = previous.actions?.[key];
      try {
        if (!repos.has(repo)) repos.set(repo, openRepo(repo, opts, temps));
        const gitDir = repos.get(repo);
        const [commit, date] = git(gitDir, ['log', '-1', '--format=%H %cs', 'HEAD']).trim().split(' ');
        const fresh = readAction(gitDir, path, curatedBranches(curated.actions[key] ?? {}));
        if (Object.keys(fresh.tags).length === 0) throw new Error('no release tag with an action file');
        // Input names are kept for the newest release of each major (what a fix moves to).
        actions[key] = { repo, path, checked: opts.date, snapshot: { commit, date }, ...fresh, inputs: summarise(fresh).inputs };
        read++;
        const oldTags = old?.tags ?? {};
        const added = Object.keys(fresh.tags).filter((t) => !(t in oldTags));
        const gone = Object.keys(oldTags).filter((t) => !(t in fresh.tags));
        const moved = Object.keys(fresh.tags).filter((t) => oldTags[t] && oldTags[t] !== fresh.tags[t]);
        if (added.length || gone.length || moved.length) {
          log.push(`${key}: +${added.length} tag(s), -${gone.length}${moved.length ? `, moved: ${moved.join(' ')}` : ''}`);
        }
      } catch (error) { // e.g. repository deleted or renamed: keep the entry as last read, say so
        log.push(`${key}: NOT READ (${String(error.message).split('\n')[0]})`);
        if (old) actions[key] = old;
      }
    }
  } finally {
    for (const d of temps) rmSync(d, { force: true, recursive: true });
  }
  if (read === 0) throw new Error(`every source failed (${keys.length}): not writing ${FILES.upstream}`);
  return { data: { note: previous.note ?? UPSTREAM_NOTE, actions }, log };
}

const UPSTREAM_NOTE = 'Generated by scripts/update-action-data.mjs from each action\'s own repository. Do not edit: curated facts live in curated.json.';

/** The most precise exact tag at a commit, if any. */
function exactTagAt(tags, sha) {
  return Object.keys(tags).filter((t) => tags[t] === sha && isExact(t)).sort(compareTags).at(-1);
}

/** The shortest SHA prefix the compiled data stores for a commit a fix never writes. */
export const MIN_SHA_PREFIX = 8;

/**
 * The compiled data the rules read: only verified releases (from upstream), the curated facts
 * the rule's logic needs (no evidence, no notes, no field the rule does not read), minified.
 *
 * Commits are stored compactly: each action's `tags` is one string of commit groups
 * (`<sha> <tag> <tag>,<sha> <tag>`, oldest first). A commit a fix can write (the newest release
 * of each major: the only SHA `upgrades.ts` writes) keeps its full 40-hex SHA; any other commit
 * only serves to place a user's SHA pin on a release and is stored as a prefix of `shaPrefix` hex
 * digits, the shortest length (at least MIN_SHA_PREFIX) at which every commit of the data is
 * unique. Input name lists are strings (`"a b c"`); a major whose list equals the previous
 * major's stores "=". Majors are `"<newest release> <runtime>"`; `latest` is the newest release;
 * `checked` is stored only where it differs from `date`.
 */
export function compile(upstream, curated) {
  const entries = [];
  let date = '';
  for (const [key, facts] of Object.entries(curated.actions).sort(([a], [b]) => a.localeCompare(b))) {
    const read = upstream.actions[key];
    if (!read) continue; // never read: the rule knows nothing it could verify
    if (read.checked > date) date = read.checked;
    entries.push([key, facts, read]);
  }
  const shaPrefix = uniquePrefixLength(entries.flatMap(([, , read]) => Object.values(read.tags)));
  const actions = {};
  for (const [key, facts, read] of entries) {
    const { latest, majors, usingChanges } = summarise(read);
    const branches = {};
    for (const [branch, sha] of Object.entries(read.branches ?? {})) {
      const tag = exactTagAt(read.tags, sha) ?? read.branchBases?.[branch]?.release;
      if (tag) branches[branch] = tag;
    }
    for (const [branch, text] of Object.entries(facts.branches ?? {})) if (!(branch in branches) && !parseVersion(text)) branches[branch] = text;
    // Refs that no longer work as they did (`sunset`), and those known to fail (`fails`): a shut-down service.
    const [sunset, fails] = [{}, {}];
    for (const entry of facts.sunset ?? []) for (const ref of entry.refs) (entry.fails ? fails : sunset)[ref] = entry.summary;
    const breaking = {};
    for (const [release, changes] of Object.entries(facts.breaking ?? {})) {
      if (!(majorOf(release) in majors)) continue; // a release not read from the repository: nothing can cross it
      breaking[release] = changes.map(({ summary, when, keep }) => ({ summary, ...(when ? { when } : {}), ...(keep ? { keep } : {}) }));
    }
    const refs = {};
    if (Object.keys(sunset).length) refs.sunset = sunset;
    if (Object.keys(fails).length) refs.fails = fails;
    if (facts.missing?.length) refs.missing = facts.missing;
    if (Object.keys(branches).length) refs.branches = branches;
    const writable = new Set(Object.values(majors).map((major) => read.tags[major.latest]));
    actions[key] = {
      ...(read.checked !== date ? { checked: read.checked } : {}),
      // What the data knows of the action is as of its snapshot's newest commit: no later release is known.
      asOf: read.snapshot?.date ?? read.checked,
      ...(facts.archived ? { archived: true, replacement: facts.replacement ?? null } : {}),
      ...(latest ? { latest: latest.version } : {}),
      majors: Object.fromEntries(Object.entries(majors).map(([major, { latest: newest, using }]) => [major, `${newest} ${using}`])),
      ...(Object.keys(usingChanges).length ? { usingChanges } : {}),
      tags: commitGroups(read.tags, writable, shaPrefix),
      ...(Object.keys(read.inputs ?? {}).length ? { inputs: inputLists(read.inputs) } : {}),
      ...(Object.keys(refs).length ? { refs } : {}),
      ...(Object.keys(breaking).length ? { breaking } : {}),
    };
  }
  const runtimeStatus = Object.fromEntries(
    Object.entries(curated.runtimeStatus).map(([runtime, { status, since, runsOn }]) => [runtime, { status, ...(since ? { since } : {}), ...(runsOn ? { runsOn } : {}) }]),
  );
  return { date, shaPrefix, runtimeStatus, actions };
}

/** The shortest prefix length (at least MIN_SHA_PREFIX) at which the distinct SHAs stay distinct. */
export function uniquePrefixLength(shas) {
  const distinct = new Set(shas.map((sha) => sha.toLowerCase()));
  for (let length = MIN_SHA_PREFIX; length < 40; length++) {
    if (new Set([...distinct].map((sha) => sha.slice(0, length))).size === distinct.size) return length;
  }
  return 40;
}

/** Tags grouped by commit, oldest release first: `<sha> <tag> <tag>,…`; full SHAs only for `writable` commits. */
function commitGroups(tags, writable, shaPrefix) {
  const groups = new Map();
  for (const tag of Object.keys(tags).sort(compareTags)) {
    const sha = tags[tag].toLowerCase();
    groups.set(sha, [...(groups.get(sha) ?? []), tag]);
  }
  return [...groups]
    .sort(([, a], [, b]) => compareTags(a.at(-1), b.at(-1)))
    .map(([sha, names]) => [writable.has(sha) ? sha : sha.slice(0, shaPrefix), ...names].join(' '))
    .join(',');
}

/** Input names per major as strings; "=" for the same list as the major before it. */
function inputLists(inputs) {
  let previous;
  return Object.fromEntries(Object.entries(inputs).map(([major, names]) => {
    const text = names.join(' ');
    const value = text === previous ? '=' : text;
    previous = text;
    return [major, value];
  }));
}

/** The text of lib/data/compiled.json: the compiled data, minified, with a final newline. */
export function compiledText(upstream, curated) {
  return `${JSON.stringify(compile(upstream, curated))}\n`;
}

const readJson = (file, fallback) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : fallback);

export function main(argv = process.argv.slice(2)) {
  const { values: opts } = parseArgs({
    args: argv,
    options: {
      add: { type: 'string', multiple: true, default: [] },
      cache: { type: 'string' },
      compile: { type: 'boolean', default: false },
      corpus: { type: 'string' },
      'data-dir': { type: 'string' },
      date: { type: 'string', default: new Date().toISOString().slice(0, 10) },
      'git-base': { type: 'string', default: 'https://github.com' },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
      offline: { type: 'boolean', default: false },
    },
  });
  if (opts.help) return console.log(HELP);
  if (opts.offline && !opts.cache) throw new Error('--offline needs --cache <dir>');
  const files = opts['data-dir']
    ? { upstream: join(opts['data-dir'], 'upstream.json'), curated: join(opts['data-dir'], 'curated.json'), compiled: join(opts['data-dir'], 'compiled.json') }
    : FILES;
  const curated = readJson(files.curated, null);
  if (!curated) throw new Error(`no ${files.curated}`);
  let upstream = readJson(files.upstream, { actions: {} });
  if (opts.corpus) {
    const counts = countCorpus(opts.corpus);
    for (const key of Object.keys(curated.actions)) console.log(`${String(counts[key] ?? 0).padStart(6)}  ${key}`);
  }
  if (!opts.compile) {
    const { data, log } = readUpstream(curated, upstream, opts);
    console.log(log.length ? log.join('\n') : 'No tag changes.');
    // Compiled from the data as written (keys sorted), so that `--compile` alone gives the same file.
    upstream = sortKeys(data);
    if (!opts['dry-run']) writeFileSync(files.upstream, `${JSON.stringify(sortKeys(upstream), null, 2)}\n`);
  }
  if (!opts['dry-run']) writeFileSync(files.compiled, compiledText(upstream, curated));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    console.error(`update-action-data: ${error.message}`);
    process.exit(1);
  }
}
