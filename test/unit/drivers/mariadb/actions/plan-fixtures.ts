import { ActionRequestSchema } from '../../../../../shared/model/action';
import { buildSample } from '../../../../../electron/drivers/mariadb/build-sample';
import { ClusterView } from '../../../../../electron/drivers/mariadb/actions/cluster-view';
import type { PromotionInput } from '../../../../../electron/drivers/mariadb/actions/plan';
import { parseGrants, type GrantReading } from '../../../../../electron/drivers/mariadb/actions/privileges';
import type { ReplicationGrants } from '../../../../../electron/drivers/mariadb/actions/replication-grant';
import type { ServerView } from '../../../../../electron/drivers/mariadb/view';
import { AT } from '../fixtures';

export const P = '127.0.0.1:3301';
export const R1 = '127.0.0.1:3302';
export const R2 = '127.0.0.1:3303';
export const CH = '127.0.0.1:3304';

export const ALL = parseGrants(["GRANT ALL PRIVILEGES ON *.* TO `rd`@`%` IDENTIFIED BY PASSWORD '*X' WITH GRANT OPTION"]);

/** A PromotionInput over `views`: every answering server grants `grants`; READ_ONLY ADMIN held by `admins`. */
export function input(
  views: ServerView[],
  request: { kind: 'switchover' | 'failover'; target: string },
  over: { grants?: GrantReading; admins?: string[]; replicationFromSpec?: boolean; replicationGrants?: ReplicationGrants } = {},
): PromotionInput {
  const crawl = { views, aliases: new Map<string, string>() };
  const sample = buildSample({ clusterId: 'c', takenAt: AT, durationMs: 0, views, queriesPerNode: 1, warnings: [] });
  const answering = views.filter((v) => v.reading.kind === 'read').map((v) => v.address.id);
  return {
    request: { ...ActionRequestSchema.parse({ clusterId: 'c', ...request }), kind: request.kind },
    c: new ClusterView(crawl),
    sample,
    grants: new Map(answering.map((id) => [id, over.grants ?? ALL])),
    readOnlyAdmins: (id) => (answering.includes(id) ? (over.admins ?? []) : null),
    login: 'rd',
    replication: { user: over.replicationFromSpec === false ? 'rd' : 'repl', fromSpec: over.replicationFromSpec ?? true, grants: () => over.replicationGrants ?? { ok: true, grants: ALL } },
  };
}
