import { useState } from 'react';
import { ReceiverInputSchema } from '../../../shared/ipc/alerts';
import { useApi } from '../../api/context';
import { AlertIds } from './ids';
import { checkReceiver } from './form-checks';

/** Adds or replaces a receiver. Its URL and token go to the secret store; only scheme://host:port is shown again. */
export function ReceiverForm({ onSaved }: { onSaved: () => void }) {
  const api = useApi();
  const [draft, setDraft] = useState({ id: '', kind: 'alertmanager', url: '', token: '' });
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    const problem = checkReceiver(draft);
    if (problem) return setError(problem);
    const parsed = ReceiverInputSchema.safeParse({ ...draft, url: draft.url.trim(), token: draft.token || undefined });
    if (!parsed.success) return setError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const r = await api.invoke('alerts:setReceiver', parsed.data);
    if (!r.ok) return setError(r.reason);
    setError(null);
    setDraft({ id: '', kind: draft.kind, url: '', token: '' });
    onSaved();
  };
  const set = (k: keyof typeof draft) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });
  return (
    <form className="receiver-form small" noValidate data-testid={AlertIds.receiverForm} onSubmit={(e) => (e.preventDefault(), void save())}>
      <input value={draft.id} onChange={set('id')} placeholder="name" aria-label="Receiver name" />
      <select value={draft.kind} onChange={set('kind')} aria-label="Receiver kind">
        <option value="alertmanager">Alertmanager (v2 API)</option>
        <option value="webhook">Webhook (JSON)</option>
        <option value="slack">Slack-compatible webhook</option>
      </select>
      <input value={draft.url} onChange={set('url')} placeholder="http://alertmanager:9093" aria-label="Receiver URL" size={40} />
      <input value={draft.token} onChange={set('token')} placeholder="bearer token (optional)" type="password" aria-label="Receiver token" />
      <button type="submit">Save receiver</button>
      {error && <span className="error-text"> {error}</span>}
    </form>
  );
}
