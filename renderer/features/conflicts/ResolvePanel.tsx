import { useState } from 'react';
import type { ConflictEvent, ConflictVersion } from '../../../shared/model/conflict';
import type { Convergence, ResolveChoice, ResolvePreview } from '../../../shared/ipc/conflicts';
import { assertNever } from '../../../shared/result';
import { useApi } from '../../api/context';
import { TestIds } from '../../testids';
import { previewChoice, resolveConflict } from './commands';
import { EnginePreviewBox } from './EnginePreview';
import { show } from './show';

type Step =
  | { kind: 'idle' }
  | { kind: 'busy'; what: string }
  | { kind: 'preview'; choice: ResolveChoice; preview: ResolvePreview }
  | { kind: 'done'; convergence: Convergence }
  | { kind: 'failed'; reason: string; code: string };

function PreviewBox({ preview }: { preview: ResolvePreview }) {
  return (
    <div className="conflict-preview" data-testid={TestIds.conflictPreview} data-value={JSON.stringify(preview.value)}>
      <p>{preview.summary}</p>
      <table className="grid-table">
        <tbody>
          {preview.fields.map((f) => (
            <tr key={f.field} data-testid={TestIds.conflictPreviewField} data-field={f.field}>
              <td className="mono">{f.field}</td>
              <td className="mono">{show(f.value)}</td>
              <td className="muted">{f.from}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {/* Where the engine says exactly what runs (SQL, a skipped transaction), the generic "how it is written" line would mislead. */}
      {preview.engine ? <EnginePreviewBox engine={preview.engine} /> : <p className="muted small">{preview.vector}</p>}
    </div>
  );
}

/**
 * Accepting an engine's decision writes nothing: the engine's plan has no statement (the pick is the value
 * it kept), so it is shown as what it is, never as a write with an empty SQL box.
 */
export function isAccept(c: ConflictEvent, preview: ResolvePreview): boolean {
  return c.engineDecision?.review === 'pending' && preview.engine !== undefined && preview.engine.statements.length === 0 && preview.engine.skipped.length === 0;
}

export function AcceptBox({ c, nameOf }: { c: ConflictEvent; nameOf: (v: ConflictVersion) => string }) {
  const d = c.engineDecision;
  const kept = d && d.kept !== null ? c.versions[d.kept] : undefined;
  return (
    <div className="accept-box" data-testid={TestIds.conflictPreview} data-accept="true">
      <p>Accept the engine’s decision: nothing is written; it is marked reviewed.</p>
      {kept && <p className="muted small">{nameOf(kept)}’s version stays on every node, as the engine left it; the review is audited.</p>}
    </div>
  );
}

function Outcome({ step, onConfirm, c, nameOf }: { step: Step; onConfirm: () => void; c: ConflictEvent; nameOf: (v: ConflictVersion) => string }) {
  switch (step.kind) {
    case 'idle':
      return null;
    case 'busy':
      return <p className="muted small">{step.what}…</p>;
    case 'preview':
      if (isAccept(c, step.preview))
        return (
          <>
            <AcceptBox c={c} nameOf={nameOf} />
            <button className="primary" data-testid={TestIds.conflictConfirm} data-accept="true" onClick={onConfirm}>
              Accept: mark reviewed
            </button>
          </>
        );
      return (
        <>
          <PreviewBox preview={step.preview} />
          <button className="primary" data-testid={TestIds.conflictConfirm} onClick={onConfirm}>
            {step.preview.engine ? 'Resolve: run these statements' : 'Resolve: write this value'}
          </button>
        </>
      );
    case 'done':
      return (
        <p className={step.convergence.state === 'converged' ? 'ok-text' : 'warn-text'} data-testid={TestIds.conflictResult} data-state={step.convergence.state}>
          {step.convergence.detail}
        </p>
      );
    case 'failed':
      return (
        <p className="error-text" data-testid={TestIds.conflictError} data-code={step.code}>
          {step.reason}
        </p>
      );
    default:
      return assertNever(step, 'resolve step');
  }
}

/** On an engine's decision: keeping the kept version accepts it, keeping another overturns it. */
function keepLabel(c: ConflictEvent, i: number, name: string): string {
  const d = c.engineDecision;
  if (!d || d.review !== 'pending') return `Keep ${name}`;
  return d.kept === i ? `Accept (keep ${name}’s version)` : `Overturn: restore ${name}’s version`;
}

/** Keep a version, merge the picked fields, or type a value: each previews exactly what will be written first. */
export function ResolvePanel({ conflict: c, mergePicks, nameOf }: { conflict: ConflictEvent; mergePicks: Record<string, number> | null; nameOf: (v: ConflictVersion) => string }) {
  const api = useApi();
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [custom, setCustom] = useState(() => JSON.stringify(c.versions[0]?.value ?? null, null, 1));
  const preview = async (choice: ResolveChoice) => {
    setStep({ kind: 'busy', what: 'Previewing' });
    const r = await previewChoice(api, c.id, choice);
    setStep(r.ok ? { kind: 'preview', choice, preview: r.value } : { kind: 'failed', reason: r.reason, code: r.code });
  };
  const previewCustom = () => {
    try {
      void preview({ kind: 'custom', value: JSON.parse(custom) as unknown });
    } catch (error) {
      setStep({ kind: 'failed', reason: `the custom value is not JSON: ${error instanceof Error ? error.message : String(error)}`, code: 'invalid-json' });
    }
  };
  const confirm = async () => {
    if (step.kind !== 'preview') return;
    setStep({ kind: 'busy', what: isAccept(c, step.preview) ? 'Accepting and checking every node' : 'Resolving and checking every node' });
    const r = await resolveConflict(api, c.id, step.choice);
    setStep(r.ok ? { kind: 'done', convergence: r.value.convergence } : { kind: 'failed', reason: r.reason, code: r.code });
  };
  return (
    <div className="resolve-panel">
      <div className="resolve-buttons">
        {c.versions.map((v, i) => (
          <button key={i} data-testid={TestIds.conflictKeep} data-node-id={v.origin} onClick={() => void preview({ kind: 'keep', version: i })}>
            {keepLabel(c, i, nameOf(v))}
          </button>
        ))}
        {mergePicks && (
          <button data-testid={TestIds.conflictMerge} onClick={() => void preview({ kind: 'merge', fields: mergePicks })}>
            Merge picked fields ({Object.keys(mergePicks).length})
          </button>
        )}
        <button data-testid={TestIds.conflictCustom} onClick={previewCustom}>
          Custom value
        </button>
      </div>
      <textarea className="mono" rows={3} data-testid={TestIds.conflictCustomValue} value={custom} onChange={(e) => setCustom(e.target.value)} aria-label="Custom value (JSON)" />
      <Outcome step={step} onConfirm={() => void confirm()} c={c} nameOf={nameOf} />
    </div>
  );
}
