/** Why a line gave no record: 'skipped', unusable input; 'failed', a request the source logged as failed (no usage to count). */
export type SkipKind = 'skipped' | 'failed';

/** A line that gave no record, where it is and why (listed by ingest and audit). */
export interface SkippedLine {
  file: string;
  line: number;
  reason: string;
}
