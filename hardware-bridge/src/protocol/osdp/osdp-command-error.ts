import { NakCode, type CommandFailureReason, type NakReply } from '#osdp';

export type CommandErrorReason = CommandFailureReason | 'timeout' | 'stopped';

/** A command to one PD did not get its answer. Never carries payload bytes (templates, keys). */
export class OsdpCommandError extends Error {
  constructor(
    readonly reason: CommandErrorReason,
    readonly deviceId: string,
    readonly commandCode: number,
    readonly nak?: NakReply,
  ) {
    const nakText = nak ? ` (NAK ${NakCode[nak.nakCode] ?? `0x${nak.nakCode.toString(16)}`})` : '';
    super(`OSDP command 0x${commandCode.toString(16)} to ${deviceId} failed: ${reason}${nakText}`);
    this.name = 'OsdpCommandError';
  }
}
