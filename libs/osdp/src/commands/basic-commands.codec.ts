import { CommandCode } from '../constants.js';
import { ByteReader } from '../payload/byte-reader.js';
import { ByteWriter } from '../payload/byte-writer.js';
import { emptyCodec } from '../payload/common-codecs.js';
import type { PayloadCodec } from '../payload/payload-result.js';
import type {
  AbortCommand,
  CapCommand,
  IdCommand,
  IstatCommand,
  LstatCommand,
  OstatCommand,
  PollCommand,
  RstatCommand,
} from './command.types.js';

/** ID and CAP carry one "reply type" byte (0x00); a missing byte is tolerated on decode (libosdp#210). */
function replyTypeCodec<T extends IdCommand | CapCommand>(code: T['code']): PayloadCodec<T> {
  return {
    encode: (message) => new ByteWriter().u8('replyType', message.replyType ?? 0).toBuffer(),
    decode: (data) => {
      const reader = new ByteReader(data);
      const replyType = reader.remaining === 0 ? 0 : reader.u8();
      reader.end();
      return { code, replyType } as T;
    },
  };
}

export const pollCodec = emptyCodec<PollCommand>(CommandCode.Poll);
export const idCodec = replyTypeCodec<IdCommand>(CommandCode.Id);
export const capCodec = replyTypeCodec<CapCommand>(CommandCode.Cap);
export const lstatCodec = emptyCodec<LstatCommand>(CommandCode.Lstat);
export const istatCodec = emptyCodec<IstatCommand>(CommandCode.Istat);
export const ostatCodec = emptyCodec<OstatCommand>(CommandCode.Ostat);
export const rstatCodec = emptyCodec<RstatCommand>(CommandCode.Rstat);
export const abortCodec = emptyCodec<AbortCommand>(CommandCode.Abort);
