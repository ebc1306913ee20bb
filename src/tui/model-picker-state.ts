import type { Key } from 'ink';
import { useRef, useState } from 'react';
import type { PromptModel } from '../tokens/models.js';
import { pickerMatches } from './prompt-parts.js';

export interface PickerState {
  query: string;
  cursor: number;
}

/**
 * The model picker's state and key handling, shared by the compress and compare screens. Keys can arrive
 * faster than the screen re-renders (a fast-typed or pasted model name): each key must see the picker as the
 * previous key left it, not as the last render saw it, so the handler reads a ref updated with every change.
 */
export function useModelPicker(catalog: PromptModel[], onPickModel: (model: PromptModel) => void) {
  const [picker, setPickerState] = useState<PickerState | null>(null);
  const current = useRef<PickerState | null>(null);
  const set = (next: PickerState | null) => {
    current.current = next;
    setPickerState(next);
  };
  return {
    picker,
    open: () => set({ query: '', cursor: 0 }),
    /** Handles a key while the picker is open and returns true; returns false (key not used) when it is closed. */
    handleKey(input: string, key: Key): boolean {
      const p = current.current;
      if (!p) return false;
      const matches = pickerMatches(catalog, p.query);
      if (key.escape) set(null);
      else if (key.return) {
        const m = matches[p.cursor];
        set(null);
        if (m) onPickModel(m);
      } else if (key.upArrow) set({ ...p, cursor: Math.max(0, p.cursor - 1) });
      else if (key.downArrow) set({ ...p, cursor: Math.min(matches.length - 1, p.cursor + 1) });
      else if (key.backspace || key.delete) set({ query: p.query.slice(0, -1), cursor: 0 });
      else if (input && !key.ctrl && !key.meta) set({ query: p.query + input, cursor: 0 });
      return true;
    },
  };
}
