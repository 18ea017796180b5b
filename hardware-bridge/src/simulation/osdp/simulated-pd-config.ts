import { createHash, randomBytes } from 'node:crypto';
import { CapabilityFunction, type Capability, type PdSessionConfig } from '#osdp';

export type SimulatedPdKind = 'reader' | 'io';

/** Fictional vendor code for simulated devices (not a registered OUI). */
export const SIMULATED_VENDOR_CODE = 0x5a5a01;
/** Inputs and outputs of the simulated door I/O board. */
export const SIMULATED_IO_POINTS = 4;

const READER_CAPABILITIES: Capability[] = [
  { functionCode: CapabilityFunction.CardDataFormat, compliance: 1, numItems: 0 },
  { functionCode: CapabilityFunction.ReaderLedControl, compliance: 4, numItems: 1 },
  { functionCode: CapabilityFunction.ReaderAudibleOutput, compliance: 2, numItems: 1 },
  { functionCode: CapabilityFunction.ReaderTextOutput, compliance: 2, numItems: 1 },
  { functionCode: CapabilityFunction.CheckCharacterSupport, compliance: 1, numItems: 0 },
  { functionCode: CapabilityFunction.CommunicationSecurity, compliance: 1, numItems: 0 },
  { functionCode: CapabilityFunction.Readers, compliance: 0, numItems: 1 },
  { functionCode: CapabilityFunction.OsdpVersion, compliance: 2, numItems: 0 },
];

const IO_CAPABILITIES: Capability[] = [
  { functionCode: CapabilityFunction.ContactStatusMonitoring, compliance: 1, numItems: SIMULATED_IO_POINTS },
  { functionCode: CapabilityFunction.OutputControl, compliance: 4, numItems: SIMULATED_IO_POINTS },
  { functionCode: CapabilityFunction.CheckCharacterSupport, compliance: 1, numItems: 0 },
  { functionCode: CapabilityFunction.CommunicationSecurity, compliance: 1, numItems: 0 },
  { functionCode: CapabilityFunction.OsdpVersion, compliance: 2, numItems: 0 },
];

/**
 * The responder configuration of a simulated reader or I/O board: a stable serial number from the device
 * id, its capabilities, its key. Secure Channel is required (no plaintext commands) unless `scbk` is absent.
 */
export function simulatedPdConfig(kind: SimulatedPdKind, deviceId: string, address: number, scbk: Buffer | undefined): PdSessionConfig {
  return {
    address,
    pdId: {
      vendorCode: SIMULATED_VENDOR_CODE,
      model: kind === 'reader' ? 1 : 2,
      version: 1,
      serialNumber: createHash('sha256').update(deviceId).digest().readUInt32LE(0),
      firmware: { major: 1, minor: 0, build: 0 },
    },
    capabilities: kind === 'reader' ? READER_CAPABILITIES : IO_CAPABILITIES,
    ...(scbk ? { scbk, requireSecureChannel: true } : {}),
    randomBytes,
  };
}
