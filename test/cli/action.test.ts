import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMENT_MARKER } from '../../src/report/check-comment.js';
import { FORMAT_NAMES } from '../../src/report/format-names.js';
import { fixture, llmcost, ROOT } from '../helpers/cli.js';
import { NOW, repo, type Repo } from './check/repo.js';

/**
 * The repository's action.yml, checked offline: its inputs and expressions, the files and flags its steps
 * use, and its scripts run as GitHub runs them (bash -eo pipefail) against the built CLI. GitHub's API is
 * out of reach here: the comment step talks to a stand-in `gh` that answers from a file and records what
 * it was asked to send.
 */

interface Step {
  name: string;
  id?: string;
  if?: string;
  uses?: string;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  'working-directory'?: string;
}
interface Action {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const TEXT = readFileSync(join(ROOT, 'action.yml'), 'utf8');
const ACTION = parse(TEXT) as Action;
const step = (name: string): Step => {
  const s = ACTION.runs.steps.find((x) => x.name === name);
  if (!s) throw new Error(`action.yml has no step "${name}"`);
  return s;
};
const JQ = ['/usr/bin/jq', '/usr/local/bin/jq'].find((p) => existsSync(p));

/** Replaces each `${{ name }}` by its value in `values`; an expression the test does not know is an error. */
function expand(text: string, values: Record<string, string>): string {
  return text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, name: string) => {
    if (!Object.hasOwn(values, name)) throw new Error(`no value for \${{ ${name} }}`);
    return values[name]!;
  });
}

/** What a step's expressions read: the inputs (defaults, then `given`) and the context. */
function contextOf(given: Record<string, string>, context: Record<string, string>): Record<string, string> {
  const values: Record<string, string> = { 'github.token': 'token-1', 'github.action_path': ROOT, 'github.repository': 'acme/app', ...context };
  for (const [name, input] of Object.entries(ACTION.inputs)) values[`inputs.${name}`] = given[name] ?? expand(input.default ?? '', values);
  return values;
}

