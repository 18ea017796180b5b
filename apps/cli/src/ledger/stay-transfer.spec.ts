import { StayProjector, type StayInput } from '#domain';
import { packStays, unpackStays } from './stay-transfer.js';

const attempt = (n: number) => `0190f5c2-7a4b-7cde-8f01-${String(n).padStart(12, '0')}`;
const at = (s: number) => new Date(Date.UTC(2026, 10, 25, 9, 0, s));
const stays: StayInput[] = [
  { idx: 0, kind: 'decision', type: 'decision.online', outcome: 'grant', occurredAt: at(0), recordedAt: at(1), attemptId: attempt(1), personId: attempt(9), areaId: 'area-a', doorId: 'door-a1', body: { direction: 'entry', escortPersonId: attempt(8), unlockMs: 5000 } },
  { idx: 1, kind: 'annotation', type: 'stay.purpose', outcome: null, occurredAt: at(2), recordedAt: at(3), attemptId: attempt(1), personId: null, areaId: null, doorId: null, body: { stayId: attempt(7), purpose: 'UPS点検\n/ inspection' } },
  { idx: 2, kind: 'annotation', type: 'stay.forgiven', outcome: null, occurredAt: at(4), recordedAt: at(5), attemptId: attempt(1), personId: null, areaId: null, doorId: null, body: { stayId: 7 } },
  { idx: 3, kind: 'decision', type: 'decision.online', outcome: 'grant', occurredAt: at(6), recordedAt: at(7), attemptId: attempt(2), personId: attempt(9), areaId: 'area-a', doorId: 'door-a1', body: ['not', 'an', 'object'] },
];

describe(packStays.name, () => {
  it('round-trips what the ledger rebuild reads: the same stays and anomalies come out', () => {
    const direct = new StayProjector();
    for (const s of stays) direct.push(s);
    const transferred = new StayProjector();
    for (const s of unpackStays(structuredClone(packStays(stays)))) transferred.push(s);
    expect(transferred.stays()).toEqual(direct.stays());
    expect(transferred.anomalies).toEqual(direct.anomalies);
    expect(direct.stays()[0]).toMatchObject({ purpose: 'UPS点検\n/ inspection', escortPersonId: attempt(8) });
    expect(direct.anomalies.map((a) => a.code)).toEqual(['malformed-annotation']);
  });
});
