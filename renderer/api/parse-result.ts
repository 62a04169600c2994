import { ipcContract, type Channel, type ResponseOf } from '../../shared/ipc/contract';
import { FailureSchema, type Result } from '../../shared/result';
import { parseOrFail } from '../../shared/validate';

/**
 * Checks an answer from the core against the channel's contract. The `ok`
 * flag is looked at first, so a bad value is reported by its own fields
 * (`value.0.name: …`) rather than as "matches neither branch".
 */
export function parseResult<C extends Channel>(channel: C, raw: unknown): Result<ResponseOf<C>> {
  const isOk = typeof raw === 'object' && raw !== null && (raw as { ok?: unknown }).ok === true;
  const parsed = isOk
    ? parseOrFail(ipcContract[channel].response, (raw as { value?: unknown }).value, `answer to ${channel}`)
    : parseOrFail(FailureSchema, raw, `answer to ${channel}`);
  if (!parsed.ok) return { ...parsed, code: 'invalid-response' };
  return isOk ? { ok: true, value: parsed.value as ResponseOf<C> } : (parsed.value as Result<ResponseOf<C>>);
}
