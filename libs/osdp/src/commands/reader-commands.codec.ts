import { CommandCode } from '../constants.js';
import { ByteReader, readRecords } from '../payload/byte-reader.js';
import { ByteWriter } from '../payload/byte-writer.js';
import { PayloadFormatError, type PayloadCodec } from '../payload/payload-result.js';
import type { BuzCommand, LedCommand, TextCommand } from './command.types.js';

/** LED: 14 bytes per LED (docs/osdp.md §A6). */
export const ledCodec: PayloadCodec<LedCommand> = {
  encode: (message) => {
    if (message.leds.length === 0) throw new RangeError('LED needs at least one LED record');
    const writer = new ByteWriter();
    for (const { reader, ledNo, temporary: t, permanent: p } of message.leds) {
      writer
        .u8('reader', reader)
        .u8('ledNo', ledNo)
        .u8('temporary.control', t.control)
        .u8('temporary.onTime100ms', t.onTime100ms)
        .u8('temporary.offTime100ms', t.offTime100ms)
        .u8('temporary.onColor', t.onColor)
        .u8('temporary.offColor', t.offColor)
        .u16('temporary.timer100ms', t.timer100ms)
        .u8('permanent.control', p.control)
        .u8('permanent.onTime100ms', p.onTime100ms)
        .u8('permanent.offTime100ms', p.offTime100ms)
        .u8('permanent.onColor', p.onColor)
        .u8('permanent.offColor', p.offColor);
    }
    return writer.toBuffer();
  },
  decode: (data) => ({
    code: CommandCode.Led,
    leds: readRecords(data, 14, (r) => ({
      reader: r.u8(),
      ledNo: r.u8(),
      temporary: {
        control: r.u8(),
        onTime100ms: r.u8(),
        offTime100ms: r.u8(),
        onColor: r.u8(),
        offColor: r.u8(),
        timer100ms: r.u16(),
      },
      permanent: { control: r.u8(), onTime100ms: r.u8(), offTime100ms: r.u8(), onColor: r.u8(), offColor: r.u8() },
    })),
  }),
};

/** BUZ: 5 bytes per buzzer record. */
export const buzCodec: PayloadCodec<BuzCommand> = {
  encode: (message) => {
    if (message.buzzers.length === 0) throw new RangeError('BUZ needs at least one record');
    const writer = new ByteWriter();
    for (const b of message.buzzers) {
      writer
        .u8('reader', b.reader)
        .u8('tone', b.tone)
        .u8('onTime100ms', b.onTime100ms)
        .u8('offTime100ms', b.offTime100ms)
        .u8('repeatCount', b.repeatCount);
    }
    return writer.toBuffer();
  },
  decode: (data) => ({
    code: CommandCode.Buz,
    buzzers: readRecords(data, 5, (r) => ({
      reader: r.u8(),
      tone: r.u8(),
      onTime100ms: r.u8(),
      offTime100ms: r.u8(),
      repeatCount: r.u8(),
    })),
  }),
};

/** TEXT: reader, cmd, temp_time, row, col, length, text (one byte per character). */
export const textCodec: PayloadCodec<TextCommand> = {
  encode: (message) => {
    const text = Buffer.from(message.text, 'latin1');
    if (text.toString('latin1') !== message.text) throw new RangeError('text must be latin1');
    return new ByteWriter()
      .u8('reader', message.reader)
      .u8('command', message.command)
      .u8('tempTimeSec', message.tempTimeSec)
      .u8('row', message.row)
      .u8('column', message.column)
      .u8('text.length', text.length)
      .bytes('text', text)
      .toBuffer();
  },
  decode: (data) => {
    const r = new ByteReader(data);
    const head = { reader: r.u8(), command: r.u8(), tempTimeSec: r.u8(), row: r.u8(), column: r.u8() };
    const length = r.u8();
    if (r.remaining !== length) {
      throw new PayloadFormatError('bad-length', `TEXT length byte ${length}, ${r.remaining} text bytes`);
    }
    return { code: CommandCode.Text, ...head, text: r.rest().toString('latin1') };
  },
};
