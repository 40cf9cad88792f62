/**
 * The last line of defence of a long-running server: an exception nobody caught or a promise
 * nobody awaited is logged, and the server keeps serving. Every known path handles its own errors
 * (routes → error handler, workers → their loop, stores → their callers); this is for the unknown
 * ones, so a stray error in a background task cannot take the queue, the editor and every
 * in-flight job down with it.
 */
export function guardProcess(log: (line: string, err: unknown) => void = (line, err) => console.error(line, err)): () => void {
  const onException = (err: unknown): void => log('[server] uncaught exception (the server keeps running):', err)
  const onRejection = (err: unknown): void => log('[server] unhandled promise rejection (the server keeps running):', err)
  process.on('uncaughtException', onException)
  process.on('unhandledRejection', onRejection)
  return () => {
    process.off('uncaughtException', onException)
    process.off('unhandledRejection', onRejection)
  }
}
