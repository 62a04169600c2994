import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { checkMariadbForm, emptyMariadbForm, issuesToFieldErrors } from '../../../renderer/features/clusters/form-model';
import { MariadbFields } from '../../../renderer/features/clusters/MariadbFields';

const form = (over: Partial<typeof emptyMariadbForm>) => ({ ...emptyMariadbForm, name: 'shop', seeds: '10.0.0.5:3306', username: 'replicadesk', password: 's3cret', ...over });

describe('the MariaDB form', () => {
  it('builds a MariaDB spec from one server, the user and the password (the secret travels in auth, the core stores it apart)', () => {
    const r = checkMariadbForm(form({ seeds: ' 10.0.0.5:3306 ' }));
    expect(r).toEqual({
      ok: true,
      spec: expect.objectContaining({ engine: 'mariadb', name: 'shop', seeds: ['10.0.0.5:3306'], auth: { user: 'replicadesk', password: 's3cret' }, sampleIntervalMs: 1000 }),
    });
  });

  it('takes several servers separated by spaces or commas, and an IPv6 address in brackets', () => {
    const r = checkMariadbForm(form({ seeds: 'db1:3306, db2:3306\n[::1]:3307', sampleIntervalMs: '500' }));
    expect(r).toMatchObject({ ok: true, spec: { seeds: ['db1:3306', 'db2:3306', '[::1]:3307'], sampleIntervalMs: 500 } });
  });

  it('an empty password is allowed (an account without one); an empty user is not', () => {
    expect(checkMariadbForm(form({ password: '' })).ok).toBe(true);
    const r = checkMariadbForm(form({ username: '  ' }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual({ username: 'the MariaDB user name is required' });
  });

  it('names the field of each mistake, in the schema’s words', () => {
    const r = checkMariadbForm({ ...emptyMariadbForm, sampleIntervalMs: '10' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.name).toBe('give the cluster a name');
    expect(r.errors.seeds).toBe('add at least one server');
    expect(r.errors.username).toBe('the MariaDB user name is required');
    expect(r.errors.sampleIntervalMs).toBe('the sample interval must be at least 250 ms');
    expect(r.general).toBeNull();
    const bad = checkMariadbForm(form({ seeds: 'db1' }));
    expect(!bad.ok && bad.errors.seeds).toBe('a MariaDB server is host:port, e.g. 10.0.0.5:3306');
    const second = checkMariadbForm(form({ seeds: 'db1:3306 db2' }));
    expect(!second.ok && second.errors.seeds).toBe('server 2: a MariaDB server is host:port, e.g. 10.0.0.5:3306');
    const notANumber = checkMariadbForm(form({ sampleIntervalMs: 'soon' }));
    expect(!notANumber.ok && notANumber.errors.sampleIntervalMs).toBe('"soon" is not a number');
  });

  it('maps the server’s refusal (auth.user, auth.password) back onto the fields', () => {
    const { errors } = issuesToFieldErrors([{ path: 'auth.user', message: 'denied' }, { path: 'auth.password', message: 'wrong' }]);
    expect(errors).toEqual({ username: 'denied', password: 'wrong' });
  });

  it('renders one server field that says one is enough, and a password input', () => {
    const html = renderToStaticMarkup(<MariadbFields values={form({})} onChange={() => {}} errors={{ seeds: 'bad address' }} />);
    expect(html).toContain('Server host:port (one is enough)');
    expect(html).toMatch(/data-field="password"[^>]*type="password"/);
    expect(html).toContain('data-testid="field-error" data-field="seeds">bad address<');
    const clean = renderToStaticMarkup(<MariadbFields values={form({})} onChange={() => {}} errors={{}} />);
    expect(clean).toContain('discovered from replication');
    expect(clean).not.toContain('field-error');
  });
  it('sends the optional replication account and heartbeat table only when filled in, and maps their mistakes to their fields', () => {
    const plain = checkMariadbForm(form({}));
    expect(plain.ok && 'replication' in plain.spec).toBe(false);
    expect(plain.ok && 'heartbeat' in plain.spec).toBe(false);
    const full = checkMariadbForm(form({ replicationUser: 'repl', replicationPassword: 'r3pl', heartbeatTable: 'replicadesk.hb', heartbeatCreate: 'yes' }));
    expect(full).toMatchObject({ ok: true, spec: { replication: { user: 'repl', password: 'r3pl' }, heartbeat: { table: 'replicadesk.hb', create: true } } });
    const noCreate = checkMariadbForm(form({ heartbeatTable: 'db.t' }));
    expect(noCreate).toMatchObject({ ok: true, spec: { heartbeat: { table: 'db.t', create: false } } });
    const passwordOnly = checkMariadbForm(form({ replicationPassword: 'r3pl' }));
    expect(passwordOnly.ok).toBe(false);
    if (!passwordOnly.ok) expect(passwordOnly.errors).toEqual({ replicationUser: 'the replication user name is required' });
    const badTable = checkMariadbForm(form({ heartbeatTable: 'heartbeat' }));
    expect(badTable.ok).toBe(false);
    if (!badTable.ok) expect(badTable.errors).toEqual({ heartbeatTable: 'write the heartbeat table as database.table (one dot, no spaces)' });
    const { errors } = issuesToFieldErrors([{ path: 'replication.password', message: 'x' }, { path: 'replication.user', message: 'y' }, { path: 'heartbeat.table', message: 'z' }]);
    expect(errors).toEqual({ replicationPassword: 'x', replicationUser: 'y', heartbeatTable: 'z' });
  });

  it('renders the replication account (password hidden) and the heartbeat table with its hint; the create box only with a table', () => {
    const html = renderToStaticMarkup(<MariadbFields values={form({})} onChange={() => {}} errors={{ heartbeatTable: 'bad table' }} />);
    expect(html).toContain('data-field="replicationUser"');
    expect(html).toMatch(/data-field="replicationPassword"[^>]*type="password"/);
    expect(html).toContain('data-testid="field-error" data-field="heartbeatTable">bad table<');
    expect(html).not.toContain('data-field="heartbeatCreate"');
    const clean = renderToStaticMarkup(<MariadbFields values={form({ heartbeatTable: 'a.b' })} onChange={() => {}} errors={{}} />);
    expect(clean).toContain('db.table, e.g. replicadesk.heartbeat; leave empty for no heartbeat');
    expect(clean).toContain('data-field="heartbeatCreate"');
  });
});
