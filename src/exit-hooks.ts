/**
 * What must still happen when the process has to end at once (a second Ctrl-C): a recorder's
 * lock given back, say. Each hook runs synchronously, once.
 */
const hooks = new Set<() => void>();

/** Registers `hook`; returns the function that unregisters it. */
export function onForcedExit(hook: () => void): () => void {
  hooks.add(hook);
  return () => void hooks.delete(hook);
}

/** For a forced exit: runs every hook still registered. */
export function runForcedExitHooks(): void {
  for (const hook of [...hooks]) {
    hooks.delete(hook);
    try {
      hook();
    } catch {
      // the process is ending: nothing more can be done about it
    }
  }
}
