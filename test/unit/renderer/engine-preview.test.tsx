import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { ConflictNotes, EnginePreviewBox } from '../../../renderer/features/conflicts/EnginePreview';
import { TestIds } from '../../../renderer/testids';

describe('engine preview (PostgreSQL SKIP)', () => {
  it('shows the exact SQL, every other change the SKIP drops, and the note', () => {
    const html = renderToStaticMarkup(
      <EnginePreviewBox
        engine={{
          statements: ['BEGIN', `ALTER SUBSCRIPTION sub_b SKIP (lsn = '0/10')`, 'ALTER SUBSCRIPTION sub_b ENABLE', 'COMMIT'],
          skipped: [{ table: 'public.items', op: 'insert', key: 'id=2', value: { id: '2' } }],
          note: 'SKIP drops the whole remote transaction. Update/update conflicts are silent on PG15.',
        }}
      />,
    );
    expect(html).toContain(`data-testid="${TestIds.conflictEnginePreview}" data-skipped="1"`);
    expect(html.match(new RegExp(`data-testid="${TestIds.conflictEngineStatement}"`, 'g'))).toHaveLength(4);
    expect(html).toContain('ALTER SUBSCRIPTION sub_b SKIP (lsn = &#x27;0/10&#x27;);');
    expect(html).toContain('data-op="insert" data-key="id=2"');
    expect(html).toContain('silent on PG15');
  });

  it('lists a conflict’s notes, and nothing without them', () => {
    expect(renderToStaticMarkup(<ConflictNotes notes={undefined} />)).toBe('');
    const html = renderToStaticMarkup(<ConflictNotes notes={['GRANT EXECUTE ON FUNCTION pg_current_logfile(text) TO mon;']} />);
    expect(html).toContain(TestIds.conflictNote);
    expect(html).toContain('pg_current_logfile(text) TO mon;');
  });
});
