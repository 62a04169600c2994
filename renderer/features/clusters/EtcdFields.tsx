import { Field } from './Field';
import type { EtcdFormValues, FieldErrors } from './form-model';

interface Props {
  values: EtcdFormValues;
  onChange: (values: EtcdFormValues) => void;
  errors: FieldErrors;
}

/** An etcd cluster: any member's client URL; the rest is discovered from the member list. */
export function EtcdFields({ values, onChange, errors }: Props) {
  const set = (key: keyof EtcdFormValues) => (value: string) => onChange({ ...values, [key]: value });
  return (
    <>
      <Field field="name" label="Name" value={values.name} onChange={set('name')} error={errors.name} placeholder="patroni-dcs" />
      <Field
        field="endpoints"
        label="Client URLs (one per line; one member is enough)"
        value={values.endpoints}
        onChange={set('endpoints')}
        error={errors.endpoints}
        multiline
        placeholder="http://10.0.0.5:2379"
      />
      <Field field="username" label="User (if etcd auth is on)" value={values.username} onChange={set('username')} error={errors.username} />
      <Field field="password" label="Password" value={values.password} onChange={set('password')} error={errors.password} type="password" />
      <Field field="caFile" label="CA file (https with a private CA)" value={values.caFile} onChange={set('caFile')} error={errors.caFile} placeholder="/etc/etcd/ca.crt" />
      <Field field="certFile" label="Client certificate file" value={values.certFile} onChange={set('certFile')} error={errors.certFile} />
      <Field field="keyFile" label="Client key file" value={values.keyFile} onChange={set('keyFile')} error={errors.keyFile} />
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
