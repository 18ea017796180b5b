import { BridgeEventType } from '#contracts';

/** Record types of the alarm records the api writes (kind `alarm`). Stable: never renamed or reused. */
export const AlarmRecordType = {
  /** One person alone longer than the window in an area under the two-person rule. */
  TwoPersonAlone: 'alarm.two-person-alone',
  /** The condition of an api alarm ended; `body.alarmId` names the alarm. */
  Cleared: 'alarm.cleared',
  /** An operator acknowledged an alarm, with a comment; `body.alarmId` names the alarm. */
  Acknowledged: 'alarm.acknowledged',
} as const;

/** Clock-offset records of the hardware gateway (ClockWatch). */
export const ClockOffsetRecordType = {
  Exceeded: 'bridge.clock-offset-exceeded',
  Recovered: 'bridge.clock-offset-recovered',
} as const;

/** What an alarm is about, as the alarms API names it. */
export const AlarmType = {
  TwoPersonAlone: 'two-person-alone',
  DoorForcedOpen: 'door-forced-open',
  DoorHeldOpen: 'door-held-open',
  ReaderTamper: 'reader-tamper',
  DoorIoTamper: 'door-io-tamper',
  BridgeClockOffset: 'bridge-clock-offset',
} as const;
export type AlarmType = (typeof AlarmType)[keyof typeof AlarmType];

export interface AlarmTypeInfo {
  /** The log record type that raises it. */
  recordType: string;
  title: { ja: string; en: string };
  /**
   * A momentary alarm is one event (a door forced open): nothing clears it, an acknowledgement closes it. The
   * others are conditions that clear by themselves when they end, and are acknowledged separately.
   */
  momentary: boolean;
}

export const ALARM_TYPES: Record<AlarmType, AlarmTypeInfo> = {
  [AlarmType.TwoPersonAlone]: {
    recordType: AlarmRecordType.TwoPersonAlone, momentary: false,
    title: { ja: '二人入室ルール違反（単独在室）', en: 'Alone in a two-person area' },
  },
  [AlarmType.DoorForcedOpen]: {
    recordType: BridgeEventType.DoorForcedOpen, momentary: true,
    title: { ja: '扉のこじ開け', en: 'Door forced open' },
  },
  [AlarmType.DoorHeldOpen]: {
    recordType: BridgeEventType.DoorHeldOpen, momentary: true,
    title: { ja: '扉の開放放置', en: 'Door held open' },
  },
  [AlarmType.ReaderTamper]: {
    recordType: BridgeEventType.ReaderTamper, momentary: true,
    title: { ja: '読取装置のいたずら検知', en: 'Reader tamper' },
  },
  [AlarmType.DoorIoTamper]: {
    recordType: BridgeEventType.DoorIoLocalStatus, momentary: true,
    title: { ja: '扉制御装置のいたずら検知', en: 'Door I/O module tamper' },
  },
  [AlarmType.BridgeClockOffset]: {
    recordType: ClockOffsetRecordType.Exceeded, momentary: false,
    title: { ja: 'ブリッジの時刻ずれ', en: 'Bridge clock offset' },
  },
};
