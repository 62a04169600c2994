import { Field } from './Field';
import type { AgentFormValues, FieldErrors } from './form-model';

interface Props {
  values: AgentFormValues;
  onChange: (values: AgentFormValues) => void;
  errors: FieldErrors;
}

export function AgentFields({ values, onChange, errors }: Props) {
  const set = (key: keyof AgentFormValues) => (value: string) => onChange({ ...values, [key]: value });
  return (
    <>
      <Field field="name" label="Name" value={values.name} onChange={set('name')} error={errors.name} placeholder="edge-cluster" />
      <Field
        field="agents"
        label="Agent URLs (one per line)"
        value={values.agents}
        onChange={set('agents')}
        error={errors.agents}
        multiline
        placeholder="ws://10.0.0.5:7070"
      />
      <Field field="token" label="Agent token" value={values.token} onChange={set('token')} error={errors.token} type="password" />
      <Field
        field="sampleIntervalMs"
        label="Sample interval (ms)"
        value={values.sampleIntervalMs}
        onChange={set('sampleIntervalMs')}
        error={errors.sampleIntervalMs}
      />
    </>
  );
}
