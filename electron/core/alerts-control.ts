/**
 * Pausing alerts from outside the alerts service (the tray's "Pause alerts").
 * Paused alerts are not sent; monitoring, history and alarms go on. The lead
 * wires this to the alerts service; `alertsPauseSwitch` is the stand-in until then.
 */
export interface AlertsControl {
  paused(): boolean;
  setPaused(p: boolean): void;
}

/** A plain in-memory switch, with listeners (the tray redraws its check mark). */
export function alertsPauseSwitch(onChange: (paused: boolean) => void = () => undefined): AlertsControl {
  let paused = false;
  return {
    paused: () => paused,
    setPaused: (p) => {
      if (p === paused) return;
      paused = p;
      onChange(p);
    },
  };
}
