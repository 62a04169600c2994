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
  issuesToFieldErrors,
  type FieldErrors,
} from './form-model';
import { PostgresFields } from './PostgresFields';
import { checkNodeAgentRows } from './node-agent-rows';
import { poolerIssuesToRowErrors, type PoolerRowErrors, type PoolerRowValues } from './pooler-form';
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
  const [errors, setErrors] = useState<FieldErrors>({});
  const [rowErrors, setRowErrors] = useState<PoolerRowErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const check = mode === 'postgres' ? checkPostgresForm(pg, poolers) : mode === 'agent' ? checkAgentForm(agent) : mode === 'etcd' ? checkEtcdForm(etcd) : checkMariadbForm(mariadb);
    if (!check.ok) {
      setErrors(check.errors);
      setRowErrors(check.rowErrors ?? {});
      setFormError(check.general ?? 'Fix the fields marked in red.');
      return;
    }
    setErrors({});
    setRowErrors({});
    setFormError(null);
    setSubmitting(true);
    const result = await addCluster(api, check.spec);
    setSubmitting(false);
    if (result.ok) {
      onClose();
      return;
    }
    const agentRows = mode === 'mariadb' ? checkNodeAgentRows(mariadb.nodeAgents).rowOf : mode === 'postgres' ? checkNodeAgentRows(pg.nodeAgents).rowOf : undefined;
    const mapped = issuesToFieldErrors(result.issues ?? [], check.spec.engine, agentRows);
    setErrors(mapped.errors);
    setRowErrors(poolerIssuesToRowErrors(result.issues ?? []));
    setFormError(`${result.reason} (${result.code})`);
  };

  return (
    <form className="add-form" onSubmit={submit} data-testid={TestIds.addClusterForm} data-mode={mode} noValidate>
      <h3>{TITLES[mode].title}</h3>
      {mode === 'postgres' && <PostgresFields values={pg} onChange={setPg} errors={errors} />}
      {mode === 'postgres' && <PoolerRows rows={poolers} onChange={setPoolers} errors={rowErrors} />}
      {mode === 'agent' && <AgentFields values={agent} onChange={setAgent} errors={errors} />}
      {mode === 'etcd' && <EtcdFields values={etcd} onChange={setEtcd} errors={errors} />}
      {mode === 'mariadb' && <MariadbFields values={mariadb} onChange={setMariadb} errors={errors} />}
      {formError && (
        <div className="form-error" role="alert" data-testid={TestIds.formError}>
          {formError}
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={submitting} data-testid={TestIds.formSubmit}>
          {submitting ? 'Connecting…' : TITLES[mode].submit}
        </button>
        <button type="button" onClick={onClose} data-testid={TestIds.formCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
