import { cardHash, cardReference } from '#contracts';
import { AuditModule } from '../../../apps/api/src/modules/audit/audit.module.js';
import { CardsService } from '../../../apps/api/src/modules/credentials/cards.service.js';
import { CredentialsModule } from '../../../apps/api/src/modules/credentials/credentials.module.js';
import { PeopleService } from '../../../apps/api/src/modules/people/people.service.js';
import { adminActor, apiTestModule, type ApiTestModule } from '../../support/api-module.js';

const CARD = '04a1b2c3d4e5f6';
const OTHER_CARD = '04ffeeddccbbaa';

describe(CardsService.name, () => {
  let t: ApiTestModule;
  let sut: CardsService;
  const actor = adminActor();

  beforeAll(async () => {
    t = await apiTestModule([AuditModule, CredentialsModule]);
    sut = t.moduleRef.get(CardsService);
  });
  afterAll(() => t?.close());

  const cardRows = () => t.ds.query(`SELECT person_id, encode(card_hash, 'hex') AS hash, revoked_at FROM card_credentials ORDER BY registered_at`);

  it('registers a card as a keyed hash only, and tells the bridges', async () => {
    const card = await sut.register(actor, t.ids.S0002, CARD.toUpperCase(), '職員証 2026-0412');
    const hash = cardHash(t.config.cardKey, CARD);
    expect(card).toMatchObject({ label: '職員証 2026-0412', reference: cardReference(hash), registeredBy: actor.operatorId });
    expect(await cardRows()).toContainEqual({ person_id: t.ids.S0002, hash, revoked_at: null });
    expect(t.changes).toContain('card.registered');
  });

  it('refuses a card that is live for anyone (409), and cards for people who left', async () => {
    await expect(sut.register(actor, t.ids.S0003, CARD, undefined)).rejects.toMatchObject({ code: 'CONFLICT', detail: expect.stringMatching(/another person/) });
    await expect(sut.register(actor, t.ids.S0002, CARD, undefined)).rejects.toMatchObject({ code: 'CONFLICT', detail: expect.stringMatching(/this person/) });
    await expect(sut.register(actor, '0192f3a0-0000-7000-8000-00000000beef', OTHER_CARD, undefined)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('revokes a card (404 for one that is not live), after which the number can go to someone else', async () => {
    const [card] = await sut.list(t.ids.S0002);
    await sut.revoke(actor, t.ids.S0002, card.id, '紛失届');
    await expect(sut.revoke(actor, t.ids.S0002, card.id, undefined)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await sut.list(t.ids.S0002))[0]).toMatchObject({ id: card.id, revokeReason: '紛失届', revokedAt: expect.any(String) });
    expect(t.changes).toContain('card.revoked');
    expect(await sut.register(actor, t.ids.S0003, CARD, undefined)).toMatchObject({ reference: card.reference });
  });

  it('revokes the cards of a person who leaves (S0001 also has the demo card from the seed)', async () => {
    await sut.register(actor, t.ids.S0001, OTHER_CARD, undefined);
    expect((await sut.list(t.ids.S0001)).filter((c) => !c.revokedAt)).toHaveLength(2);
    // What every leaving path (person update, HR import, ID review) runs in its transaction.
    await t.ds.transaction(async (m) => {
      await m.query(`UPDATE people SET status = 'retired' WHERE id = $1`, [t.ids.S0001]);
      await t.moduleRef.get(PeopleService).endAllAccess(m, actor, t.ids.S0001, '退職');
    });
    expect((await sut.list(t.ids.S0001)).filter((c) => !c.revokedAt)).toEqual([]);
    await expect(sut.register(actor, t.ids.S0001, '0a0b', undefined)).rejects.toMatchObject({ code: 'CONFLICT', title: 'Person has left' });
  });

  it('records every change in the access log naming the card by reference, never by number or hash', async () => {
    const rows: Array<{ type: string; body: unknown }> = await t.ds.query(`SELECT type, body FROM access_log WHERE type LIKE 'card.%' ORDER BY idx`);
    expect(rows.map((r) => r.type)).toEqual(['card.registered', 'card.revoked', 'card.registered', 'card.registered', 'card.revoked', 'card.revoked']);
    const text = JSON.stringify(rows).toLowerCase();
    for (const number of [CARD, OTHER_CARD]) {
      expect(text).not.toContain(number);
      expect(text).not.toContain(cardHash(t.config.cardKey, number));
    }
    expect(text).toContain(cardReference(cardHash(t.config.cardKey, CARD)));
  });
});
