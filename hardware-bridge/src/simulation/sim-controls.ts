import type { ContactState } from '../devices/door-io.js';

/** What the simulated person does at a reader (`npm run sim`, tests). */
export interface ReaderControls {
  /** Keys pressed; resolves once the reader has passed them on (an OSDP reader: at the next POLL). */
  pressKeys(keys: string): Promise<void>;
  /** An IC card held to the reader: its raw bits as hex (an OSDP reader reports it as RAW at the next POLL). */
  presentCard(cardNumberHex: string): Promise<void>;
  /** A finger rests on the sensor; `quality` is what the sensor reports when it reads it (BIOREADR). */
  placeFinger(sample: Buffer, quality?: number): void;
  /** How often the sensor has read a finger (BIOMATCH or BIOREAD): tells whether a resting finger was scanned. */
  readonly fingerScans: number;
  liftFinger(): void;
}

/** What the simulated person does at a door, and what they can see of its strike. */
export interface DoorControls {
  readonly strikeReleased: boolean;
  setContact(state: ContactState): void;
  pressRex(): void;
}
