/**
 * Why a decision came out the way it did. Stable machine codes: never renamed, never reused.
 * Each has a short bilingual message for the reader display and the console.
 */
export const ReasonCode = {
  Granted: 'GRANTED',
  UnknownIdentifier: 'UNKNOWN_IDENTIFIER',
  PersonInactive: 'PERSON_INACTIVE',
  PinInvalid: 'PIN_INVALID',
  PinNotEntered: 'PIN_NOT_ENTERED',
  PinBlocked: 'PIN_BLOCKED',
  PinChangeRequired: 'PIN_CHANGE_REQUIRED',
  PinExpired: 'PIN_EXPIRED',
  PinNotSet: 'PIN_NOT_SET',
  VeinNoMatch: 'VEIN_NO_MATCH',
  VeinTimeout: 'VEIN_TIMEOUT',
  VeinNotEnrolled: 'VEIN_NOT_ENROLLED',
  VeinReaderError: 'VEIN_READER_ERROR',
  NoAuthorisation: 'NO_AUTHORISATION',
  AuthorisationNotYetValid: 'AUTHORISATION_NOT_YET_VALID',
  AuthorisationExpired: 'AUTHORISATION_EXPIRED',
  AuthorisationSuspended: 'AUTHORISATION_SUSPENDED',
  OutsideSchedule: 'OUTSIDE_SCHEDULE',
  EscortRequired: 'ESCORT_REQUIRED',
  AreaLockdown: 'AREA_LOCKDOWN',
  AntiPassback: 'ANTI_PASSBACK',
  UnknownDoor: 'UNKNOWN_DOOR',
  /** The request reached the api after the bridge had stopped waiting. */
  DecisionTooLate: 'DECISION_TOO_LATE',
  /** The bridge got no answer from the api in time and denied locally (fail secure). */
  ApiUnavailable: 'API_UNAVAILABLE',
} as const;
export type ReasonCode = (typeof ReasonCode)[keyof typeof ReasonCode];

export interface Bilingual {
  ja: string;
  en: string;
}

export const reasonMessages: Record<ReasonCode, Bilingual> = {
  GRANTED: { ja: '解錠しました', en: 'Access granted' },
  UNKNOWN_IDENTIFIER: { ja: '登録されていない番号です', en: 'Unknown number' },
  PERSON_INACTIVE: { ja: '利用が停止されています', en: 'Access suspended' },
  PIN_INVALID: { ja: '暗証番号が違います', en: 'Wrong PIN' },
  PIN_NOT_ENTERED: { ja: '暗証番号が入力されていません', en: 'PIN not entered' },
  PIN_BLOCKED: { ja: '認証の失敗が続いたためロック中です', en: 'Locked after failed attempts' },
  PIN_CHANGE_REQUIRED: { ja: '仮の暗証番号です。変更してください', en: 'Change your temporary PIN first' },
  PIN_EXPIRED: { ja: '暗証番号の有効期限が切れています', en: 'PIN expired' },
  PIN_NOT_SET: { ja: '暗証番号が登録されていません', en: 'No PIN registered' },
  VEIN_NO_MATCH: { ja: '静脈認証に失敗しました', en: 'Vein not recognised' },
  VEIN_TIMEOUT: { ja: '静脈が読み取れませんでした', en: 'No vein sample' },
  VEIN_NOT_ENROLLED: { ja: '静脈情報が登録されていません', en: 'Vein not enrolled' },
  VEIN_READER_ERROR: { ja: '読取装置のエラーです', en: 'Reader error' },
  NO_AUTHORISATION: { ja: 'この部屋への入室許可がありません', en: 'Not authorised for this room' },
  AUTHORISATION_NOT_YET_VALID: { ja: '入室許可の期間前です', en: 'Authorisation not yet valid' },
  AUTHORISATION_EXPIRED: { ja: '入室許可の期限が切れています', en: 'Authorisation expired' },
  AUTHORISATION_SUSPENDED: { ja: '入室許可が停止されています', en: 'Authorisation suspended' },
  OUTSIDE_SCHEDULE: { ja: '入室できる時間帯ではありません', en: 'Outside permitted hours' },
  ESCORT_REQUIRED: { ja: '職員の立会いが必要です', en: 'Staff escort required' },
  AREA_LOCKDOWN: { ja: '現在、入室が禁止されています', en: 'Room locked down' },
  ANTI_PASSBACK: { ja: '退室の記録がありません', en: 'No exit recorded since last entry' },
  UNKNOWN_DOOR: { ja: '扉が登録されていません', en: 'Unknown door' },
  DECISION_TOO_LATE: { ja: '時間切れです。もう一度どうぞ', en: 'Timed out, try again' },
  API_UNAVAILABLE: { ja: 'システムに接続できません', en: 'System unavailable' },
};

export function messageFor(reason: ReasonCode): Bilingual {
  return reasonMessages[reason];
}
