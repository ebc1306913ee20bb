import { GROUP_KEYS, type GroupKey } from '../usage/group-keys.js';
import { UserError } from '../util/errors.js';

const GROUP_ALIASES: Record<string, GroupKey> = {
  'api-key': 'api_key',
  apikey: 'api_key',
  key: 'api_key',
  tags: 'tag',
  models: 'model',
  hours: 'hour',
  days: 'day',
};

/** Reads --group-by: one key, or two separated by a comma (`feature,model`). */
export function parseGroupBy(value: string | undefined): GroupKey[] {
  if (value === undefined) return ['model'];
  const keys = value.split(',').map((part) => {
    const v = part.trim().toLowerCase();
    const key = (GROUP_ALIASES[v] ?? v) as GroupKey;
    if (!GROUP_KEYS.includes(key))
      throw new UserError(
        `--group-by "${value}": "${part.trim()}" is not a breakdown: use one or two of ${GROUP_KEYS.join(', ')}, e.g. --group-by feature,model.`,
      );
    return key;
  });
  if (keys.length > 2) throw new UserError(`--group-by "${value}" has ${keys.length} levels: give one or two, e.g. --group-by feature,model.`);
  if (keys.length === 2 && keys[0] === keys[1]) throw new UserError(`--group-by "${value}" names ${keys[0]} twice: give two different keys.`);
  return keys;
}
