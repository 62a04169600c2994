import type { FormField } from '../../testids';
import type { FieldErrors } from './form-model';

/** What every engine's field set gets from the Add-cluster form. */
export interface FieldSetProps<V> {
  values: V;
  onChange: (values: V) => void;
  errors: FieldErrors;
  /** Placeholder of the password and token fields ("Edit connection…": empty keeps the stored secret). */
  secretPlaceholder?: string;
}

export const INTERVAL_LABEL = 'Sample interval (ms)';

/**
 * Binds a form field to one key of the values: its value, its change handler
 * and its error (looked up by the field's name, which may differ from the key).
 */
/** The keys of V whose values are text (a form may also hold lists, e.g. node agent rows). */
type TextKeys<V> = { [K in keyof V]: V[K] extends string ? K : never }[keyof V] & string;

export function fieldBinder<V extends object>({ values, onChange, errors }: FieldSetProps<V>) {
  // A key that is not itself a form field's name must say which field it fills.
  return <K extends TextKeys<V>>(key: K, ...named: K extends FormField ? [FormField?] : [FormField]) => {
    const field = named[0] ?? (key as FormField);
    return {
      field,
      value: values[key] as string,
      onChange: (value: string) => onChange({ ...values, [key]: value }),
      error: errors[field],
    };
  };
}
