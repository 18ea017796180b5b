import { CommandCode } from '../constants.js';
import { decodeWith } from '../payload/decode-with.js';
import type { EncodedPayload, PayloadCodec, PayloadError } from '../payload/payload-result.js';
import {
  abortCodec,
  capCodec,
  idCodec,
  istatCodec,
  lstatCodec,
  ostatCodec,
  pollCodec,
  rstatCodec,
} from './basic-commands.codec.js';
import { bioreadCodec, biomatchCodec } from './biometric-commands.codec.js';
import type { CommandOf, OsdpCommand, SupportedCommandCode } from './command.types.js';
import { acuRxSizeCodec, comsetCodec, keepActiveCodec, mfgCodec } from './config-commands.codec.js';
import { outCodec } from './output-command.codec.js';
import { buzCodec, ledCodec, textCodec } from './reader-commands.codec.js';
import { chlngCodec, keysetCodec, scryptCodec } from './secure-channel-commands.codec.js';

const COMMAND_CODECS: { readonly [C in SupportedCommandCode]: PayloadCodec<CommandOf<C>> } = Object.freeze({
  [CommandCode.Poll]: pollCodec,
  [CommandCode.Id]: idCodec,
  [CommandCode.Cap]: capCodec,
  [CommandCode.Lstat]: lstatCodec,
  [CommandCode.Istat]: istatCodec,
  [CommandCode.Ostat]: ostatCodec,
  [CommandCode.Rstat]: rstatCodec,
  [CommandCode.Abort]: abortCodec,
  [CommandCode.Out]: outCodec,
  [CommandCode.Led]: ledCodec,
  [CommandCode.Buz]: buzCodec,
  [CommandCode.Text]: textCodec,
  [CommandCode.Comset]: comsetCodec,
  [CommandCode.Keyset]: keysetCodec,
  [CommandCode.Chlng]: chlngCodec,
  [CommandCode.Scrypt]: scryptCodec,
  [CommandCode.Bioread]: bioreadCodec,
  [CommandCode.Biomatch]: biomatchCodec,
  [CommandCode.AcuRxSize]: acuRxSizeCodec,
  [CommandCode.KeepActive]: keepActiveCodec,
  [CommandCode.Mfg]: mfgCodec,
});

export type DecodeCommandResult = { ok: true; command: OsdpCommand } | { ok: false; error: PayloadError };

export const isSupportedCommandCode = (code: number): code is SupportedCommandCode => Object.hasOwn(COMMAND_CODECS, code);

/** Throws RangeError when a field is out of range for its wire size. */
export function encodeCommand(command: OsdpCommand): EncodedPayload {
  const codec = COMMAND_CODECS[command.code] as PayloadCodec<OsdpCommand> | undefined;
  if (!codec) throw new RangeError(`unsupported command code ${String(command.code)}`);
  return { code: command.code, data: codec.encode(command) };
}

/** Never throws: unknown codes give `unknown-code`, malformed payloads `bad-length` / `bad-value`. */
export function decodeCommand(code: number, data: Buffer): DecodeCommandResult {
  const result = decodeWith(COMMAND_CODECS as Readonly<Record<number, PayloadCodec<OsdpCommand>>>, code, data);
  return result.ok ? { ok: true, command: result.value } : result;
}
