// Typed access to the webview's host: the one place that calls acquireVsCodeApi (it may be called
// only once per page), so each webview posts only its own protocol's messages and state.

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** The host connection of one webview, typed by the messages it sends and the state it keeps. */
export interface Host<ToHost, State> {
  post(message: ToHost): void;
  /** The state saved before the webview was hidden or the window reloaded, if any. */
  restoreState(): State | undefined;
  saveState(state: State): void;
}

let api: VsCodeApi | undefined;

/** Returns the host connection; `isState` checks restored state, which may come from an older version. */
export function connectHost<ToHost, State>(isState: (s: unknown) => s is State): Host<ToHost, State> {
  api ??= acquireVsCodeApi();
  const host = api;
  return {
    post: (message) => host.postMessage(message),
    restoreState: () => {
      const s = host.getState();
      return isState(s) ? s : undefined;
    },
    saveState: (state) => host.setState(state),
  };
}
