import { Field } from './Field';
import { NodeAgentRows } from './NodeAgentRows';
import { fieldBinder, INTERVAL_LABEL, type FieldSetProps } from './field-binding';
import type { PostgresFormValues } from './form-model';

/** What the PostgreSQL node agents are for, shown above their rows. */
export const POSTGRES_NODE_AGENTS_HINT =
  'For what needs a node’s host during a switchover, failover or rejoin: stop and start the server, pg_rewind, standby configuration. ' +
  'Run one agent per node on its host (replicadesk-agent --backend postgres --pgdata DIR --pg-conn URI). Without them those steps become by-hand steps in the plan. ' +
  'The node address is the server’s host:port as ReplicaDesk reaches it (as in its connection string).';

export function PostgresFields(props: FieldSetProps<PostgresFormValues>) {
  const bind = fieldBinder(props);
  const { values, onChange } = props;
  return (
    <>
      <Field {...bind('name')} label="Name" placeholder="orders-prod" />
      <Field
        {...bind('seeds')}
        label="Connection strings (one per line)"
        multiline
        placeholder="postgres://monitor@10.0.0.5:5432/postgres"
        hint="The rest of the topology is discovered from these."
      />
      <div className="field-row">
        <Field {...bind('sampleIntervalMs')} label={INTERVAL_LABEL} />
        <Field {...bind('discoveryPorts')} label="Discovery ports" placeholder="5432, 5433" />
      </div>
      <div className="field-row">
        <Field {...bind('lagThresholdMb', 'lagThresholdBytes')} label="Lag threshold (MB)" />
        <Field {...bind('lagThresholdMs')} label="Lag threshold (ms)" />
      </div>
      <NodeAgentRows
        rows={values.nodeAgents}
        onChange={(nodeAgents) => onChange({ ...values, nodeAgents })}
        error={props.errors.nodeAgents}
        hint={POSTGRES_NODE_AGENTS_HINT}
        addressPlaceholder="10.0.0.5:5432"
        urlPlaceholder="ws://10.0.0.5:7070"
        tokenPlaceholder={props.secretPlaceholder}
      />
    </>
  );
}
