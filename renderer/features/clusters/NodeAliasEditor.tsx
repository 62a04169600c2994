import { useState } from 'react';
import { NodeAliasSchema } from '../../../shared/model/cluster';
import { parseOrFail } from '../../../shared/validate';
import { useApi } from '../../api/context';
import { TestIds } from '../../testids';
import { setNodeAlias } from './actions';

/** "rename": the admin's display name for a node, shown everywhere (empty restores its own name). */
export function NodeAliasEditor({ clusterId, nodeId, name }: { clusterId: string; nodeId: string; name: string }) {
  const api = useApi();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  if (draft === null) {
    return (
      <button className="link-button" data-testid={TestIds.nodeAliasEdit} title="Give this node a display name used everywhere in ReplicaDesk" onClick={() => (setDraft(name), setError(null))}>
        rename
      </button>
    );
  }
  const save = async () => {
    const cleared = draft.trim() === '';
    const checked = cleared ? null : parseOrFail(NodeAliasSchema, draft, 'alias');
    if (checked && !checked.ok) return setError(checked.reason);
    setSaving(true);
    const r = await setNodeAlias(api, clusterId, nodeId, cleared ? null : draft);
    setSaving(false);
    if (!r.ok) return setError(r.reason);
    setDraft(null);
    setError(null);
  };
  return (
    <form className="node-alias-editor" onSubmit={(e) => (e.preventDefault(), void save())}>
      <input data-testid={TestIds.nodeAliasInput} value={draft} maxLength={80} autoFocus aria-label="Display name" placeholder="display name (empty: its own name)" onChange={(e) => setDraft(e.target.value)} />
      <button type="submit" data-testid={TestIds.nodeAliasSave} disabled={saving}>
        save
      </button>
      <button type="button" className="link-button" onClick={() => (setDraft(null), setError(null))}>
        cancel
      </button>
      {error && (
        <span className="field-error" data-testid={TestIds.nodeAliasError}>
          {error}
        </span>
      )}
    </form>
  );
}
