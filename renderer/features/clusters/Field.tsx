import { TestIds, type FormField } from '../../testids';

interface FieldProps {
  field: FormField;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
  multiline?: boolean;
  placeholder?: string;
  hint?: string;
  type?: 'text' | 'password';
}

/** A labelled input with its own error line (both tagged with data-field for tests). */
export function Field({ field, label, value, onChange, error, multiline, placeholder, hint, type = 'text' }: FieldProps) {
  const id = `field-${field}`;
  const common = {
    id,
    value,
    placeholder,
    'data-testid': TestIds.formField,
    'data-field': field,
    'aria-invalid': error !== undefined,
    spellCheck: false,
  };
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea {...common} rows={3} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...common} type={type} onChange={(e) => onChange(e.target.value)} />
      )}
      {hint && !error && <div className="field-hint">{hint}</div>}
      {error && (
        <div className="field-error" data-testid={TestIds.fieldError} data-field={field}>
          {error}
        </div>
      )}
    </div>
  );
}
