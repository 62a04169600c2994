/** Turns anything thrown into one line of loggable text (after Signal's Errors.toLogFormat). */
export function toLogFormat(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return code ? `${error.message} (${String(code)})` : error.message;
  }
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}
