import { cardHash, cardReference } from '#contracts';
import { AccessDecisionsModule } from '../../../apps/api/src/modules/access-decisions/access-decisions.module.js';
import { AccessDecisionsService } from '../../../apps/api/src/modules/access-decisions/access-decisions.service.js';
import { AuditModule } from '../../../apps/api/src/modules/audit/audit.module.js';
import { CardsService } from '../../../apps/api/src/modules/credentials/cards.service.js';
import { CredentialsModule } from '../../../apps/api/src/modules/credentials/credentials.module.js';
import { adminActor, apiTestModule, type ApiTestModule } from '../../support/api-module.js';
import { decisionRequest } from '../../support/decision-request.js';

/** A card attempt is decided like a keypad one, as long as the card is still live for that person. */
describe(`${AccessDecisionsService.name} with IC cards`, () => {
  let t: ApiTestModule;
  let sut: AccessDecisionsService;
  let reference: string;

  beforeAll(async () => {
    t = await apiTestModule([AuditModule, CredentialsModule, AccessDecisionsModule]);
    sut = t.moduleRef.get(AccessDecisionsService);
    reference = cardReference(cardHash(t.config.cardKey, 'cafe0001')); // S0001's demo card
  });
  afterAll(() => t?.close());

  const cardAttempt = (value = reference, direction: 'entry' | 'exit' = 'entry') =>
    decisionRequest(t.config.mqtt.baseTopic, 'S0001', t.ids.S0001, { identifier: { kind: 'card', value }, direction });

  it('grants a live card, records the card reference (not the number) and opens the stay', async () => {
    const req = cardAttempt();
    expect(await sut.decide(req)).toMatchObject({ outcome: 'grant', reason: 'GRANTED' });
    const [attempt] = await t.ds.query(`SELECT body FROM access_log WHERE id = $1`, [req.attemptId]);
    expect(attempt.body.identifier).toEqual({ kind: 'card', value: reference });
    expect(await sut.decide(cardAttempt(reference, 'exit'))).toMatchObject({ outcome: 'grant' });
  });

  it('denies a card claim that does not match a live card of that person', async () => {
    expect(await sut.decide(cardAttempt('0'.repeat(32)))).toMatchObject({ outcome: 'deny', reason: 'UNKNOWN_IDENTIFIER' });
    expect(await sut.decide(cardAttempt('unkeyed'))).toMatchObject({ outcome: 'deny', reason: 'UNKNOWN_IDENTIFIER' });
  });

  it('denies a card revoked a moment ago even if the bridge cache still resolves it', async () => {
    const cards = t.moduleRef.get(CardsService);
    const [card] = await cards.list(t.ids.S0001);
    await cards.revoke(adminActor(), t.ids.S0001, card.id, '紛失');
    expect(await sut.decide(cardAttempt())).toMatchObject({ outcome: 'deny', reason: 'UNKNOWN_IDENTIFIER' });
  });
});
