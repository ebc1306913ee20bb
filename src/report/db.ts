import type { ForgetResult } from '../history/forget.js';
import type { Inventory } from '../history/inventory.js';
import { renderForget, renderInventory } from '../history/render.js';
import { documentJson } from '../util/numbers.js';
import type { Renderers } from './renderer.js';

/** `db show`: the table (the latest sources unless `all`), or the inventory as JSON. */
export const DB_INVENTORY_RENDERERS: Renderers<'dbInventory', Inventory> = {
  table: (inv, opts) => renderInventory(inv, opts.all ?? false),
  json: (inv) => documentJson(inv),
};

/** `db forget`: one sentence, or what was removed as JSON. */
export const DB_FORGET_RENDERERS: Renderers<'dbForget', ForgetResult> = {
  table: (r) => renderForget(r),
  json: (r) => documentJson(r),
};
