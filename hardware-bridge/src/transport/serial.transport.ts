import { readSync, writeSync } from 'node:fs';
import { SerialPort } from 'serialport';
import { OSDP_BAUD_RATES, type Transport } from './transport.js';
import { subscribe, TransportListeners } from './transport-listeners.js';

/** The part of a `serialport` binding this transport uses (`SerialPort.binding`, `SerialPortMock.binding`). */
export interface SerialBindingLike {
  open(options: SerialOpenOptions): Promise<SerialPortBindingLike>;
}

export interface SerialOpenOptions {
  path: string;
  baudRate: number;
  dataBits: 8;
  stopBits: 1;
  parity: 'none';
  rtscts: false;
  xon: false;
  xoff: false;
  xany: false;
  /** An exclusive lock: two processes driving one RS-485 line would corrupt each other's frames. */
  lock: true;
}

/** An open port of a `serialport` binding. */
export interface SerialPortBindingLike {
  readonly isOpen: boolean;
  close(): Promise<void>;
  read(buffer: Buffer, offset: number, length: number): Promise<{ bytesRead: number }>;
  write(buffer: Buffer): Promise<void>;
  /** bindings-cpp on Linux and macOS: the non-blocking descriptor and its readiness poller. */
  readonly fd?: number | null;
  readonly poller?: { once(event: 'readable', callback: (error: Error | null) => void): unknown };
}

export interface SerialTransportOptions {
  /** `/dev/ttyUSB0`, `/dev/serial/by-id/…`, or one end of a socat pty pair. */
  path: string;
  baudRate: number;
  /** Default: the real bindings (`SerialPort.binding`); tests pass `SerialPortMock.binding`. */
  binding?: SerialBindingLike;
}

const READ_BUFFER_BYTES = 4096;
const isRetry = (error: unknown): boolean => ['EAGAIN', 'EWOULDBLOCK', 'EINTR'].includes((error as NodeJS.ErrnoException).code ?? '');

/**
 * A serial line through the `serialport` package's bindings (open, termios/baud, readiness polling); the
 * only file that imports it. 8N1, no flow control; RS-485 direction switching is the adapter's job.
 *
 * Where the binding exposes its poller (Linux, macOS) the line is read when the poller says "readable", with
 * one non-blocking read per wake-up, and small frames are written straight to the descriptor: the stream
 * API's read-until-EAGAIN loop costs several event-loop wake-ups and thread-pool trips per frame, which on
 * a busy bus is most of the bridge's CPU (docs/performance.md). Other bindings use their async read/write.
 */
export class SerialTransport implements Transport {
  readonly description: string;
  private port: SerialPortBindingLike | undefined;
  private readonly listeners = new TransportListeners();
  private readonly readBuffer = Buffer.alloc(READ_BUFFER_BYTES);
  private writing: Promise<void> = Promise.resolve();
  private pendingWrites = 0;

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
    const binding = this.options.binding ?? (SerialPort.binding as unknown as SerialBindingLike);
    // OSDP is 8N1 without flow control (docs/osdp.md §A2).
    const port = await binding.open({
      path: this.options.path, baudRate: this.options.baudRate, dataBits: 8, stopBits: 1, parity: 'none',
      rtscts: false, xon: false, xoff: false, xany: false, lock: true,
    });
    this.port = port;
    if (port.poller && typeof port.fd === 'number') this.armReadable(port);
    else void this.readLoop(port);
  }

  async close(): Promise<void> {
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) await port.close().catch(() => undefined);
  }

  write(bytes: Buffer): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) return Promise.reject(new Error(`${this.description} is not open`));
    const fd = port.fd;
    if (this.pendingWrites === 0 && typeof fd === 'number') {
      // The common case: the tty buffer takes a frame at once.
      let written = 0;
      try {
        written = writeSync(fd, bytes);
      } catch (error) {
        if (!isRetry(error)) return Promise.reject(this.lost(port, error));
      }
      if (written === bytes.length) return Promise.resolve();
      bytes = bytes.subarray(written);
    }
    this.pendingWrites++;
    const done = this.writing.then(() => port.write(bytes)).finally(() => this.pendingWrites--);
    this.writing = done.catch(() => undefined);
    return done;
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

  private armReadable(port: SerialPortBindingLike): void {
    port.poller!.once('readable', (error) => {
      if (this.port !== port) return; // closed by us: the poller was cancelled
      if (error) return void this.lost(port, error);
      for (;;) {
        let count: number;
        try {
          count = readSync(port.fd!, this.readBuffer, 0, READ_BUFFER_BYTES, null);
        } catch (readError) {
          if (isRetry(readError)) break;
          return void this.lost(port, readError);
        }
        if (count <= 0) break;
        this.listeners.emitData(Buffer.from(this.readBuffer.subarray(0, count)));
        if (this.port !== port) return; // a listener closed the line
        if (count < READ_BUFFER_BYTES) break;
      }
      this.armReadable(port);
    });
  }

  private async readLoop(port: SerialPortBindingLike): Promise<void> {
    while (this.port === port) {
      try {
        const { bytesRead } = await port.read(this.readBuffer, 0, READ_BUFFER_BYTES);
        if (this.port !== port) return;
        if (bytesRead > 0) this.listeners.emitData(Buffer.from(this.readBuffer.subarray(0, bytesRead)));
      } catch (error) {
        if (this.port === port && !(error as { canceled?: boolean }).canceled) this.lost(port, error);
        return;
      }
    }
  }

  /** The line failed under us (adapter unplugged, pty closed): report and let go of the port. */
  private lost(port: SerialPortBindingLike, cause: unknown): Error {
    const error = cause instanceof Error ? cause : new Error(String(cause));
    if (this.port === port) {
      this.port = undefined;
      void port.close().catch(() => undefined);
      this.listeners.emitError(error);
      this.listeners.emitClose(error);
    }
    return error;
  }
}
