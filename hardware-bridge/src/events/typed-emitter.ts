export type Listener<T> = (value: T) => void;

/** The subscribe side of an emitter: what device interfaces expose. */
export interface EventSource<M> {
  /** Returns a function that removes the listener. */
  on<K extends keyof M>(event: K, listener: Listener<M[K]>): () => void;
}

/**
 * A small typed emitter. A throwing listener must not stop the others (a buggy recorder must never keep the
 * door supervisor from hearing "contact open"), so errors go to `onListenerError`.
 */
export class TypedEmitter<M> implements EventSource<M> {
  private readonly listeners = new Map<keyof M, Set<Listener<never>>>();

  constructor(private readonly onListenerError: (error: unknown, event: keyof M) => void = () => undefined) {}

  on<K extends keyof M>(event: K, listener: Listener<M[K]>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as Listener<never>);
    return () => set.delete(listener as Listener<never>);
  }

  emit<K extends keyof M>(event: K, value: M[K]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      try {
        (listener as Listener<M[K]>)(value);
      } catch (error) {
        this.onListenerError(error, event);
      }
    }
  }

  removeAll(): void {
    this.listeners.clear();
  }
}