/** Runs a step's script as GitHub does (bash --noprofile --norc -eo pipefail FILE) with its env expanded. */
function runStep(s: Step, dir: string, values: Record<string, string>, env: Record<string, string>) {
  const script = join(dir, `${s.id ?? 'step'}.sh`);
  writeFileSync(script, s.run!);
  const stepEnv = Object.fromEntries(Object.entries(s.env ?? {}).map(([k, v]) => [k, expand(v, values)]));
  const cwd = s['working-directory'] ? join(dir, expand(s['working-directory'], values)) : dir;
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, TZ: 'UTC', NO_COLOR: '1', GITHUB_ACTION_PATH: ROOT, RUNNER_TEMP: dir, ...env, ...stepEnv },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function outputs(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

describe('action.yml', () => {
  it('is a composite action whose expressions name its own inputs and outputs, each input used', () => {
    expect(ACTION.runs.using).toBe('composite');
    expect(Object.keys(ACTION.inputs)).toEqual(expect.arrayContaining(['args', 'config', 'comment', 'working-directory']));
    const used = new Set([...TEXT.matchAll(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g)].map((m) => m[1]));
    expect([...used].sort()).toEqual(Object.keys(ACTION.inputs).sort());
    // Each output a step reads is one the check step writes.
    const read = new Set([...TEXT.matchAll(/steps\.check\.outputs\.([\w-]+)/g)].map((m) => m[1]!));
    for (const name of read) expect(step('Check the budgets').run).toContain(`echo "${name}=`);
    expect(ACTION.outputs['exit-code']!.value).toBe('${{ steps.check.outputs.exit-code }}');
  });

  it('sets up a Node.js llmcost runs on and installs llmcost from its own checkout', () => {
    const node = step('Set up Node.js');
    expect(node.uses).toMatch(/^actions\/setup-node@v\d+$/);
    expect(Number(ACTION.inputs['node-version']!.default)).toBeGreaterThanOrEqual(22);
    const install = step('Install llmcost');
    expect(install['working-directory']).toBe('${{ github.action_path }}');
    expect(install.run!.trim()).toMatch(/^npm ci\b/);
    // npm ci runs `prepare`, which builds the dist/ that bin/llmcost.js loads.
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts.prepare).toBe('npm run build');
    expect(existsSync(join(ROOT, 'package-lock.json'))).toBe(true);
    // Every file of the action's checkout that a script names exists.
    const paths = [...TEXT.matchAll(/\$GITHUB_ACTION_PATH\/([\w./-]+)/g)].map((m) => m[1]!);
    expect(paths).toContain('bin/llmcost.js');
    for (const p of paths) expect(existsSync(join(ROOT, p))).toBe(true);
  });

  it('uses only commands, flags and formats the CLI has', () => {
    const script = step('Check the budgets').run!;
    const formats = [...script.matchAll(/check --format ([\w-]+)/g)].map((m) => m[1]);
    expect(formats).toEqual(['github', 'github-comment']);
    for (const f of formats) expect(FORMAT_NAMES.check).toContain(f);
    const global = llmcost(['--help']);
    expect(global.code).toBe(0);
    for (const flag of [...script.matchAll(/global\+=\((--[\w-]+)/g)].map((m) => m[1]!)) expect(global.stdout).toContain(`${flag} <`);
    for (const command of [...script.matchAll(/"\$\{global\[@\]\}" (\w+)/g)].map((m) => m[1]!)) {
      const help = llmcost([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: llmcost ${command}`);
    }
    expect(llmcost(['check', '--help']).stdout.replace(/\s+/g, ' ')).toContain('"github-comment"');
  });

  it('the documented workflow (docs/github-action.yml) gives the action inputs it has, and the permission to comment', () => {
    const wf = parse(readFileSync(join(ROOT, 'docs', 'github-action.yml'), 'utf8'));
    const steps: Step[] = wf.jobs.llmcost.steps;
    expect(steps[0]).toMatchObject({ uses: 'actions/checkout@v4', with: { 'fetch-depth': 0 } });
    const uses = steps.find((s) => s.uses?.startsWith('llmcost/llmcost@'))!;
    for (const key of Object.keys(uses.with!)) expect(Object.keys(ACTION.inputs)).toContain(key);
    expect(uses.with!['comment']).toBe(true);
    expect(wf.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    // On a pull request, args is `--base origin/<target>`: a flag of check.
    expect(uses.with!['args']).toBe("${{ github.base_ref && format('--base origin/{0}', github.base_ref) || '' }}");
    expect(llmcost(['check', '--help']).stdout).toContain('--base <ref>');
  });

  describe('its steps, run as GitHub runs them', () => {
    let r: Repo;
    beforeEach(() => {
      r = repo();
      // fixtures/check/history.csv, now June 20: this month $33.80 (test/cli/check/spend.test.ts works it out).
      r.write('budgets/llm.yaml', 'budgets:\n  - {name: month, fail: 30}\n  - {name: search, scope: {feature: search}, warn: 15}\n');
      r.commit('budgets');
    });
    afterEach(() => r.cleanup());

    it('ingest, check: annotations, job summary, the comment file and exit code 3 for the last step', () => {
      const summary = join(r.dir, 'summary.md');
      const output = join(r.dir, 'output.txt');
      const values = contextOf(
        { config: 'budgets/llm.yaml', db: r.db, ingest: fixture('check', 'history.csv'), comment: 'true', args: '--budget month  --budget search' },
        {},
      );
      const env = { GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: r.dir, LLMCOST_NOW: NOW };
      const check = runStep(step('Check the budgets'), r.dir, values, env);
      expect(check.stderr).not.toMatch(/internal error/);
      expect(check.code).toBe(0);
      expect(check.stdout).toContain(
        '::error file=budgets/llm.yaml,line=2,title=llmcost budget month::all spend: $33.80 spent this month (2025-06-01 to 2025-06-30), over the fail level of $30.00;',
      );
      expect(readFileSync(summary, 'utf8')).toMatch(/^## ❌ llmcost check: 1 failed, 0 warned, 1 passed \(2 budgets\)\n/);
      const out = outputs(output);
      expect(out['exit-code']).toBe('3');
      const comment = readFileSync(out['comment-file']!, 'utf8');
      expect(comment.split('\n').slice(0, 2)).toEqual([COMMENT_MARKER, '## ❌ llmcost check: 1 failed, 0 warned, 1 passed (2 budgets)']);
      expect(comment).toContain('| month | ❌ fail | spend | $33.80 | — | $30.00 |');
      const gate = runStep(step('Pass or fail'), r.dir, contextOf({}, { 'steps.check.outputs.exit-code': out['exit-code']! }), {});
      expect(gate.code).toBe(3);
    });

    it('a mistake in the input: no comment, the exit code 2 passed on', () => {
      const output = join(r.dir, 'output.txt');
      const check = runStep(step('Check the budgets'), r.dir, contextOf({ config: 'budgets/missing.yaml', comment: 'true' }, {}), {
        GITHUB_OUTPUT: output,
        GITHUB_STEP_SUMMARY: join(r.dir, 's.md'),
      });
      expect(check.code).toBe(0);
      expect(check.stderr).toContain('llmcost: Config file budgets/missing.yaml does not exist');
      expect(outputs(output)).toEqual({ 'exit-code': '2' });
    });

    describe.skipIf(!JQ)('the comment step (a stand-in gh)', () => {
      /** Writes a `gh` that lists the comments of `comments` (filtered by the step's --jq) and records writes. */
      function fakeGh(
        comments: { id: number; body: string }[],
        opts: { refuseWrites?: boolean } = {},
      ): { env: Record<string, string>; log: () => string[]; sent: () => string } {
        const bin = join(r.dir, 'fake-bin');
        r.write(
          'fake-bin/gh',
          `#!/usr/bin/env bash
method=GET; filter=; path=; body=
shift # api
while [ $# -gt 0 ]; do
  case "$1" in
    --method) method=$2; shift ;;
    --paginate) ;;
    --jq) filter=$2; shift ;;
    -F) body=\${2#body=@}; shift ;;
    *) path=$1 ;;
  esac
  shift
done
echo "$method $path" >> "$FAKE_GH_LOG"
if [ "$method" = GET ]; then exec jq -r "$filter" "$FAKE_GH_COMMENTS"; fi
${opts.refuseWrites ? 'echo "HTTP 403: Resource not accessible by integration" >&2; exit 1' : 'cp "$body" "$FAKE_GH_SENT"; echo "{}"'}
`,
        );
        chmodSync(join(bin, 'gh'), 0o755);
        r.write('comments.json', JSON.stringify(comments));
        const log = join(r.dir, 'gh.log');
        const sent = join(r.dir, 'sent.md');
        return {
          env: { PATH: `${bin}:${process.env['PATH']}`, FAKE_GH_LOG: log, FAKE_GH_COMMENTS: join(r.dir, 'comments.json'), FAKE_GH_SENT: sent },
          log: () => readFileSync(log, 'utf8').trim().split('\n'),
          sent: () => readFileSync(sent, 'utf8'),
        };
      }

      function commentStep(gh: ReturnType<typeof fakeGh>) {
        const file = join(r.dir, 'comment.md');
        writeFileSync(file, `${COMMENT_MARKER}\n## ❌ llmcost check: 1 failed, 0 warned, 1 passed (2 budgets)\n`);
        const values = contextOf({ comment: 'true' }, { 'steps.check.outputs.comment-file': file, 'github.event.pull_request.number': '7' });
        return runStep(step('Post or update the pull-request comment'), r.dir, values, gh.env);
      }

      it('updates the comment that starts with the marker', () => {
        const gh = fakeGh([
          { id: 11, body: 'LGTM' },
          { id: 12, body: `see ${COMMENT_MARKER} below` },
          { id: 13, body: `${COMMENT_MARKER}\n## ✅ llmcost check: 0 failed, 0 warned, 2 passed (2 budgets)\n` },
        ]);
        const out = commentStep(gh);
        expect(out.code).toBe(0);
        expect(gh.log()).toEqual(['GET repos/acme/app/issues/7/comments', 'PATCH repos/acme/app/issues/comments/13']);
        expect(gh.sent().startsWith(`${COMMENT_MARKER}\n## ❌ llmcost check`)).toBe(true);
      });

      it('posts one when none starts with it', () => {
        const gh = fakeGh([{ id: 12, body: `see ${COMMENT_MARKER} below` }]);
        expect(commentStep(gh).code).toBe(0);
        expect(gh.log()).toEqual(['GET repos/acme/app/issues/7/comments', 'POST repos/acme/app/issues/7/comments']);
      });

      it('warns, and leaves the pass or fail to the check, when the token may not comment', () => {
        const gh = fakeGh([], { refuseWrites: true });
        const out = commentStep(gh);
        expect(out.code).toBe(0);
        expect(out.stdout).toContain(
          '::warning title=llmcost check::Could not post the pull-request comment (the job needs pull-requests: write): the report is in the job summary.',
        );
      });
    });
  });
});
