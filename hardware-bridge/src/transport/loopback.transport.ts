import type { Transport } from './transport.js';
import { subscribe, TransportListeners } from './transport-listeners.js';

/**
 * One end of an in-memory serial line. `LoopbackTransport.pair()` gives both ends; what one end writes the
 * other receives, byte for byte, in a later macrotask (like a real port: never inside the write call).
 * Used by tests and by `--simulate` where socat is missing.
 */
export class LoopbackTransport implements Transport {
  private peer: LoopbackTransport | undefined;
  private open_ = false;
  private readonly listeners = new TransportListeners();

  private constructor(
    readonly description: string,
    private readonly later: (deliver: () => void) => void,
  ) {}

  /**
   * `later` decides when written bytes arrive at the other end; default the next macrotask. Tests on a
   * fake clock pass `(fn) => clock.setTimeout(fn, 0)` so the line moves only when the clock does.
   */
  static pair(name = 'loopback', later: (deliver: () => void) => void = setImmediate): [LoopbackTransport, LoopbackTransport] {
    const a = new LoopbackTransport(`${name}:A`, later);
    const b = new LoopbackTransport(`${name}:B`, later);
    a.peer = b;
    b.peer = a;
    return [a, b];
  }

  get isOpen(): boolean {
    return this.open_;
  }

  async open(): Promise<void> {
    this.open_ = true;
  }

  async close(): Promise<void> {
    this.open_ = false;
  }

  async write(bytes: Buffer): Promise<void> {
    if (!this.open_) throw new Error(`${this.description} is not open`);
    const copy = Buffer.from(bytes);
    const peer = this.peer!;
    // Bytes written while the far end is closed are lost, as on a wire with nobody listening.
    this.later(() => {
      if (peer.open_) peer.listeners.emitData(copy);
    });
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    return subscribe(this.listeners.data, listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    return subscribe(this.listeners.close, listener);
  }

  onError(listener: (error: Error) => void): () => void {
    return subscribe(this.listeners.error, listener);
  }

  /** Test hook: the line fails as a real port would (adapter unplugged). */
  simulateFailure(error = new Error('line failure')): void {
    this.open_ = false;
    this.listeners.emitError(error);
    this.listeners.emitClose(error);
  }
}
