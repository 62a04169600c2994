import { useState, type FormEvent } from 'react';
import { useApi } from '../../api/context';
import { TestIds } from '../../testids';
import { addCluster } from './actions';
import { AgentFields } from './AgentFields';
import { EtcdFields } from './EtcdFields';
import { MariadbFields } from './MariadbFields';
import {
  checkAgentForm,
  checkEtcdForm,
  checkMariadbForm,
  checkPostgresForm,
  emptyAgentForm,
  emptyEtcdForm,
  emptyMariadbForm,
  emptyPostgresForm,
} from './form-model';
import { PostgresFields } from './PostgresFields';
import { checkNodeAgentRows } from './node-agent-rows';
import type { PoolerRowValues } from './pooler-form';
import { ClusterFormFooter, useClusterFormSubmit } from './ClusterFormSubmit';
import { PoolerRows } from './PoolerRows';

export type AddMode = 'postgres' | 'agent' | 'etcd' | 'mariadb';

const TITLES: Record<AddMode, { title: string; submit: string }> = {
  postgres: { title: 'Add PostgreSQL cluster', submit: 'Add cluster' },
  agent: { title: 'Connect agent', submit: 'Connect' },
  etcd: { title: 'Add etcd cluster', submit: 'Add cluster' },
  mariadb: { title: 'Add MariaDB cluster', submit: 'Add cluster' },
};

/** "Add cluster" (PostgreSQL), "Connect agent…", "Add etcd…" or "Add MariaDB…": checked with the shared schema, then sent to `clusters:add`. */
export function AddClusterForm({ mode, onClose }: { mode: AddMode; onClose: () => void }) {
  const api = useApi();
  const [pg, setPg] = useState(emptyPostgresForm);
  const [agent, setAgent] = useState(emptyAgentForm);
  const [etcd, setEtcd] = useState(emptyEtcdForm);
  const [mariadb, setMariadb] = useState(emptyMariadbForm);
  const [poolers, setPoolers] = useState<PoolerRowValues[]>([]);
  const { errors, rowErrors, formError, submitting, submit: send } = useClusterFormSubmit((spec) => addCluster(api, spec), onClose);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const check = mode === 'postgres' ? checkPostgresForm(pg, poolers) : mode === 'agent' ? checkAgentForm(agent) : mode === 'etcd' ? checkEtcdForm(etcd) : checkMariadbForm(mariadb);
    const agentRows = mode === 'mariadb' ? checkNodeAgentRows(mariadb.nodeAgents).rowOf : mode === 'postgres' ? checkNodeAgentRows(pg.nodeAgents).rowOf : undefined;
    void send(check, agentRows);
  };

  return (
    <form className="add-form" onSubmit={submit} data-testid={TestIds.addClusterForm} data-mode={mode} noValidate>
      <h3>{TITLES[mode].title}</h3>
      {mode === 'postgres' && <PostgresFields values={pg} onChange={setPg} errors={errors} />}
      {mode === 'postgres' && <PoolerRows rows={poolers} onChange={setPoolers} errors={rowErrors} />}
      {mode === 'agent' && <AgentFields values={agent} onChange={setAgent} errors={errors} />}
      {mode === 'etcd' && <EtcdFields values={etcd} onChange={setEtcd} errors={errors} />}
      {mode === 'mariadb' && <MariadbFields values={mariadb} onChange={setMariadb} errors={errors} />}
      <ClusterFormFooter formError={formError} submitting={submitting} label={TITLES[mode].submit} busyLabel="Connecting…" onCancel={onClose} />
    </form>
  );
}
