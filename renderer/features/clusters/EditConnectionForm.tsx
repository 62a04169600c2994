import { useEffect, useState, type FormEvent } from 'react';
import type { ClusterSpec } from '../../../shared/model/cluster';
import { useApi } from '../../api/context';
import { TestIds } from '../../testids';
import { editCluster } from './actions';
import { AgentFields } from './AgentFields';
import { checkEditForm, editValuesOf, UNCHANGED_PLACEHOLDER, type EditValues } from './edit-form-model';
import { EtcdFields } from './EtcdFields';
import { MariadbFields } from './MariadbFields';
import { checkNodeAgentRows } from './node-agent-rows';
import { ClusterFormFooter, useClusterFormSubmit } from './ClusterFormSubmit';
import { PoolerRows } from './PoolerRows';
import { PostgresFields } from './PostgresFields';

const ENGINE_LABEL: Record<EditValues['mode'], string> = { postgres: 'PostgreSQL', agent: 'agent', etcd: 'etcd', mariadb: 'MariaDB' };

/** "Edit connection…" of one cluster: its redacted spec from `clusters:spec`, then the form. */
export function EditConnectionForm({ clusterId, onClose }: { clusterId: string; onClose: () => void }) {
  const api = useApi();
  const [loaded, setLoaded] = useState<{ spec: ClusterSpec } | { error: string } | null>(null);
  useEffect(() => {
    let live = true;
    void api.invoke('clusters:spec', { clusterId }).then((r) => live && setLoaded(r.ok ? { spec: r.value } : { error: r.reason }));
    return () => {
      live = false;
    };
  }, [api, clusterId]);
  if (loaded === null) return <div className="muted small">Loading the connection…</div>;
  if ('error' in loaded) {
    return (
      <div className="form-error" role="alert" data-testid={TestIds.formError}>
        {loaded.error} <button type="button" className="link-button" onClick={onClose}>close</button>
      </div>
    );
  }
  return <EditConnectionFields clusterId={clusterId} spec={loaded.spec} onClose={onClose} />;
}

/** The Add form's fields for the cluster's engine (fixed), prefilled; every password and token empty ("unchanged"). */
export function EditConnectionFields({ clusterId, spec, onClose }: { clusterId: string; spec: ClusterSpec; onClose: () => void }) {
  const api = useApi();
  const [edit, setEdit] = useState<EditValues>(() => editValuesOf(spec));
  const { errors, rowErrors, formError, submitting, submit: send } = useClusterFormSubmit((next) => editCluster(api, clusterId, next), onClose);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const rows = edit.mode === 'postgres' || edit.mode === 'mariadb' ? checkNodeAgentRows(edit.values.nodeAgents).rowOf : undefined;
    void send(checkEditForm(edit, spec), rows);
  };

  const common = { errors, secretPlaceholder: UNCHANGED_PLACEHOLDER };
  return (
    <form className="add-form" onSubmit={submit} data-testid={TestIds.editClusterForm} data-mode={edit.mode} noValidate>
      <h3>Edit connection · {ENGINE_LABEL[edit.mode]}</h3>
      <div className="field-hint">Same cluster: its history, aliases and conflict reviews stay. The new connection is tested before it replaces the old one.
        {edit.mode === 'postgres' && ' A connection string left without its password keeps the stored one while its host, port and user stay the same.'}
      </div>
      {edit.mode === 'postgres' && (
        <>
          <PostgresFields {...common} values={edit.values} onChange={(values) => setEdit({ ...edit, values })} />
          <PoolerRows rows={edit.poolers} onChange={(poolers) => setEdit({ ...edit, poolers })} errors={rowErrors} secretPlaceholder={UNCHANGED_PLACEHOLDER} />
        </>
      )}
      {edit.mode === 'agent' && <AgentFields {...common} values={edit.values} onChange={(values) => setEdit({ ...edit, values })} />}
      {edit.mode === 'etcd' && <EtcdFields {...common} values={edit.values} onChange={(values) => setEdit({ ...edit, values })} />}
      {edit.mode === 'mariadb' && <MariadbFields {...common} values={edit.values} onChange={(values) => setEdit({ ...edit, values })} />}
      <ClusterFormFooter formError={formError} submitting={submitting} label="Save and reconnect" busyLabel="Reconnecting…" onCancel={onClose} />
    </form>
  );
}
