/**
 * Step ids that carry everything an executor needs (`op~node~peer`), so a
 * journalled plan can be resumed by a new process. Parts are escaped (only `%`
 * and `~`), so a node name can never split an id, and ids stay readable.
 */
const SEP = '~';
const escape = (part: string) => part.replaceAll('%', '%25').replaceAll(SEP, '%7E');

export function joinStepId(parts: readonly (string | null | undefined)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p.length > 0).map(escape).join(SEP);
}

/** The parts of an id; an empty list when it is not one of ours. */
export function splitStepId(id: string): string[] {
  try {
    return id.split(SEP).map(decodeURIComponent);
  } catch {
    return [];
  }
}
