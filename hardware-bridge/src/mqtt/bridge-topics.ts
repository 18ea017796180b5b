import { topics } from '#contracts';

/** The concrete topics of one bridge, built once from the contract's builders. */
export interface BridgeTopics {
  readonly status: string;
  readonly events: string;
  readonly eventAcks: string;
  readonly decisionRequests: string;
  readonly decisionReplies: string;
  readonly commands: string;
  readonly commandResults: string;
  readonly veinCaptureResults: string;
  readonly credentialCache: string;
  readonly credentialCacheRequest: string;
  readonly simPresent: string;
  readonly simPresentResult: string;
  readonly simPlaceFinger: string;
  readonly simPlaceFingerResult: string;
  readonly simReaderPowerResult: string;
}

export function bridgeTopics(base: string, bridgeId: string): BridgeTopics {
  return Object.freeze({
    status: topics.bridgeStatus(base, bridgeId),
    events: topics.bridgeEvents(base, bridgeId),
    eventAcks: topics.bridgeEventAcks(base, bridgeId),
    decisionRequests: topics.decisionRequests(base, bridgeId),
    decisionReplies: topics.decisionReplies(base, bridgeId),
    commands: topics.bridgeCommands(base, bridgeId),
    commandResults: topics.bridgeCommandResults(base, bridgeId),
    veinCaptureResults: topics.veinCaptureResults(base, bridgeId),
    credentialCache: topics.credentialCache(base, bridgeId),
    credentialCacheRequest: topics.credentialCacheRequest(base, bridgeId),
    simPresent: topics.simPresent(base, bridgeId),
    simPresentResult: topics.simPresentResult(base, bridgeId),
    simPlaceFinger: topics.simPlaceFinger(base, bridgeId),
    simPlaceFingerResult: topics.simPlaceFingerResult(base, bridgeId),
    simReaderPowerResult: topics.simReaderPowerResult(base, bridgeId),
  });
}
