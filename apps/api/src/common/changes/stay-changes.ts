import { Injectable } from '@nestjs/common';
import { ChangeFeed } from './change-feed.js';

/**
 * Announces, after commit, that someone entered or left a managed area (a stay opened or closed), naming the
 * area. The two-person watch re-evaluates at once instead of waiting for its next tick.
 */
@Injectable()
export class StayChanges extends ChangeFeed<string> {}
