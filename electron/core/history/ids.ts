import type Database from 'better-sqlite3';

type Row = { id: number };

/** Integer ids for clusters, nodes and links, created on first sight and cached. */
export class IdMap {
  private readonly clusters = new Map<string, number>();
  private readonly scoped = new Map<string, number>();
  private readonly names = new Map<string, string>();
  private readonly q;

  constructor(private readonly db: Database.Database) {
    this.q = {
      cluster: db.prepare<[string], Row>('SELECT id FROM clusters WHERE key = ?'),
      addCluster: db.prepare<[string, string]>('INSERT INTO clusters (key, name) VALUES (?, ?)'),
      rename: db.prepare<[string, number]>('UPDATE clusters SET name = ? WHERE id = ?'),
      node: db.prepare<[number, string], Row>('SELECT id FROM nodes WHERE cluster = ? AND key = ?'),
      addNode: db.prepare<[number, string]>('INSERT INTO nodes (cluster, key) VALUES (?, ?)'),
      link: db.prepare<[number, string], Row>('SELECT id FROM links WHERE cluster = ? AND key = ?'),
      addLink: db.prepare<[number, string]>('INSERT INTO links (cluster, key) VALUES (?, ?)'),
      nodeKey: db.prepare<[number], { key: string }>('SELECT key FROM nodes WHERE id = ?'),
      clusterRow: db.prepare<[number], { key: string; name: string }>('SELECT key, name FROM clusters WHERE id = ?'),
    };
  }

  /** The cluster's id, creating it (named `name`, or its key) when new. */
  cluster(key: string, name?: string): number {
    let id = this.clusters.get(key) ?? this.q.cluster.get(key)?.id;
    if (id === undefined) id = Number(this.q.addCluster.run(key, name ?? key).lastInsertRowid);
    else if (name !== undefined && this.names.get(key) !== name) this.q.rename.run(name, id);
    this.clusters.set(key, id);
    if (name !== undefined) this.names.set(key, name);
    return id;
  }

  /** Lookup only: undefined when the cluster was never stored. */
  findCluster(key: string): number | undefined {
    const id = this.clusters.get(key) ?? this.q.cluster.get(key)?.id;
    if (id !== undefined) this.clusters.set(key, id);
    return id;
  }

  node(cluster: number, key: string): number {
    return this.scopedId('n', cluster, key, this.q.node, this.q.addNode);
  }

  link(cluster: number, key: string): number {
    return this.scopedId('l', cluster, key, this.q.link, this.q.addLink);
  }

  findLink(cluster: number, key: string): number | undefined {
    const k = `l${cluster}\n${key}`;
    const id = this.scoped.get(k) ?? this.q.link.get(cluster, key)?.id;
    if (id !== undefined) this.scoped.set(k, id);
    return id;
  }

  nodeKey(id: number | null): string | null {
    return id === null ? null : (this.q.nodeKey.get(id)?.key ?? null);
  }

  clusterInfo(id: number): { key: string; name: string } | null {
    return this.q.clusterRow.get(id) ?? null;
  }

  private scopedId(
    kind: string,
    cluster: number,
    key: string,
    find: Database.Statement<[number, string], Row>,
    add: Database.Statement<[number, string]>,
  ): number {
    const k = `${kind}${cluster}\n${key}`;
    let id = this.scoped.get(k) ?? find.get(cluster, key)?.id;
    if (id === undefined) id = Number(add.run(cluster, key).lastInsertRowid);
    this.scoped.set(k, id);
    return id;
  }
}
