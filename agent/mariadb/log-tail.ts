import { open, stat, type FileHandle } from 'node:fs/promises';

export interface LogTailLimits {
  /** A longer line is cut here and flagged `cut` (the rest, up to its newline, is dropped). */
  maxLineBytes: number;
  /** Bytes read per poll at most; the rest waits for the next poll. */
  maxBatchBytes: number;
}

export const DEFAULT_TAIL_LIMITS: LogTailLimits = { maxLineBytes: 8_192, maxBatchBytes: 256 * 1024 };

/** One line of the log, decoded as UTF-8 (an invalid byte becomes U+FFFD). */
export interface TailLine {
  text: string;
  /** The line was longer than maxLineBytes: `text` is its start. */
  cut: boolean;
}

export type TailState =
  | { kind: 'reading'; path: string; offset: number }
  | { kind: 'missing'; path: string; reason: string };

/**
 * Follows a growing log file from its end (what was written before the agent started is not read). A file
 * replaced under the same name (logrotate's rename + create) is detected by its inode: what is left of the
 * old file is drained first, then the new one is read from its start. A file truncated in place
 * (copytruncate) is read again from offset 0. Bounded: `maxBatchBytes` per poll, lines cut at `maxLineBytes`.
 */
export class LogTail {
  private handle: FileHandle | null = null;
  private ino: number | null = null;
  private offset = 0;
  private partial: Buffer = Buffer.alloc(0);
  private skippingRest = false;
  private missing: string | null = null;
  /** Lines cut at maxLineBytes since start. */
  cutLines = 0;

  constructor(
    readonly path: string,
    private readonly limits: LogTailLimits = DEFAULT_TAIL_LIMITS,
  ) {}

  get state(): TailState {
    return this.missing !== null ? { kind: 'missing', path: this.path, reason: this.missing } : { kind: 'reading', path: this.path, offset: this.offset };
  }

  /** Opens the file at its end. A file that is not there yet is opened at its start once it appears. */
  async start(): Promise<void> {
    const opened = await this.reopen();
    if (opened) this.offset = (await opened.stat()).size;
  }

  /** New complete lines since the last poll (at most maxBatchBytes read). */
  async poll(): Promise<TailLine[]> {
    if (!this.handle && !(await this.reopen())) return [];
    const lines: TailLine[] = [];
    let now: Awaited<ReturnType<typeof stat>> | null = null;
    try {
      now = await stat(this.path);
    } catch {
      // The name is gone (mid-rotation): keep draining the open file.
    }
    const mine = await this.handle!.stat();
    if (mine.size < this.offset) this.restartAt0();
    const budget = this.limits.maxBatchBytes;
    let read = await this.readSome(budget, lines);
    if (now && now.ino !== this.ino && read < budget && (await this.handle!.stat()).size <= this.offset) {
      // Rotated: the old file is drained; follow the new one from its start.
      await this.closeHandle();
      if (await this.reopen()) read += await this.readSome(budget - read, lines);
    }
    return lines;
  }

  async close(): Promise<void> {
    await this.closeHandle();
  }

  private async reopen(): Promise<FileHandle | null> {
    try {
      this.handle = await open(this.path, 'r');
      this.ino = (await this.handle.stat()).ino;
      this.offset = 0;
      this.partial = Buffer.alloc(0);
      this.skippingRest = false;
      this.missing = null;
      return this.handle;
    } catch (e) {
      this.handle = null;
      this.missing = e instanceof Error ? e.message : String(e);
      return null;
    }
  }

  private restartAt0(): void {
    this.offset = 0;
    this.partial = Buffer.alloc(0);
    this.skippingRest = false;
  }

  private async readSome(budget: number, out: TailLine[]): Promise<number> {
    if (budget <= 0 || !this.handle) return 0;
    const buf = Buffer.alloc(Math.min(budget, 64 * 1024));
    let total = 0;
    while (total < budget) {
      const { bytesRead } = await this.handle.read(buf, 0, Math.min(buf.length, budget - total), this.offset);
      if (bytesRead === 0) break;
      this.offset += bytesRead;
      total += bytesRead;
      this.split(buf.subarray(0, bytesRead), out);
    }
    return total;
  }

  private split(chunk: Buffer, out: TailLine[]): void {
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl);
      start = nl + 1;
      if (this.skippingRest) {
        this.skippingRest = false;
        continue;
      }
      this.emit(Buffer.concat([this.partial, piece]), out);
      this.partial = Buffer.alloc(0);
    }
    if (this.skippingRest) return;
    this.partial = Buffer.concat([this.partial, chunk.subarray(start)]);
    if (this.partial.length > this.limits.maxLineBytes) {
      this.emit(this.partial, out);
      this.partial = Buffer.alloc(0);
      this.skippingRest = true;
    }
  }

  private emit(line: Buffer, out: TailLine[]): void {
    const cut = line.length > this.limits.maxLineBytes;
    if (cut) this.cutLines += 1;
    const bytes = cut ? line.subarray(0, this.limits.maxLineBytes) : line;
    out.push({ text: bytes.toString('utf8').replace(/\r$/, ''), cut });
  }

  private async closeHandle(): Promise<void> {
    const h = this.handle;
    this.handle = null;
    await h?.close().catch(() => undefined);
  }
}
