/** Reported in the bridge's online status. Bump with releases. */
export const BRIDGE_VERSION = '0.1.0';
