#!/usr/bin/env node
// Regenerates the generated fields of lib/data/actions.json from each action's
// own git repository: release tags -> peeled commit SHAs, and `runs.using` of
// action.yml (or action.yaml) at every release tag.
//
// Curated fields (archived, replacement, refs, breaking, and corpusUses unless
// --corpus is given) and the top-level runtimeStatus are kept as they are.
// Needs only Node >= 20 and a `git` on PATH; network access to github.com is
// needed unless --cache points at existing clones and --offline is given.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const DATA = resolve(dirname(fileURLToPath(import.meta.url)), '../lib/data/actions.json');
const HELP = `Usage: node scripts/update-action-data.mjs [options]

Refreshes tags, SHAs, majors and runtimes of every action in lib/data/actions.json.
  --add <owner/repo[/path]>  also add this action (repeatable; spelling kept for "repo")
  --corpus <dir>             recount corpusUses from the workflow files under <dir>
  --cache <dir>              keep clones in <dir>/<owner>+<repo> and reuse them
  --offline                  do not clone or fetch; requires --cache with clones
  --date <YYYY-MM-DD>        date to record instead of today
  --dry-run                  print a summary of changes, do not write the file
  --help                     show this text`;

// Release tags only: vN, vN.N, vN.N.N and un-prefixed N.N.N (no -rc, -beta, a1, ...).
const RELEASE_TAG = /^(?:v(\d+)(?:\.(\d+))?(?:\.(\d+))?|(\d+)\.(\d+)\.(\d+))$/;

/** Parses a release tag into [major, minor, patch]; missing parts are -1 so v4 < v4.0 < v4.0.0. */
function parseVersion(tag) {
  const m = RELEASE_TAG.exec(tag);
  if (!m) return null;
  const n = m[1] === undefined ? m.slice(4, 7) : m.slice(1, 4);
  return n.map((x) => (x === undefined ? -1 : Number(x)));
}

function compareTags(a, b) {
  const va = parseVersion(a);
  const vb = parseVersion(b);
  for (let i = 0; i < 3; i++) if (va[i] !== vb[i]) return va[i] - vb[i];
  return a.localeCompare(b); // "v1.0.0" and "1.0.0" are equal versions: keep a fixed order
}

const isExact = (tag) => parseVersion(tag)?.[2] >= 0;

