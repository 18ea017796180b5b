import { CommandCode } from '../constants.js';
import { readRecords } from '../payload/byte-reader.js';
import { ByteWriter } from '../payload/byte-writer.js';
import type { PayloadCodec } from '../payload/payload-result.js';
import type { OutCommand } from './command.types.js';

/** OUT: 4 bytes per output — output_no, control_code, timer (LE, 100 ms units). */
export const outCodec: PayloadCodec<OutCommand> = {
  encode: (message) => {
    if (message.outputs.length === 0) throw new RangeError('OUT needs at least one output');
    const writer = new ByteWriter();
    for (const output of message.outputs) {
      writer.u8('outputNo', output.outputNo).u8('controlCode', output.controlCode).u16('timer100ms', output.timer100ms);
    }
    return writer.toBuffer();
  },
  decode: (data) => ({
    code: CommandCode.Out,
    outputs: readRecords(data, 4, (r) => ({ outputNo: r.u8(), controlCode: r.u8(), timer100ms: r.u16() })),
  }),
};
