/** Why a line gave no record: 'skipped', unusable input; 'failed', a request the source logged as failed (no usage to count). */
export type SkipKind = 'skipped' | 'failed';
