import { SerialPort } from 'serialport';
import { OSDP_BAUD_RATES, type Transport } from './transport.js';
import { subscribe, TransportListeners } from './transport-listeners.js';

/** What this wrapper uses of a `serialport` port (the real one and `SerialPortMock` both fit). */
export interface SerialPortLike {
  readonly isOpen: boolean;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'close', listener: (error?: Error | null) => void): unknown;
  open(callback: (error: Error | null) => void): void;
  close(callback: (error: Error | null) => void): void;
  write(bytes: Buffer, callback: (error: Error | null | undefined) => void): boolean;
}

export interface SerialTransportOptions {
  /** `/dev/ttyUSB0`, `/dev/serial/by-id/…`, or one end of a socat pty pair. */
  path: string;
  baudRate: number;
  /** Tests pass a factory that builds `SerialPortMock` ports; production uses the real bindings. */
  createPort?: (options: { path: string; baudRate: number; autoOpen: false }) => SerialPortLike;
}

/**
 * A serial line through the `serialport` package (8N1, no flow control). The only file that imports it.
 * RS-485 direction switching is left to the adapter (USB-RS485 adapters switch automatically).
 */
export class SerialTransport implements Transport {
  readonly description: string;
  private port: SerialPortLike | undefined;
  private readonly listeners = new TransportListeners();
  private closing = false;

  constructor(private readonly options: SerialTransportOptions) {
    if (!(OSDP_BAUD_RATES as readonly number[]).includes(options.baudRate)) {
      throw new RangeError(`baud rate ${options.baudRate} is not an OSDP rate (${OSDP_BAUD_RATES.join(', ')})`);
    }
    this.description = `${options.path}@${options.baudRate}`;
  }

  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }

  async open(): Promise<void> {
    if (this.port?.isOpen) return;
    const create = this.options.createPort ?? ((o): SerialPortLike => new SerialPort(o));
    const port = create({ path: this.options.path, baudRate: this.options.baudRate, autoOpen: false });
    port.on('data', (chunk: Buffer) => this.listeners.emitData(chunk));
    port.on('error', (error: Error) => this.listeners.emitError(error));
    port.on('close', (error?: Error | null) => {
      if (this.port === port) this.port = undefined;
      if (!this.closing) this.listeners.emitClose(error ?? new Error(`${this.description} closed`));
    });
    this.closing = false;
    await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
    this.port = port;
  }

  async close(): Promise<void> {
    const port = this.port;
    this.port = undefined;
    if (!port?.isOpen) return;
    this.closing = true;
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  write(bytes: Buffer): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) return Promise.reject(new Error(`${this.description} is not open`));
    return new Promise((resolve, reject) => {
      port.write(bytes, (error) => (error ? reject(error) : resolve()));
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
}
