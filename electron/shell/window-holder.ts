import type { BrowserWindow } from 'electron';

export type WindowLike = Pick<BrowserWindow, 'isDestroyed' | 'isMinimized' | 'restore' | 'show' | 'focus'>;

/** The one main window: shown and focused if it exists, made again if it was closed. */
export class WindowHolder<W extends WindowLike> {
  private window: W | null = null;

  constructor(private readonly create: () => W) {}

  current(): W | null {
    return this.window && !this.window.isDestroyed() ? this.window : null;
  }

  open(): W {
    const w = this.current();
    if (!w) return (this.window = this.create());
    if (w.isMinimized()) w.restore();
    w.show();
    w.focus();
    return w;
  }
}
