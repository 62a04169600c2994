import { Field } from './Field';
import { fieldBinder, INTERVAL_LABEL, type FieldSetProps } from './field-binding';
import type { MariadbFormValues } from './form-model';

/** A MariaDB cluster: one server's address is enough; the rest is discovered from replication. */
export function MariadbFields(props: FieldSetProps<MariadbFormValues>) {
  const bind = fieldBinder(props);
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
      <Field {...bind('password')} label="Password" type="password" hint="Kept in the secret store, not in the saved settings." />
      <Field {...bind('sampleIntervalMs')} label={INTERVAL_LABEL} />
    </>
  );
}
