import { Field } from './Field';
import type { FieldErrors, PostgresFormValues } from './form-model';

interface Props {
  values: PostgresFormValues;
  onChange: (values: PostgresFormValues) => void;
  errors: FieldErrors;
}

export function PostgresFields({ values, onChange, errors }: Props) {
  const set = (key: keyof PostgresFormValues) => (value: string) => onChange({ ...values, [key]: value });
  return (
    <>
      <Field field="name" label="Name" value={values.name} onChange={set('name')} error={errors.name} placeholder="orders-prod" />
      <Field
        field="seeds"
        label="Connection strings (one per line)"
        value={values.seeds}
        onChange={set('seeds')}
        error={errors.seeds}
        multiline
        placeholder="postgres://monitor@10.0.0.5:5432/postgres"
        hint="The rest of the topology is discovered from these."
      />
      <div className="field-row">
        <Field
          field="sampleIntervalMs"
          label="Sample interval (ms)"
          value={values.sampleIntervalMs}
          onChange={set('sampleIntervalMs')}
          error={errors.sampleIntervalMs}
        />
        <Field
          field="discoveryPorts"
          label="Discovery ports"
          value={values.discoveryPorts}
          onChange={set('discoveryPorts')}
          error={errors.discoveryPorts}
          placeholder="5432, 5433"
        />
      </div>
      <div className="field-row">
        <Field
          field="lagThresholdBytes"
          label="Lag threshold (MB)"
          value={values.lagThresholdMb}
          onChange={set('lagThresholdMb')}
          error={errors.lagThresholdBytes}
        />
        <Field
          field="lagThresholdMs"
          label="Lag threshold (ms)"
          value={values.lagThresholdMs}
          onChange={set('lagThresholdMs')}
          error={errors.lagThresholdMs}
        />
      </div>
    </>
  );
}
