/**
 * Known-answer trace: libosdp CP ↔ PD over a pty, SCBK = 00 01 … 0F, PD address 0x65
 * (docs/osdp.md, "Known-answer trace" at the end). Every frame includes the leading 0xFF mark.
 */
import { hex } from './hex.js';

export const TRACE_SCBK = hex('000102030405060708090a0b0c0d0e0f');
export const TRACE_ADDRESS = 0x65;
export const TRACE_RND_A = hex('8807eb661331dd89');
export const TRACE_RND_B = hex('d7399781805e89d5');
export const TRACE_CUID = hex('beba0100afbeadde');

/** PDID payload: vendor 0xFEBABE, model 1, version 1, serial 0xDEADBEAF, firmware ad.de.ad. */
export const TRACE_PDID_DATA = hex('be ba fe 01 01 af be ad de ad de ad');
/** PDCAP payload triplets. */
export const TRACE_PDCAP_DATA = hex('02 01 01 04 02 01 08 01 00 09 01 00 0a 00 01 10 02 00');
export const TRACE_OUT_PLAINTEXT = hex('00 05 1e 00');
export const TRACE_KEYPAD_PLAINTEXT = hex('00 05 31 32 33 34 0d');

export interface TraceStep {
  from: 'CP' | 'PD';
  label: string;
  bytes: Buffer;
}

export const TRACE: readonly TraceStep[] = [
  { from: 'CP', label: 'ID', bytes: hex('ff 53 65 09 00 04 61 00 d9 7a') },
  { from: 'PD', label: 'PDID', bytes: hex('ff 53 e5 14 00 04 45 be ba fe 01 01 af be ad de ad de ad 07 fd') },
  { from: 'CP', label: 'CAP', bytes: hex('ff 53 65 09 00 05 62 00 ba 18') },
  { from: 'PD', label: 'PDCAP', bytes: hex('ff 53 e5 1a 00 05 46 02 01 01 04 02 01 08 01 00 09 01 00 0a 00 01 10 02 00 47 e6') },
  { from: 'CP', label: 'CHLNG', bytes: hex('ff 53 65 13 00 0c 03 11 01 76 88 07 eb 66 13 31 dd 89 c5 c4') },
  {
    from: 'PD',
    label: 'CCRYPT',
    bytes: hex(
      'ff 53 e5 2b 00 0c 03 12 01 76 be ba 01 00 af be ad de d7 39 97 81 80 5e 89 d5 aa 34 fe f7 2f b6 14 a7 a5 43 a3 c9 73 ad 4a f7 31 08',
    ),
  },
  { from: 'CP', label: 'SCRYPT', bytes: hex('ff 53 65 1b 00 0d 03 13 01 77 2c 64 0e da 46 94 44 7a e2 22 a4 11 98 e6 76 03 c7 5e') },
  { from: 'PD', label: 'RMAC_I', bytes: hex('ff 53 e5 1b 00 0d 03 14 01 78 6b 97 7c b2 58 18 73 e8 70 b0 77 06 84 7f 46 09 29 89') },
  { from: 'CP', label: 'POLL', bytes: hex('ff 53 65 0e 00 0e 02 15 60 a5 fe c4 5c 92 49') },
  { from: 'PD', label: 'ACK', bytes: hex('ff 53 e5 0e 00 0e 02 16 40 15 22 8a 04 76 12') },
  { from: 'CP', label: 'POLL', bytes: hex('ff 53 65 0e 00 0f 02 15 60 97 cd c5 e6 95 66') },
  { from: 'PD', label: 'ACK', bytes: hex('ff 53 e5 0e 00 0f 02 16 40 3d b5 76 f5 13 b3') },
  { from: 'CP', label: 'POLL', bytes: hex('ff 53 65 0e 00 0d 02 15 60 2c e8 ec d1 01 91') },
  { from: 'PD', label: 'ACK', bytes: hex('ff 53 e5 0e 00 0d 02 16 40 a7 b8 bf 89 07 c3') },
  {
    from: 'CP',
    label: 'OUT',
    bytes: hex('ff 53 65 1e 00 0e 02 17 68 57 cb 41 45 4c 83 99 2f 17 c3 3d 0d 9c 6c 9a ef 96 a6 3d f3 1f 6a'),
  },
  { from: 'PD', label: 'ACK', bytes: hex('ff 53 e5 0e 00 0e 02 16 40 fa 0d b1 34 b9 07') },
  { from: 'CP', label: 'POLL', bytes: hex('ff 53 65 0e 00 0f 02 15 60 ae 50 9e 38 95 7b') },
  {
    from: 'PD',
    label: 'KEYPAD',
    bytes: hex('ff 53 e5 1e 00 0f 02 18 53 2f 9b 00 8a ae 3e cf f0 a2 c8 5a 22 06 ea 83 9d e4 91 14 68 5a af'),
  },
  { from: 'CP', label: 'POLL', bytes: hex('ff 53 65 0e 00 0d 02 15 60 7b 82 3c ca c0 5f') },
  { from: 'PD', label: 'ACK', bytes: hex('ff 53 e5 0e 00 0d 02 16 40 a6 89 18 5d 36 48') },
];
