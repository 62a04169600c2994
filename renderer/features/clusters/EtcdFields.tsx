import { Field } from './Field';
import { fieldBinder, INTERVAL_LABEL, type FieldSetProps } from './field-binding';
import type { EtcdFormValues } from './form-model';

/** An etcd cluster: any member's client URL; the rest is discovered from the member list. */
export function EtcdFields(props: FieldSetProps<EtcdFormValues>) {
  const bind = fieldBinder(props);
  return (
    <>
      <Field {...bind('name')} label="Name" placeholder="patroni-dcs" />
      <Field {...bind('endpoints')} label="Client URLs (one per line; one member is enough)" multiline placeholder="http://10.0.0.5:2379" />
      <Field {...bind('username')} label="User (if etcd auth is on)" />
      <Field {...bind('password')} label="Password" type="password" placeholder={props.secretPlaceholder} />
      <Field {...bind('caFile')} label="CA file (https with a private CA)" placeholder="/etc/etcd/ca.crt" />
      <Field {...bind('certFile')} label="Client certificate file" />
      <Field {...bind('keyFile')} label="Client key file" />
      <Field {...bind('sampleIntervalMs')} label={INTERVAL_LABEL} />
    </>
  );
}
