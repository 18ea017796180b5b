import type { StayInput } from '#domain';

/** The body members StayProjector reads, all as strings: any other value or member changes nothing there. */
export const STAY_BODY_KEYS = ['direction', 'escortPersonId', 'stayId', 'purpose'] as const;
const WIDTH = 10 + STAY_BODY_KEYS.length;

/**
 * Stay inputs as one flat array of strings, numbers and nulls, for a worker thread to post to the main thread:
 * cloning a flat array costs a fraction of cloning an object (with a Date and a body) per record.
 */
export function packStays(stays: readonly StayInput[]): (string | number | null)[] {
  const flat: (string | number | null)[] = [];
  for (const s of stays) packStay(s, flat);
  return flat;
}

/** Appends one stay input to a packed array (so a worker need not keep the object until its file is done). */
export function packStay(s: StayInput, flat: (string | number | null)[]): void {
  const body = typeof s.body === 'object' && s.body !== null && !Array.isArray(s.body) ? (s.body as Record<string, unknown>) : {};
  flat.push(
    s.idx, s.kind, s.type, s.outcome ?? null, s.occurredAt.getTime(), s.recordedAt.getTime(), s.attemptId ?? null, s.personId ?? null,
    s.areaId ?? null, s.doorId ?? null,
  );
  for (const k of STAY_BODY_KEYS) flat.push(typeof body[k] === 'string' ? body[k] : null);
}

export function* unpackStays(flat: readonly (string | number | null)[]): Generator<StayInput> {
  for (let i = 0; i + WIDTH <= flat.length; i += WIDTH) {
    const body: Record<string, string> = {};
    STAY_BODY_KEYS.forEach((k, j) => {
      const v = flat[i + 10 + j];
      if (typeof v === 'string') body[k] = v;
    });
    yield {
      idx: flat[i] as number, kind: flat[i + 1] as string, type: flat[i + 2] as string, outcome: flat[i + 3] as string | null,
      occurredAt: new Date(flat[i + 4] as number), recordedAt: new Date(flat[i + 5] as number), attemptId: flat[i + 6] as string | null,
      personId: flat[i + 7] as string | null, areaId: flat[i + 8] as string | null, doorId: flat[i + 9] as string | null, body,
    };
  }
}
