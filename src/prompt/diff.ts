/**
 * Word-level diff: lines are compared first (Myers), then the words inside each changed block, so a long
 * prompt with a few edits diffs quickly. Words are runs of letters/digits, single punctuation marks, and runs
 * of whitespace.
 */

export interface DiffPart {
  op: 'equal' | 'remove' | 'add';
  text: string;
}

type Op = DiffPart['op'];

/** Past this many edits a block is shown as removed and added whole: the trace would cost O(D²) memory. */
const MAX_EDITS = 3000;

/** Myers' O(ND) shortest edit script over two sequences, as ops per element (null past MAX_EDITS edits). */
function myers<T>(a: T[], b: T[]): Op[] | null {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDITS);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trace[d] holds v[-d..d] as it was before step d.
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice(offset - d, offset + d + 1));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  if (!found) return null;
  const at = (d: number, k: number) => trace[d]![k + d]!;
  // Walk the trace back from the end.
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const k = x - y;
    const prevK = k === -d || (k !== d && at(d, k - 1) < at(d, k + 1)) ? k + 1 : k - 1;
    const prevX = at(d, prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push('equal');
      x--;
      y--;
    }
    ops.push(x === prevX ? 'add' : 'remove');
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    ops.push('equal');
    x--;
    y--;
  }
  return ops.reverse();
}

/** Diffs two sequences of strings into parts, joining runs of the same op. */
function diffSeq(a: string[], b: string[]): DiffPart[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const midA = a.slice(pre, a.length - suf);
  const midB = b.slice(pre, b.length - suf);
  const parts: DiffPart[] = [];
  const push = (op: Op, text: string) => {
    if (text === '') return;
    const last = parts[parts.length - 1];
    if (last && last.op === op) last.text += text;
    else parts.push({ op, text });
  };
  push('equal', a.slice(0, pre).join(''));
  const ops = myers(midA, midB);
  if (ops === null) {
    push('remove', midA.join(''));
    push('add', midB.join(''));
    push('equal', a.slice(a.length - suf).join(''));
    return parts;
  }
  let i = 0;
  let j = 0;
  for (const op of ops) {
    if (op === 'equal') {
      push('equal', midA[i++]!);
      j++;
    } else if (op === 'remove') push('remove', midA[i++]!);
    else push('add', midB[j++]!);
  }
  push('equal', a.slice(a.length - suf).join(''));
  return parts;
}

const WORDS = /\s+|[\p{L}\p{N}_'’]+|[^\s\p{L}\p{N}_]/gu;
const words = (s: string) => s.match(WORDS) ?? [];
const lines = (s: string) => s.match(/[^\n]*\n|[^\n]+$/g) ?? [];

/** Blocks with more words than this on a side are shown as whole lines rather than diffed word by word. */
const MAX_WORD_BLOCK = 5000;

export function diffWords(a: string, b: string): DiffPart[] {
  const byLine = diffSeq(lines(a), lines(b));
  const out: DiffPart[] = [];
  const push = (p: DiffPart) => {
    const last = out[out.length - 1];
    if (last && last.op === p.op) last.text += p.text;
    else if (p.text !== '') out.push({ ...p });
  };
  for (let i = 0; i < byLine.length; i++) {
    const p = byLine[i]!;
    if (p.op === 'equal') {
      push(p);
      continue;
    }
    // A changed block: what was removed and what was added between two equal stretches.
    let removed = '';
    let added = '';
    while (i < byLine.length && byLine[i]!.op !== 'equal') {
      if (byLine[i]!.op === 'remove') removed += byLine[i]!.text;
      else added += byLine[i]!.text;
      i++;
    }
    i--;
    const wa = words(removed);
    const wb = words(added);
    if (wa.length > MAX_WORD_BLOCK || wb.length > MAX_WORD_BLOCK) {
      push({ op: 'remove', text: removed });
      push({ op: 'add', text: added });
    } else diffSeq(wa, wb).forEach(push);
  }
  return groupChanges(out);
}

/**
 * Readability: whitespace between two changes joins them, and each run of changes reads as what was removed
 * followed by what was added ("[-Please answer -]{+Answer +}" rather than four alternating pieces).
 */
function groupChanges(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const between = p.op === 'equal' && /^\s+$/.test(p.text) && i > 0 && i < parts.length - 1 && !p.text.includes('\n');
    if (p.op === 'equal' && !between) {
      out.push(p);
      continue;
    }
    let removed = '';
    let added = '';
    while (i < parts.length) {
      const q = parts[i]!;
      const gap = q.op === 'equal' && /^\s+$/.test(q.text) && !q.text.includes('\n') && i < parts.length - 1 && parts[i + 1]!.op !== 'equal';
      if (q.op === 'equal' && !gap) break;
      if (q.op !== 'add') removed += q.text;
      if (q.op !== 'remove') added += q.text;
      i++;
    }
    i--;
    if (removed !== '') out.push({ op: 'remove', text: removed });
    if (added !== '') out.push({ op: 'add', text: added });
  }
  return out;
}

/** A change between two equal stretches, with the line (1-based, in the first text) where it starts. */
export interface Hunk {
  line: number;
  removed: string;
  added: string;
}

export function hunksOf(parts: DiffPart[]): Hunk[] {
  const hunks: Hunk[] = [];
  let line = 1;
  let current: Hunk | null = null;
  for (const p of parts) {
    if (p.op === 'equal') {
      // Whitespace-only equal runs between two changes join them into one hunk.
      if (current && /^[ \t]*$/.test(p.text)) {
        current.removed += p.text;
        current.added += p.text;
        continue;
      }
      if (current) hunks.push(current);
      current = null;
    } else {
      current ??= { line, removed: '', added: '' };
      if (p.op === 'remove') current.removed += p.text;
      else current.added += p.text;
    }
    if (p.op !== 'add') line += (p.text.match(/\n/g) ?? []).length;
  }
  if (current) hunks.push(current);
  return hunks;
}
