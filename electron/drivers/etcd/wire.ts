import { z } from 'zod';
import { NotEtcdError } from './errors';

/**
 * Replies of etcd 3.4's JSON gateway. uint64 values arrive as decimal strings
 * and stay strings; proto3 JSON leaves out zero values, so they default to '0'.
 */
const uint64 = z.string().regex(/^\d+$/, 'a uint64 as a decimal string').default('0');

const HeaderSchema = z.object({
  cluster_id: uint64,
  member_id: uint64,
  revision: uint64.optional(),
  raft_term: uint64,
});

export const StatusReplySchema = z.object({
  header: HeaderSchema,
  version: z.string().min(1),
  dbSize: uint64,
  dbSizeInUse: uint64.optional(),
  leader: uint64,
  raftIndex: uint64,
  raftTerm: uint64,
  raftAppliedIndex: uint64,
  errors: z.array(z.string()).default([]),
  isLearner: z.boolean().default(false),
});
export type StatusReply = z.infer<typeof StatusReplySchema>;

export const WireMemberSchema = z.object({
  ID: uint64,
  name: z.string().default(''),
  peerURLs: z.array(z.string()).default([]),
  clientURLs: z.array(z.string()).default([]),
  isLearner: z.boolean().default(false),
});
export type WireMember = z.infer<typeof WireMemberSchema>;

export const MemberListReplySchema = z.object({
  header: HeaderSchema,
  members: z.array(WireMemberSchema).min(1),
});
export type MemberListReply = z.infer<typeof MemberListReplySchema>;

/** `alarm` is omitted for NONE (0); an empty reply `{}` means no alarms. */
export const AlarmReplySchema = z.object({
  alarms: z.array(z.object({ memberID: uint64, alarm: z.string().default('NONE') })).default([]),
});
export type AlarmReply = z.infer<typeof AlarmReplySchema>;

export const AuthReplySchema = z.object({ token: z.string().min(1) });

/** Parses a reply, or throws NotEtcdError naming the first field that did not fit. */
export function parseReply<T extends z.ZodType>(schema: T, body: unknown, what: string): z.infer<T> {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unexpected shape';
  throw new NotEtcdError(`the ${what} reply does not look like etcd's (${where})`);
}

/** Compares two uint64 decimal strings without losing precision. */
export function compareUint64(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** `b - a` for uint64 strings, as a string (never negative: clamped to '0'). */
export function distanceUint64(a: string, b: string): string {
  const d = BigInt(b) - BigInt(a);
  return d > 0n ? d.toString() : '0';
}

/** etcdctl prints member ids in hex; we keep decimal for the API and show hex next to it. */
export function memberHex(id: string): string {
  return BigInt(id).toString(16);
}
