import { Injectable } from '@nestjs/common';
import type { BridgeStatus } from '#contracts';

export interface KnownBridge {
  bridgeId: string;
  state: 'online' | 'offline';
  version?: string;
  lastSeenAt: Date;
  /** Bridge clock minus api clock at the last status (ms); the ledger issue turns this into an alarm. */
  clockOffsetMs?: number;
  cacheVersion?: number;
  outboxDepth?: number;
}

/** What the api last heard from each bridge. */
@Injectable()
export class BridgeRegistry {
  private readonly bridges = new Map<string, KnownBridge>();

  update(bridgeId: string, status: BridgeStatus, now = new Date()): KnownBridge {
    const bridge: KnownBridge = {
      bridgeId,
      state: status.state,
      version: status.version,
      lastSeenAt: now,
      clockOffsetMs: status.bridgeTime ? Date.parse(status.bridgeTime) - now.getTime() : undefined,
      cacheVersion: status.cacheVersion,
      outboxDepth: status.outboxDepth,
    };
    this.bridges.set(bridgeId, bridge);
    return bridge;
  }

  /** Online by its last status (retained on the broker, so known soon after the api connects). */
  isOnline(bridgeId: string): boolean {
    return this.bridges.get(bridgeId)?.state === 'online';
  }

  list(): KnownBridge[] {
    return [...this.bridges.values()].sort((a, b) => a.bridgeId.localeCompare(b.bridgeId));
  }
}
