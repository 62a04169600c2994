import { z } from 'zod';

/** One member in Patroni's `GET /cluster` (3.0: `lag` is a number of bytes or "unknown"). */
export const PatroniMemberSchema = z.object({
  name: z.string(),
  /** leader | replica | sync_standby | standby_leader (3.x); kept open so newer Patronis still parse. */
  role: z.string(),
  /** running | streaming | starting | stopping | stopped | crashed | … */
  state: z.string(),
  api_url: z.string().optional(),
  host: z.string().optional(),
  port: z.number().int().optional(),
  timeline: z.number().int().optional(),
  lag: z.union([z.number(), z.string()]).optional(),
  tags: z.record(z.string(), z.unknown()).optional(),
});
export type PatroniMember = z.infer<typeof PatroniMemberSchema>;

export const PatroniClusterSchema = z.object({
  members: z.array(PatroniMemberSchema),
  pause: z.boolean().optional(),
  scheduled_switchover: z.unknown().optional(),
});
export type PatroniCluster = z.infer<typeof PatroniClusterSchema>;

/** `GET /patroni` on one member: its own state, and on the leader its walsenders. */
export const PatroniNodeStatusSchema = z.object({
  state: z.string().optional(),
  role: z.string().optional(),
  timeline: z.number().int().optional(),
  pause: z.boolean().optional(),
  replication: z.array(z.object({ application_name: z.string(), state: z.string(), sync_state: z.string().optional() })).optional(),
  patroni: z.object({ version: z.string(), scope: z.string() }),
});
export type PatroniNodeStatus = z.infer<typeof PatroniNodeStatusSchema>;

/** `GET /config`: the dynamic configuration in the DCS (only the fields we show). */
export const PatroniConfigSchema = z.object({
  ttl: z.number().optional(),
  loop_wait: z.number().optional(),
  retry_timeout: z.number().optional(),
  maximum_lag_on_failover: z.number().optional(),
});
export type PatroniConfig = z.infer<typeof PatroniConfigSchema>;

/** Patroni 3.0 says `leader`; `standby_leader` leads a standby cluster. */
export const isLeaderRole = (role: string): boolean => role === 'leader' || role === 'standby_leader' || role === 'master' || role === 'primary';
/** A member that can stream: running (3.0) or streaming (3.0.4+). */
export const isRunningState = (state: string): boolean => state === 'running' || state === 'streaming';
