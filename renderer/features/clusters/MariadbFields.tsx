import { TestIds } from '../../testids';
import { Field } from './Field';
import { NodeAgentRows } from './NodeAgentRows';
import { fieldBinder, INTERVAL_LABEL, type FieldSetProps } from './field-binding';
import type { MariadbFormValues } from './form-model';

/** A MariaDB cluster: one server's address is enough; the rest is discovered from replication. */
export function MariadbFields(props: FieldSetProps<MariadbFormValues>) {
  const bind = fieldBinder(props);
  const { values, onChange } = props;
  return (
    <>
      <Field {...bind('name')} label="Name" placeholder="shop-mariadb" />
      <Field
        {...bind('seeds')}
        label="Server host:port (one is enough)"
        placeholder="10.0.0.5:3306"
        hint="Its sources and replicas are discovered from replication."
      />
      <Field {...bind('username')} label="User (monitoring account)" placeholder="replicadesk" />
      <Field {...bind('password')} label="Password" type="password" placeholder={props.secretPlaceholder} hint="Kept in the secret store, not in the saved settings." />
      <Field
        {...bind('replicationUser')}
        label="Replication user (optional)"
        placeholder="repl"
        hint="Replicas connect to a new primary with it after a switchover or failover; blank: the monitoring account."
      />
      <Field {...bind('replicationPassword')} label="Replication password" type="password" placeholder={props.secretPlaceholder} hint="Kept in the secret store, not in the saved settings." />
      <Field {...bind('heartbeatTable')} label="Heartbeat table (optional)" placeholder="replicadesk.heartbeat" hint="db.table, e.g. replicadesk.heartbeat; leave empty for no heartbeat" />
      {values.heartbeatTable.trim() !== '' && (
        <label className="field small">
          <input
            type="checkbox"
            data-testid={TestIds.formField}
            data-field="heartbeatCreate"
            checked={values.heartbeatCreate === 'yes'}
            onChange={(e) => onChange({ ...values, heartbeatCreate: e.target.checked ? 'yes' : '' })}
          />{' '}
          create the database and table when missing
        </label>
      )}
      <Field {...bind('sampleIntervalMs')} label={INTERVAL_LABEL} />
      <NodeAgentRows
        rows={values.nodeAgents}
        onChange={(nodeAgents) => onChange({ ...values, nodeAgents })}
        error={props.errors.nodeAgents}
        hint="For Galera conflicts with their queries: a log agent beside a node (replicadesk-agent --backend mariadb --error-log FILE --node-id HOST:PORT). The node address is the server's host:port as ReplicaDesk reaches it."
        addressPlaceholder="10.0.0.5:3306"
        urlPlaceholder="ws://10.0.0.5:7401"
        tokenPlaceholder={props.secretPlaceholder}
      />
    </>
  );
}
