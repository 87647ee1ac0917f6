/**
 * `load`, started by the first call and shared by every call while it runs, then remembered once it
 * succeeds; a failure is not remembered, so the next call tries again. For what a process loads on
 * first use (the Migrator and the migrations, the MCP SDK): a passing failure (a file being
 * replaced, memory) must not stick for the life of the process.
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () => {
    if (loading === null) {
      const started = load();
      loading = started;
      started.catch(() => {
        if (loading === started) loading = null;
      });
    }
    return loading;
  };
}
