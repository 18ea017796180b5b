/** The listener sets every transport keeps; one place for "call them all, one bad listener hurts nobody". */
export class TransportListeners {
  readonly data = new Set<(chunk: Buffer) => void>();
  readonly close = new Set<(error?: Error) => void>();
  readonly error = new Set<(error: Error) => void>();

  emitData(chunk: Buffer): void {
    for (const listener of [...this.data]) safely(() => listener(chunk));
  }

  emitClose(error?: Error): void {
    for (const listener of [...this.close]) safely(() => listener(error));
  }

  emitError(error: Error): void {
    for (const listener of [...this.error]) safely(() => listener(error));
  }
}

export function subscribe<T>(set: Set<T>, listener: T): () => void {
  set.add(listener);
  return () => set.delete(listener);
}

function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    // A listener's bug must not stop the bytes reaching the others; listeners log their own errors.
  }
}
