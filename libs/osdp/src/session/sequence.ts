/** CP sequence numbers: 0 only to (re)start, then 1, 2, 3, 1, … (docs/osdp.md §A9). */
export const nextSequence = (sequence: number): number => (sequence >= 3 ? 1 : sequence + 1);
