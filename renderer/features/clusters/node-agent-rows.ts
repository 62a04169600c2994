import type { PostgresAgent } from '../../../shared/model/cluster';

/** One "node agents" row of a form: the node it serves (host:port), where the agent listens, and its token. */
export interface NodeAgentRow {
  nodeAddress: string;
  url: string;
  /** A secret: the core keeps it in the secret store, never in the saved spec. */
  token: string;
}

export const emptyNodeAgentRow: NodeAgentRow = { nodeAddress: '', url: '', token: '' };

const blank = (r: NodeAgentRow) => r.nodeAddress.trim() === '' && r.url.trim() === '' && r.token === '';

/**
 * The filled rows as spec agents (a row left wholly blank is dropped), and the mistakes the schema does not see:
 * a URL that does not parse, two agents for one node, one agent URL named twice. Each mistake names its row.
 */
export function checkNodeAgentRows(rows: readonly NodeAgentRow[]): { agents: PostgresAgent[]; rowOf: number[]; error: string | null } {
  const agents: PostgresAgent[] = [];
  const rowOf: number[] = [];
  const problems: string[] = [];
  const nodes = new Map<string, number>();
  const urls = new Map<string, number>();
  rows.forEach((r, i) => {
    if (blank(r)) return;
    const n = i + 1;
    const node = r.nodeAddress.trim().toLowerCase();
    const url = r.url.trim();
    if (/^wss?:\/\/./.test(url) && !URL.canParse(url)) problems.push(`agent ${n}: "${url}" is not a URL`);
    if (node && nodes.has(node)) problems.push(`agent ${n}: node ${r.nodeAddress.trim()} already has agent ${nodes.get(node)} (one agent per node)`);
    else if (node) nodes.set(node, n);
    if (url && urls.has(url)) problems.push(`agent ${n}: ${url} is already agent ${urls.get(url)}`);
    else if (url) urls.set(url, n);
    agents.push({ nodeAddress: r.nodeAddress, url: r.url, token: r.token });
    rowOf.push(i);
  });
  return { agents, rowOf, error: problems.length ? problems.join('; ') : null };
}

/** "agent N: message" for a schema issue at `agents.<index>.<leaf>`, N being the row the user sees. */
export function nodeAgentIssue(index: string | undefined, message: string, rowOf?: readonly number[]): string {
  if (index === undefined || !/^\d+$/.test(index)) return message;
  const i = Number(index);
  return `agent ${(rowOf?.[i] ?? i) + 1}: ${message}`;
}

const parts = (error: string) => error.split(/; (?=agent \d+: )/);

/** The mistakes of row `n` (1-based) in the rows' error text ("agent 2: …; agent 3: …"). */
export function rowErrors(error: string | undefined, n: number): string[] {
  if (!error) return [];
  const prefix = `agent ${n}: `;
  return parts(error)
    .filter((e) => e.startsWith(prefix))
    .map((e) => e.slice(prefix.length));
}

/** The mistakes no shown row takes (e.g. about the list as a whole), joined; '' when every one is on its row. */
export function leftover(error: string, rowCount: number): string {
  return parts(error)
    .filter((e) => {
      const m = /^agent (\d+): /.exec(e);
      return !m || Number(m[1]) < 1 || Number(m[1]) > rowCount;
    })
    .join('; ');
}