function git(gitDir, args, input) {
  return execFileSync('git', ['--git-dir', gitDir, ...args], {
    encoding: 'utf8',
    input,
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
}

/**
 * Extracts `runs.using` from an action metadata file without a YAML library.
 * Handles the block form (`runs:` then an indented `using:`) and the flow form
 * (`runs: { using: node20, main: ... }`). Returns null when not found.
 */
function runsUsing(text) {
  const lines = text.split(/\r?\n/);
  const clean = (v) => v.replace(/\s+#.*$/, '').trim().replace(/^['"]|['"]$/g, '').toLowerCase();
  for (let i = 0; i < lines.length; i++) {
    const top = /^runs\s*:(.*)$/.exec(lines[i]);
    if (!top) continue;
    const flow = /[{,]\s*['"]?using['"]?\s*:\s*([^,}]+)/.exec(top[1]);
    if (flow) return clean(flow[1]);
    let childIndent = -1; // indentation of runs' direct children, learnt from the first one
    for (const line of lines.slice(i + 1)) {
      if (/^\s*(?:#.*)?$/.test(line)) continue; // blank or comment
      const indent = /^ */.exec(line)[0].length;
      if (indent === 0) break; // next top-level key: runs ended
      if (childIndent < 0) childIndent = indent;
      const m = /^\s*['"]?using['"]?\s*:(.+)$/.exec(line);
      if (m && indent === childIndent) return clean(m[1]);
    }
  }
  return null;
}

/** Returns a git dir holding the repository's tags: a cached clone, or a fresh bare partial clone. */
function openRepo(repo, opts, temps) {
  const url = `https://github.com/${repo}.git`;
  if (opts.cache) {
    const dir = join(opts.cache, repo.replace('/', '+'));
    if (existsSync(dir)) {
      if (!opts.offline) git(dir, ['fetch', '--quiet', '--tags', '--force', '--prune', url, '+refs/heads/*:refs/heads/*']);
      return dir;
    }
    if (opts.offline) throw new Error(`no clone of ${repo} in ${opts.cache} (offline)`);
  }
  const dir = opts.cache ? join(opts.cache, repo.replace('/', '+')) : join(mkdtempSync(join(tmpdir(), 'action-data-')), 'repo.git');
  if (!opts.cache) temps.push(dirname(dir));
  // Blobless: trees and commits only; the few action.yml blobs are fetched on demand below.
  execFileSync('git', ['clone', '--quiet', '--bare', '--filter=blob:none', url, dir], { stdio: 'inherit' });
  return dir;
}

/** Reads one action (repo root or sub-path) from a git dir: every release tag, its SHA and runtime. */
function readAction(gitDir, subPath) {
  const refs = git(gitDir, ['for-each-ref', 'refs/tags', '--format=%(refname:strip=2) %(objectname) %(*objectname)']);
  const shas = {};
  for (const line of refs.trim().split('\n').filter(Boolean)) {
    const [name, obj, peeled] = line.split(' ');
    if (parseVersion(name)) shas[name] = peeled || obj; // annotated tags are peeled to their commit
  }
  const names = Object.keys(shas).sort(compareTags);
  // One `cat-file --batch` for all tags; each tag asks for action.yml and action.yaml.
  const prefix = subPath ? `${subPath}/` : '';
  const files = ['action.yml', 'action.yaml'];
  const query = names.flatMap((t) => files.map((f) => `${shas[t]}:${prefix}${f}`)).join('\n') + '\n';
  const out = execFileSync('git', ['--git-dir', gitDir, 'cat-file', '--batch'], { input: query, maxBuffer: 256 * 1024 * 1024 });
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
  const tags = {};
  const using = {};
  names.forEach((t, i) => {
    const text = texts[2 * i] ?? texts[2 * i + 1];
    if (text === null) return; // no action file at this tag (or path): not usable as this action
    tags[t] = shas[t];
    using[t] = runsUsing(text) ?? 'unknown';
  });
  return { tags, using };
}

/** Derives latest / majors / usingChanges from tag -> sha and tag -> runs.using. */
function summarise({ tags, using }) {
  const names = Object.keys(tags).sort(compareTags);
  if (names.length === 0) return { latest: null, majors: {}, usingChanges: {}, tags };
  const byMajor = new Map();
  for (const t of names) {
    const key = `v${parseVersion(t)[0]}`;
    byMajor.set(key, [...(byMajor.get(key) ?? []), t]);
  }
  const majors = {};
  const usingChanges = {};
  for (const [major, list] of byMajor) {
    const newest = list.at(-1);
    majors[major] = { latest: newest, using: using[newest] };
    // Runtime changes inside a major, walking exact versions oldest -> newest.
    const exact = list.filter(isExact);
    for (let i = 1; i < exact.length; i++) {
      if (using[exact[i]] !== using[exact[i - 1]]) usingChanges[exact[i]] = using[exact[i]];
    }
  }
  const newest = names.at(-1);
  const latest = { major: `v${parseVersion(newest)[0]}`, sha: tags[newest], version: newest };
  return { latest, majors, usingChanges, tags };
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
          // Skip local actions, container actions and reusable workflows.
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

/** JSON with object keys sorted at every level, 2-space indent, trailing newline. */
function stableJson(value) {
  const sort = (v) =>
    Array.isArray(v) ? v.map(sort)
      : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort(v[k])]))
        : v;
  return `${JSON.stringify(sort(value), null, 2)}\n`;
}

function main() {
  const { values: opts } = parseArgs({
    options: {
      add: { type: 'string', multiple: true, default: [] },
      cache: { type: 'string' },
      corpus: { type: 'string' },
      date: { type: 'string', default: new Date().toISOString().slice(0, 10) },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
      offline: { type: 'boolean', default: false },
    },
  });
  if (opts.help) return console.log(HELP);
  if (opts.offline && !opts.cache) throw new Error('--offline needs --cache <dir>');

  const data = JSON.parse(readFileSync(DATA, 'utf8'));
  for (const spec of opts.add) {
    const key = spec.toLowerCase();
    const repo = spec.split('/').slice(0, 2).join('/');
    data.actions[key] ??= { archived: false, breaking: {}, corpusUses: 0, refs: {}, replacement: null, repo };
  }
  const counts = opts.corpus ? countCorpus(opts.corpus) : null;
  const temps = [];
  const repos = new Map(); // one clone per repository, shared by its sub-actions
  const changes = [];
  try {
    for (const [key, old] of Object.entries(data.actions)) {
      const repo = old.repo;
      const subPath = key.slice(repo.length + 1);
      if (!repos.has(repo)) repos.set(repo, openRepo(repo, opts, temps));
      const gitDir = repos.get(repo);
      const head = git(gitDir, ['log', '-1', '--format=%H %cs', 'HEAD']).trim().split(' ');
      const fresh = summarise(readAction(gitDir, subPath));
      const file = `${subPath ? `${subPath}/` : ''}action.yml`;
      const entry = {
        ...old, // curated fields survive untouched
        ...fresh,
        checked: opts.date,
        source: `github:${repo} (tags + ${file} at each tag), snapshot ${head[0].slice(0, 12)} (${head[1]})`,
      };
      if (counts) entry.corpusUses = counts[key] ?? 0;
      if (Object.keys(entry.usingChanges).length === 0) delete entry.usingChanges;
      const added = Object.keys(fresh.tags).filter((t) => !(t in (old.tags ?? {})));
      const moved = Object.keys(fresh.tags).filter((t) => old.tags?.[t] && old.tags[t] !== fresh.tags[t]);
      if (old.latest?.version !== fresh.latest?.version || added.length || moved.length) {
        changes.push(`${key}: latest ${old.latest?.version ?? '-'} -> ${fresh.latest?.version ?? '-'}, ` +
          `${added.length} new tag(s)${moved.length ? `, moved: ${moved.join(' ')}` : ''}`);
      }
      data.actions[key] = entry;
    }
  } finally {
    for (const d of temps) rmSync(d, { force: true, recursive: true });
  }
  data.generated = opts.date;
  console.log(changes.length ? changes.join('\n') : 'No tag changes.');
  if (!opts['dry-run']) writeFileSync(DATA, stableJson(data));
}

main();
