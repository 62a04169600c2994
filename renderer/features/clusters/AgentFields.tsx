import { Field } from './Field';
import { fieldBinder, INTERVAL_LABEL, type FieldSetProps } from './field-binding';
import type { AgentFormValues } from './form-model';

export function AgentFields(props: FieldSetProps<AgentFormValues>) {
  const bind = fieldBinder(props);
  return (
    <>
      <Field {...bind('name')} label="Name" placeholder="edge-cluster" />
      <Field
        {...bind('agents')}
        label="Agent URLs (one per line)"
        multiline
        placeholder="ws://10.0.0.5:7070"
        hint="Agents that are the cluster (e.g. --backend sandbox). Node agents go with their database cluster: --backend postgres under + Add cluster (PostgreSQL) → Node agents, --backend mariadb under Add MariaDB… → Node agents."
      />
      <Field {...bind('token')} label="Agent token" type="password" placeholder={props.secretPlaceholder} />
      <Field {...bind('sampleIntervalMs')} label={INTERVAL_LABEL} />
    </>
  );
}
