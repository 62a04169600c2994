import { missingPgPrerequisites } from '../harness/pg-binaries';
import { missingEtcdPrerequisites } from '../harness/etcd-cluster';
import { missingPatroniPrerequisites } from '../harness/patroni-cluster';
import { MARIADB_INSTALL, missingMariadbPrerequisites } from '../harness/mariadb-binaries';
import { existsSync } from 'node:fs';

/** The executables in `paths` that are not there. */
const absent = (...paths: string[]) => paths.filter((p) => !existsSync(p));

/**
 * vitest globalSetup for the integration project: integration tests start real
 * servers, so a missing server is an error that says how to install it, never a skip.
 * Add an entry per engine.
 */
interface Prerequisite {
  engine: string;
  /** What is missing, or an empty list. */
  missing(): string[];
  install: string;
}

const prerequisites: Prerequisite[] = [
  {
    engine: 'PostgreSQL 15 server',
    missing: missingPgPrerequisites,
    install:
      'apt-get update && apt-get install -y postgresql-15 (Debian/Ubuntu; the harness finds the binaries via `pg_config --bindir`, ' +
      'and runs them as the `postgres` OS user when tests run as root)',
  },
  {
    engine: 'etcd 3.4 server',
    missing: missingEtcdPrerequisites,
    install: 'apt-get update && apt-get install -y etcd-server (Debian/Ubuntu; the harness runs the `etcd` binary from PATH)',
  },
  {
    engine: 'Patroni 3',
    missing: missingPatroniPrerequisites,
    install: 'apt-get update && apt-get install -y patroni (Debian/Ubuntu; it brings its Python dependencies)',
  },
  {
    engine: 'MariaDB 10.11 server',
    missing: missingMariadbPrerequisites,
    install: `apt-get update && ${MARIADB_INSTALL} (Debian/Ubuntu; the harness runs mariadbd as the \`mysql\` OS user when tests run as root)`,
  },
  {
    engine: 'Prometheus and Alertmanager',
    missing: () => absent('/usr/bin/prometheus', '/usr/bin/prometheus-alertmanager', '/usr/bin/promtool'),
    install: 'apt-get update && apt-get install -y prometheus prometheus-alertmanager (Debian/Ubuntu)',
  },
  {
    engine: 'PgBouncer',
    missing: () => absent('/usr/sbin/pgbouncer'),
    install: 'apt-get update && apt-get install -y pgbouncer (Debian/Ubuntu; the harness runs it as the `postgres` OS user when tests run as root)',
  },
  {
    engine: 'pglogical 2 for PostgreSQL 15',
    missing: () => absent('/usr/lib/postgresql/15/lib/pglogical.so'),
    install: 'apt-get update && apt-get install -y postgresql-15-pglogical (Debian/Ubuntu)',
  },
];

export default function setup(): void {
  const problems = prerequisites
    .map((p) => ({ p, missing: p.missing() }))
    .filter((x) => x.missing.length > 0)
    .map(({ p, missing }) => `- ${p.engine}: missing ${missing.join(', ')}. Install: ${p.install}`);
  if (problems.length > 0) {
    throw new Error(`Integration tests need real servers; missing prerequisites:\n${problems.join('\n')}`);
  }
}
