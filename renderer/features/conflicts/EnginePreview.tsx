import type { EnginePreview } from '../../../shared/ipc/conflicts';
import { TestIds } from '../../testids';
import { show } from './show';

/**
 * What the engine itself will run (PostgreSQL: the exact SQL on the subscriber, in one transaction)
 * and every other change it drops: a SKIP drops the whole remote transaction, not one row.
 */
export function EnginePreviewBox({ engine }: { engine: EnginePreview }) {
  return (
    <div className="engine-preview" data-testid={TestIds.conflictEnginePreview} data-skipped={engine.skipped.length}>
      <p className="small">{engine.note}</p>
      {engine.statements.length > 0 && (
        <pre className="mono small engine-sql">
          {engine.statements.map((s, i) => (
            <div key={i} data-testid={TestIds.conflictEngineStatement}>
              {s};
            </div>
          ))}
        </pre>
      )}
      {engine.skipped.length > 0 && (
        <>
          <p className="warn-text small">Also dropped with the remote transaction ({engine.skipped.length}):</p>
          <table className="grid-table">
            <tbody>
              {engine.skipped.map((s, i) => (
                <tr key={i} data-testid={TestIds.conflictSkippedChange} data-table={s.table} data-op={s.op} data-key={s.key}>
                  <td className="mono">{s.table}</td>
                  <td>{s.op}</td>
                  <td className="mono">{s.key}</td>
                  <td className="mono">{show(s.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

/** What the engine could not tell, or what the admin should know (missing grants, engine caveats). */
export function ConflictNotes({ notes }: { notes: readonly string[] | undefined }) {
  if (!notes?.length) return null;
  return (
    <ul className="conflict-notes small">
      {notes.map((n, i) => (
        <li key={i} className="muted" data-testid={TestIds.conflictNote}>
          {n}
        </li>
      ))}
    </ul>
  );
}
