import type Database from 'better-sqlite3';
import { nameIn, type StoredTopology } from './topology-state';

/** Display names of nodes as the stored topology had them at a moment (the address/id when it did not). */
export class NodeNames {
  private readonly q;

  constructor(db: Database.Database) {
    this.q = db.prepare<[string, number], { body: string }>(
      'SELECT t.body FROM topology t JOIN clusters c ON c.id = t.cluster WHERE c.key = ? AND t.at <= ? ORDER BY t.at DESC LIMIT 1',
    );
  }

  /** A function naming node ids of `clusterKey` as of `at`. */
  at(clusterKey: string, at: number): (id: string) => string {
    const row = this.q.get(clusterKey, at);
    const topology = row ? (JSON.parse(row.body) as StoredTopology) : null;
    return (id) => nameIn(topology, id);
  }
}
