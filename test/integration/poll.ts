// Waiting inside the extension host: VS Code applies many changes (views, editors, diagnostics,
// terminals) asynchronously, so the integration suites poll for the state they expect.

/**
 * Polls `probe` every 50 ms until it returns a value; fails with `what` after `timeoutMs` (a
 * function is called then, so the message can say what the state was instead).
 */
export async function poll<T>(what: string | (() => string), probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
