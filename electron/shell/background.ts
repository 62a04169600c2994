import type { DesktopNotifier } from '../core/desktop-notifier';

export interface BackgroundDeps {
  /** True while a tray icon exists to bring the window back. */
  hasTray(): boolean;
  notifier: DesktopNotifier;
  /** Stops monitoring and releases everything (tray, core, data-dir lock). */
  dispose(): Promise<void>;
  exit(code: number): void;
  onError(error: unknown): void;
  /** How long dispose may take before the app exits anyway. */
  quitTimeoutMs?: number;
}

/**
 * What closing the window means: with a tray the app keeps watching (said once
 * with a notification); without one, the last window closing quits. Quit runs
 * dispose once, bounded in time, then exits.
 */
export class Background {
  private told = false;
  private quitting: Promise<void> | null = null;

  constructor(private readonly deps: BackgroundDeps) {}

  windowsClosed(): void {
    if (!this.deps.hasTray()) {
      void this.quit();
      return;
    }
    if (this.told) return;
    this.told = true;
    this.deps.notifier.notify({ title: 'ReplicaDesk is still watching', body: 'Monitoring and alerts go on with the window closed. Open it again or quit from the tray icon.' });
  }

  /** For `before-quit` (Cmd+Q, the OS logging out): run our quit instead, once. */
  beforeQuit(event: { preventDefault(): void }): void {
    event.preventDefault();
    void this.quit();
  }

  get isQuitting(): boolean {
    return this.quitting !== null;
  }

  quit(): Promise<void> {
    this.quitting ??= (async () => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.deps.quitTimeoutMs ?? 3_000)));
      try {
        await Promise.race([this.deps.dispose(), timeout]);
      } catch (error) {
        this.deps.onError(error);
      } finally {
        clearTimeout(timer);
        this.deps.exit(0);
      }
    })();
    return this.quitting;
  }
}
