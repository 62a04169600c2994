import { Field } from './Field';
import { fieldBinder, INTERVAL_LABEL, type FieldSetProps } from './field-binding';
import type { PostgresFormValues } from './form-model';

export function PostgresFields(props: FieldSetProps<PostgresFormValues>) {
  const bind = fieldBinder(props);
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
    </>
  );
}
