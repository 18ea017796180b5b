/**
 * The synthetic demo site that `npm start` seeds and `npm run sim` walks through.
 * Every name, number and PIN here is made up (policy 5(3)②イⅲ).
 */
export interface DemoPerson {
  personNo: string;
  kind: 'staff' | 'contractor';
  familyName: string;
  givenName: string;
  nameKana: string;
  affiliationJa: string;
  affiliationEn: string;
  pin: string;
  /** Enrolled finger positions. */
  fingers: string[];
  /** A made-up IC staff card (raw bits, hex), for `npm run sim -- enter S0001 --card …`. */
  card?: string;
  requiresEscort: boolean;
}

export const DEMO_BRIDGE_ID = 'bridge-1';

export const DEMO_AREA = {
  id: 'area-a',
  nameJa: 'サーバ室A',
  nameEn: 'Server room A',
  floor: 3,
} as const;

export const DEMO_DOOR = {
  id: 'door-a1',
  areaId: DEMO_AREA.id,
  bridgeId: DEMO_BRIDGE_ID,
  nameJa: 'サーバ室A 入口',
  nameEn: 'Server room A door',
  entryReaderId: 'reader-a1-in',
  exitReaderId: 'reader-a1-out',
  veinThreshold: 150,
} as const;

export const DEMO_PEOPLE: readonly DemoPerson[] = [
  {
    personNo: 'S0001', kind: 'staff', familyName: '情報', givenName: '一郎', nameKana: 'ジョウホウ イチロウ',
    affiliationJa: '総務部 情報政策課', affiliationEn: 'General Affairs Dept., IT Policy Div.',
    pin: '482613', fingers: ['right-index', 'left-index'], card: 'cafe0001', requiresEscort: false,
  },
  {
    personNo: 'S0002', kind: 'staff', familyName: '管理', givenName: '花子', nameKana: 'カンリ ハナコ',
    affiliationJa: '総務部 情報政策課', affiliationEn: 'General Affairs Dept., IT Policy Div.',
    pin: '739158', fingers: ['right-index'], requiresEscort: false,
  },
  {
    personNo: 'S0003', kind: 'staff', familyName: '試験', givenName: '三郎', nameKana: 'シケン サブロウ',
    affiliationJa: '企画部 企画課', affiliationEn: 'Planning Dept., Planning Div.',
    pin: '506472', fingers: ['right-middle'], requiresEscort: false,
  },
  {
    personNo: 'C0001', kind: 'contractor', familyName: '保守', givenName: '太郎', nameKana: 'ホシュ タロウ',
    affiliationJa: '架空システム保守株式会社', affiliationEn: 'Fictional Systems Maintenance Co., Ltd.',
    pin: '285940', fingers: ['right-index'], requiresEscort: true,
  },
];

export function demoPerson(personNo: string): DemoPerson | undefined {
  return DEMO_PEOPLE.find((p) => p.personNo === personNo.toUpperCase());
}
