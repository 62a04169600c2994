import type { Failure } from '../../../shared/result';
import type { StatusReply, WireMember } from './wire';

/** What one sample learned about one member: its status reply, or why it could not be read. */
export type MemberReading =
  | { kind: 'read'; status: StatusReply; at: number }
  | { kind: 'failed'; failure: Failure; since: number };

export interface MemberView {
  member: WireMember;
  reading: MemberReading;
  /** The last status this member answered, from any sample (for an unreachable member's last known term/index). */
  lastStatus: { status: StatusReply; at: number } | null;
}

export interface SampleInput {
  clusterId: string;
  takenAt: number;
  durationMs: number;
  views: MemberView[];
  /** memberId → alarm names (NOSPACE, CORRUPT), from /v3/maintenance/alarm. */
  alarms: Map<string, string[]>;
  /** Gateway round-trips per member read in this sample. */
  queriesPerNode: number;
  warnings: string[];
}
