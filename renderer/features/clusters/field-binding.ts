import type { FormField } from '../../testids';
import type { FieldErrors } from './form-model';

/** What every engine's field set gets from the Add-cluster form. */
export interface FieldSetProps<V> {
  values: V;
  onChange: (values: V) => void;
  errors: FieldErrors;
}

export const INTERVAL_LABEL = 'Sample interval (ms)';

/**
 * Binds a form field to one key of the values: its value, its change handler
 * and its error (looked up by the field's name, which may differ from the key).
 */
export function fieldBinder<V extends { [K in keyof V]: string }>({ values, onChange, errors }: FieldSetProps<V>) {
  // A key that is not itself a form field's name must say which field it fills.
  return <K extends keyof V & string>(key: K, ...named: K extends FormField ? [FormField?] : [FormField]) => {
    const field = named[0] ?? (key as FormField);
    return {
      field,
      value: values[key],
      onChange: (value: string) => onChange({ ...values, [key]: value }),
      error: errors[field],
    };
  };
}
