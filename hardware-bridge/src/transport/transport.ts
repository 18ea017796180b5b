/**
 * Bytes in, bytes out: one serial line (or something that behaves like one). Knows nothing about OSDP.
 * Listeners return an unsubscribe function.
 */
export interface Transport {
  /** For logs: the device path or "loopback". */
  readonly description: string;
  readonly isOpen: boolean;
  open(): Promise<void>;
  /** Idempotent; no `close` listener is called for a close we asked for. */
  close(): Promise<void>;
  /** Resolves when the bytes were handed to the line (not when they were received). */
  write(bytes: Buffer): Promise<void>;
  onData(listener: (chunk: Buffer) => void): () => void;
  /** The line went away on its own (USB adapter unplugged, pty closed). */
  onClose(listener: (error?: Error) => void): () => void;
  onError(listener: (error: Error) => void): () => void;
}

/** OSDP line speeds (docs/osdp.md §A2). */
export const OSDP_BAUD_RATES = [9600, 19200, 38400, 57600, 115200, 230400] as const;
export type OsdpBaudRate = (typeof OSDP_BAUD_RATES)[number];

/** 8N1: 10 bit times per byte on the wire. */
export const lineTimeMs = (bytes: number, baudRate: number): number => (bytes * 10 * 1000) / baudRate;
