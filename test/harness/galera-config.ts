import { existsSync } from 'node:fs';
import path from 'node:path';
import { MARIADB_INSTALL } from './mariadb-binaries';

/** Debian's galera-4 provider. */
export const GALERA_PROVIDER = '/usr/lib/galera/libgalera_smm.so';
export const GALERA_CLUSTER_NAME = 'rd-galera';

/** What is missing to start a Galera cluster here (the provider, rsync for SST), with the apt command. */
export function missingGaleraPrerequisites(): string[] {
  const missing: string[] = [];
  if (!existsSync(GALERA_PROVIDER)) missing.push(`${GALERA_PROVIDER} (galera-4)`);
  if (!existsSync('/usr/bin/rsync')) missing.push('/usr/bin/rsync (rsync SST)');
  if (!existsSync('/usr/bin/wsrep_sst_rsync')) missing.push('/usr/bin/wsrep_sst_rsync (mariadb-server)');
  return missing.length > 0 ? [`${missing.join(', ')}. Install: ${MARIADB_INSTALL}`] : [];
}

/** The four ports of one node: clients, group communication, incremental and full state transfer. */
export interface GaleraPorts {
  mysql: number;
  gcomm: number;
  ist: number;
  sst: number;
}

export interface GaleraNodeOptions {
  name: string;
  ports: GaleraPorts;
  /** Every node's gcomm port (the cluster address lists them all). */
  peers: number[];
}

/**
 * Short EVS timeouts so a node that stops answering is evicted from the view in ~3 s (defaults: 5 s suspect,
 * 15 s inactive), a small gcache, and no fsync: the cluster is a test fixture.
 */
const PROVIDER_TUNING = [
  'gcache.size=16M',
  'gcache.page_size=16M',
  'evs.keepalive_period=PT0.5S',
  'evs.suspect_timeout=PT2S',
  'evs.inactive_timeout=PT3S',
  'evs.inactive_check_period=PT0.5S',
  'evs.install_timeout=PT3S',
  'evs.join_retrans_period=PT0.5S',
  'gmcast.peer_timeout=PT2S',
  'pc.announce_timeout=PT1S',
];

export function galeraConfig(dir: string, o: GaleraNodeOptions): string {
  const p = o.ports;
  const options = [`gmcast.listen_addr=tcp://127.0.0.1:${p.gcomm}`, `ist.recv_addr=127.0.0.1:${p.ist}`, ...PROVIDER_TUNING].join(';');
  return `[mariadbd]
datadir=${path.join(dir, 'data')}
socket=${path.join(dir, 'mariadbd.sock')}
pid-file=${path.join(dir, 'mariadbd.pid')}
log-error=${path.join(dir, 'error.log')}
init-file=${path.join(dir, 'init.sql')}
tmpdir=${dir}
port=${p.mysql}
bind-address=127.0.0.1
skip-name-resolve
performance-schema=OFF
innodb-buffer-pool-size=16M
innodb-log-file-size=8M
innodb-log-buffer-size=4M
innodb-flush-log-at-trx-commit=0
innodb-doublewrite=0
innodb-autoinc-lock-mode=2
key-buffer-size=1M
max-connections=60
binlog-format=ROW
default-storage-engine=InnoDB
wsrep-on=ON
wsrep-provider=${GALERA_PROVIDER}
wsrep-cluster-name=${GALERA_CLUSTER_NAME}
wsrep-cluster-address=gcomm://${o.peers.map((port) => `127.0.0.1:${port}`).join(',')}
wsrep-node-name=${o.name}
wsrep-node-address=127.0.0.1:${p.gcomm}
wsrep-node-incoming-address=127.0.0.1:${p.mysql}
wsrep-sst-method=rsync
wsrep-sst-receive-address=127.0.0.1:${p.sst}
wsrep-slave-threads=2
wsrep-log-conflicts=ON
wsrep-provider-options="${options}"
`;
}
