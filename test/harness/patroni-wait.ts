interface RestMember {
  name: string;
  restUrl: string;
}

interface ClusterBody {
  members: { name: string; role: string; state: string }[];
}
interface StatusBody {
  replication?: { application_name: string; state: string }[];
}

async function getJson<T>(url: string): Promise<T | null> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    return (await res.json()) as T;
  } catch {
    return null;
  }
}

/** Patroni's own view: the current leader's name, or null. */
export async function patroniLeader(members: readonly RestMember[]): Promise<string | null> {
  for (const m of members) {
    const c = await getJson<ClusterBody>(`${m.restUrl}/cluster`);
    if (c) return c.members.find((x) => x.role === 'leader' && x.state === 'running')?.name ?? null;
  }
  return null;
}

/** Polls until one leader runs, its walsenders list every other member streaming, and /cluster says every member runs; returns the leader. */
export async function waitForPatroni(members: readonly RestMember[], timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    const leader = await patroniLeader(members);
    const lm = members.find((m) => m.name === leader);
    if (lm) {
      const s = await getJson<StatusBody>(`${lm.restUrl}/patroni`);
      const streaming = new Set((s?.replication ?? []).filter((r) => r.state === 'streaming').map((r) => r.application_name));
      const others = members.filter((m) => m.name !== leader);
      const c = await getJson<ClusterBody>(`${lm.restUrl}/cluster`);
      const notRunning = (c?.members ?? []).filter((x) => x.state !== 'running' && x.state !== 'streaming').map((x) => `${x.name} ${x.state}`);
      if (others.every((m) => streaming.has(m.name)) && c?.members.length === members.length && notRunning.length === 0) return lm.name;
      last = `leader ${leader}, streaming: ${[...streaming].join(', ') || 'none'}; not running in /cluster: ${notRunning.join(', ') || 'none'}`;
    } else last = 'no running leader';
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Patroni cluster not healthy within ${timeoutMs} ms (${last})`);
}
