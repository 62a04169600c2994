/**
 * The renderer's webPreferences, as data so a unit test holds every item:
 * OS sandbox, isolated preload world, no Node, same-origin policy on, no
 * mixed content, no webviews, no experimental features.
 */
export const WINDOW_WEB_PREFERENCES = {
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
  spellcheck: false,
} as const;
