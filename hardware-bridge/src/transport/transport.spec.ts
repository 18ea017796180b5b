import { SerialPortMock } from 'serialport';
import { LoopbackTransport } from './loopback.transport.js';
import { SerialTransport } from './serial.transport.js';
import type { Transport } from './transport.js';

const received = (transport: Transport): Buffer[] => {
  const chunks: Buffer[] = [];
  transport.onData((chunk) => chunks.push(chunk));
  return chunks;
};
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe(LoopbackTransport.name, () => {
  it('should carry the same bytes both ways, never inside the write call', async () => {
    const [a, b] = LoopbackTransport.pair();
    await Promise.all([a.open(), b.open()]);
    const atA = received(a);
    const atB = received(b);
    const bytes = Buffer.from([0xff, 0x53, 0x00, 0x11, 0x13, 0x7f, 0x0d]);
    await a.write(bytes);
    expect(atB).toEqual([]);
    await settle();
    expect(atB).toEqual([bytes]);
    await b.write(Buffer.from([1, 2, 3]));
    await settle();
    expect(atA).toEqual([Buffer.from([1, 2, 3])]);
  });

  it('should lose bytes written while the far end is closed, and refuse writes when closed', async () => {
    const [a, b] = LoopbackTransport.pair();
    await a.open();
    const atB = received(b);
    await a.write(Buffer.from([1]));
    await settle();
    expect(atB).toEqual([]);
    await a.close();
    await expect(a.write(Buffer.from([1]))).rejects.toThrow(/not open/);
  });

  it('should report a line failure as error and close', async () => {
    const [a] = LoopbackTransport.pair();
    await a.open();
    const events: string[] = [];
    a.onError((e) => events.push(`error:${e.message}`));
    a.onClose((e) => events.push(`close:${e?.message}`));
    a.simulateFailure(new Error('unplugged'));
    expect(events).toEqual(['error:unplugged', 'close:unplugged']);
    expect(a.isOpen).toBe(false);
  });
});

/** What the tests use of `@serialport/binding-mock`'s port (its types do not resolve under ESM exports). */
interface MockPortBinding {
  recording: Buffer;
  emitData(data: Buffer): void;
  read: (buffer: Buffer, offset: number, length: number) => Promise<{ bytesRead: number }>;
}

describe(SerialTransport.name, () => {
  let path: string;
  let n = 0;
  beforeEach(() => {
    path = `/dev/ttyMOCK${n++}`;
    SerialPortMock.binding.createPort(path, { record: true });
  });
  afterEach(() => SerialPortMock.binding.reset());

  const transport = (baudRate = 115200) => new SerialTransport({ path, baudRate, binding: SerialPortMock.binding });
  const mockPort = (sut: SerialTransport) => (sut as unknown as { port: MockPortBinding }).port;
  const later = () => new Promise((resolve) => setTimeout(resolve, 10));

  it('should refuse baud rates OSDP does not use', () => {
    expect(() => transport(4800)).toThrow(/not an OSDP rate/);
    expect(() => transport(230400)).not.toThrow();
  });

  it('should write bytes to the port, in order, and deliver what the port receives', async () => {
    const sut = transport();
    await sut.open();
    expect(sut.isOpen).toBe(true);
    const chunks = received(sut);
    await Promise.all([sut.write(Buffer.from([0xff, 0x53])), sut.write(Buffer.from([0x65]))]);
    const port = mockPort(sut);
    expect(port.recording).toEqual(Buffer.from([0xff, 0x53, 0x65]));
    port.emitData(Buffer.from([0x53, 0xe5]));
    await later();
    expect(Buffer.concat(chunks)).toEqual(Buffer.from([0x53, 0xe5]));
    await sut.close();
    expect(sut.isOpen).toBe(false);
    await expect(sut.write(Buffer.from([1]))).rejects.toThrow(/not open/);
  });

  it('should open the line 8N1, no flow control, exclusively', async () => {
    const opened: unknown[] = [];
    const binding = { open: (options: unknown) => (opened.push(options), SerialPortMock.binding.open(options as { path: string; baudRate: number })) };
    const sut = new SerialTransport({ path, baudRate: 9600, binding });
    await sut.open();
    expect(opened).toEqual([{ path, baudRate: 9600, dataBits: 8, stopBits: 1, parity: 'none', rtscts: false, xon: false, xoff: false, xany: false, lock: true }]);
    await sut.close();
  });

  it('should reject opening a port that does not exist', async () => {
    const sut = new SerialTransport({ path: '/dev/ttyNOPE', baudRate: 9600, binding: SerialPortMock.binding });
    await expect(sut.open()).rejects.toThrow();
  });

  it('should report a port that goes away on its own, but not a close we asked for', async () => {
    const sut = transport();
    const closes: Array<Error | undefined> = [];
    sut.onClose((e) => closes.push(e));
    await sut.open();
    await sut.close();
    await later();
    expect(closes).toEqual([]);
    await sut.open();
    // The binding fails a read with a non-cancel error: the adapter is gone.
    const port = mockPort(sut);
    port.read = () => Promise.reject(Object.assign(new Error('ENXIO: device gone'), { code: 'ENXIO' }));
    port.emitData(Buffer.from([1])); // wakes the pending read, the next one fails
    await later();
    expect(closes.map((e) => e?.message)).toEqual(['ENXIO: device gone']);
    expect(sut.isOpen).toBe(false);
  });
});
