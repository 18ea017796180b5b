export * from './constants.js';
export { crc16, CRC16_INIT } from './crc16.js';
export { checksum } from './checksum.js';
export type * from './frame/frame.js';
export { decodeFrame, encodeFrame, encodeFrameBody } from './frame/frame-codec.js';
export { FrameSplitter, type FrameSplitterOptions, type SplitErrorKind, type SplitResult } from './frame/frame-splitter.js';
