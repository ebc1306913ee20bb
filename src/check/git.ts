import { spawnSync } from 'node:child_process';
import { UserError } from '../util/errors.js';

/** Large enough for the blobs of every prompt file at once. */
const MAX_BUFFER = 1 << 30;

function git(cwd: string, args: string[], input?: string): { status: number; stdout: Buffer; stderr: string } {
  const r = spawnSync('git', args, { cwd, input, maxBuffer: MAX_BUFFER });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError('--base needs git, which is not on the PATH: install git, or run without --base.');
    // git closed its input before reading all of it (it answered early, or failed): its answer is judged
    // below like any other. Passed on, the EPIPE would read as our own stdout being closed.
    if (code !== 'EPIPE' || !r.stdout) throw new Error(`git ${args[0]} failed: ${r.error.message}`);
  }
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr.toString('utf8').trim() };
}

/** The top folder of the repository holding `dir`. */
export function repoRoot(dir: string): string {
  const r = git(dir, ['rev-parse', '--show-toplevel']);
  if (r.status !== 0)
    throw new UserError(
      `--base compares prompt files with git, and ${dir} is not inside a git repository: run llmcost check from the repository, or without --base.`,
    );
  return r.stdout.toString('utf8').trim();
}

/**
 * The commit prompt files are compared with: the merge base of REF and HEAD, as a pull request's diff is
 * (so changes made on the base branch since the branch point are not counted as the pull request's), or REF
 * itself when the two share no history.
 */
export function baseCommit(root: string, ref: string): { commit: string; mergeBase: boolean } {
  const target = git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (target.status !== 0) {
    throw new UserError(
      `--base "${ref}" is not a commit in ${root}: fetch it first (git fetch origin ${ref.replace(/^origin\//, '')}; in GitHub Actions check out with fetch-depth: 0).`,
    );
  }
  const commit = target.stdout.toString('utf8').trim();
  const mb = git(root, ['merge-base', commit, 'HEAD']);
  if (mb.status === 0) return { commit: mb.stdout.toString('utf8').trim(), mergeBase: true };
  return { commit, mergeBase: false };
}

/** Every file path of a commit's tree, relative to the repository root. */
export function filesAt(root: string, commit: string): string[] {
  const r = git(root, ['ls-tree', '-r', '-z', '--name-only', commit]);
  if (r.status !== 0) throw new Error(`git ls-tree ${commit} failed: ${r.stderr}`);
  return r.stdout
    .toString('utf8')
    .split('\0')
    .filter((p) => p !== '');
}

/**
 * The content of files at a commit, read in one `git cat-file --batch` (one process however many files).
 * Its answer is, per file, "<oid> blob <size>\n<bytes>\n"; anything else is unexpected.
 */
export function readAt(root: string, commit: string, paths: string[]): Map<string, string> {
  const out = new Map<string, string>();
  // `--batch` reads one name a line, so a path holding a line break cannot be asked that way (git before 2.42
  // has no -z): such paths, rare, are read one by one, the name passed as an argument.
  for (const path of paths.filter((p) => p.includes('\n') || p.includes('\r'))) {
    const one = git(root, ['cat-file', 'blob', `${commit}:${path}`]);
    if (one.status !== 0) throw new Error(`git cat-file blob failed for a path with a line break: ${one.stderr}`);
    out.set(path, one.stdout.toString('utf8'));
  }
  paths = paths.filter((p) => !p.includes('\n') && !p.includes('\r'));
  if (paths.length === 0) return out;
  const r = git(root, ['cat-file', '--batch'], paths.map((p) => `${commit}:${p}\n`).join(''));
  if (r.status !== 0) throw new Error(`git cat-file --batch failed: ${r.stderr}`);
  const buf = r.stdout;
  let at = 0;
  for (const path of paths) {
    const eol = buf.indexOf(0x0a, at);
    const header = eol === -1 ? '' : buf.toString('utf8', at, eol);
    const m = /^[0-9a-f]+ blob (\d+)$/.exec(header);
    if (!m) throw new Error(`git cat-file gave an unexpected answer for ${commit}:${path}: "${header.slice(0, 80)}"`);
    const size = Number(m[1]);
    const end = eol + 1 + size;
    if (end >= buf.length || buf[end] !== 0x0a) throw new Error(`git cat-file answered ${commit}:${path} with fewer bytes than announced`);
    out.set(path, buf.toString('utf8', eol + 1, end));
    at = end + 1;
  }
  return out;
}
