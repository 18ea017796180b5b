import type { ContactState } from '../devices/door-io.js';

/** What the simulated person does at a reader (`npm run sim`, tests). */
export interface ReaderControls {
  /** Keys pressed; resolves once the reader has passed them on (an OSDP reader: at the next POLL). */
  pressKeys(keys: string): Promise<void>;
  /** An IC card held to the reader: its raw bits as hex (an OSDP reader reports it as RAW at the next POLL). */
  presentCard(cardNumberHex: string): Promise<void>;
  placeFinger(sample: Buffer): void;
  liftFinger(): void;
}

/** What the simulated person does at a door, and what they can see of its strike. */
export interface DoorControls {
  readonly strikeReleased: boolean;
  setContact(state: ContactState): void;
  pressRex(): void;
}
