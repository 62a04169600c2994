import { ok, type Result } from '../../../../shared/result';
import { quoteIdent } from '../../../../shared/postgres/quote';
import type { NodeConnection } from '../node-connection';
import type { CatalogColumn } from './tuple-text';

/** A replicated table as this node's catalog names it, with the two ways pglogical may print it. */
export interface PglTable {
  oid: number;
  schema: string;
  name: string;
  /** `quote_ident(schema).quote_ident(name)` and the bare `schema.name`, computed by the server. */
  printed: string[];
  columns: CatalogColumn[];
}

/** What a node's pglogical catalog says, for reading its conflict lines. */
export interface PglCatalog {
  localNode: string | null;
  /** Replication origin id (roident) → the provider node's name; null when pg_replication_origin is not readable. */
  origins: Map<number, string> | null;
  /** pglogical subscription id → the provider node's name. */
  subscriptions: Map<number, string>;
  tables: PglTable[];
  /** pglogical.conflict_resolution as this login sees it now. */
  resolution: string | null;
  logLevel: string | null;
}

const TABLES_SQL = `SELECT DISTINCT c.oid::bigint::text AS oid, n.nspname AS schema, c.relname AS name,
    quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS quoted, n.nspname || '.' || c.relname AS bare,
    (SELECT jsonb_agg(jsonb_build_object('name', a.attname, 'type', t.typname) ORDER BY a.attnum)
       FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
      WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns
  FROM pglogical.replication_set_table r JOIN pg_class c ON c.oid = r.set_reloid JOIN pg_namespace n ON n.oid = c.relnamespace`;

const NODE_SQL = `SELECT (SELECT n.node_name FROM pglogical.local_node l JOIN pglogical.node n ON n.node_id = l.node_id) AS local,
    current_setting('pglogical.conflict_resolution', true) AS resolution,
    current_setting('pglogical.conflict_log_level', true) AS level,
    has_table_privilege('pg_catalog.pg_replication_origin', 'SELECT') AS origins`;

const SUBS_SQL = `SELECT s.sub_id::bigint::text AS id, s.sub_slot_name AS slot, n.node_name AS provider
  FROM pglogical.subscription s JOIN pglogical.node n ON n.node_id = s.sub_origin`;

export async function readPglCatalog(conn: NodeConnection, signal: AbortSignal): Promise<Result<PglCatalog>> {
  const node = await conn.query<{ local: string | null; resolution: string | null; level: string | null; origins: boolean }>(NODE_SQL, signal);
  if (!node.ok) return node;
  const subs = await conn.query<{ id: string; slot: string; provider: string }>(SUBS_SQL, signal);
  if (!subs.ok) return subs;
  const tables = await conn.query<{ oid: string; schema: string; name: string; quoted: string; bare: string; columns: CatalogColumn[] }>(TABLES_SQL, signal);
  if (!tables.ok) return tables;
  const n = node.value[0]!;
  let origins: Map<number, string> | null = null;
  if (n.origins) {
    // pglogical names a subscription's replication origin after its slot.
    const o = await conn.query<{ id: number; slot: string }>(`SELECT roident::int AS id, roname AS slot FROM pg_replication_origin`, signal);
    if (o.ok) {
      const bySlot = new Map(subs.value.map((s) => [s.slot, s.provider]));
      origins = new Map(o.value.flatMap((r) => (bySlot.has(r.slot) ? [[r.id, bySlot.get(r.slot)!] as const] : [])));
    }
  }
  return ok({
    localNode: n.local,
    origins,
    subscriptions: new Map(subs.value.map((s) => [Number(s.id), s.provider])),
    tables: tables.value.map((t) => ({ oid: Number(t.oid), schema: t.schema, name: t.name, printed: [t.quoted, t.bare], columns: t.columns ?? [] })),
    resolution: n.resolution,
    logLevel: n.level,
  });
}

/** The table a log line names: the one whose printed name is exactly the line's text (never parsed). */
export function tableOf(catalog: PglCatalog, relationText: string): PglTable | null {
  return catalog.tables.find((t) => t.printed.includes(relationText)) ?? null;
}

/**
 * The node that wrote a version: origin 0 is the logging node itself; another
 * origin is a provider. Where pg_replication_origin is not readable, the
 * remote side of a line is still known from the subscription that logged it.
 */
export function originNode(catalog: PglCatalog, origin: number, subscriptionId: number | null, side: 'local' | 'remote'): string | null {
  if (origin === 0) return catalog.localNode;
  const byOrigin = catalog.origins?.get(origin);
  if (byOrigin) return byOrigin;
  if (side === 'remote' && subscriptionId !== null) return catalog.subscriptions.get(subscriptionId) ?? null;
  return null;
}

/** The grants that let a monitoring login read pglogical's own tables. */
export function schemaGrant(reason: string, user: string | null | undefined): string {
  if (!/permission denied/i.test(reason)) return '';
  const who = quoteIdent(user ?? '<role>');
  return ` (GRANT USAGE ON SCHEMA pglogical TO ${who}; GRANT SELECT ON ALL TABLES IN SCHEMA pglogical TO ${who};)`;
}
