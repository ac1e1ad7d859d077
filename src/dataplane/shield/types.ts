/**
 * The contract between the proxy and Shield Advanced's detection engine: the proxy reports one
 * `Observation` per request it answered for a resource (`ShieldEngine.observe`); the detector turns
 * them into attack events with AWS's attack record fields (`AttackRecord`, the `shield.attacks` table).
 */
import type { AttackRecord } from '../../services/shield/store.js';

export type { AttackRecord };

/** One request as the proxy answered it. */
export interface Observation {
  /** When it arrived, epoch milliseconds. */
  readonly time: number;
  /** The protected resource it was sent to (the proxy's ALB ARN). */
  readonly resourceArn: string;
  readonly clientIp: string;
  /** The request path without the query string. */
  readonly path: string;
  readonly method: string;
  /** The status answered (0 when the connection was cut). */
  readonly status: number;
  /** Bytes received (request line, headers and body). */
  readonly bytes: number;
  readonly userAgent?: string;
  readonly referrer?: string;
}

/** An attack starting, still going on (periodically), or ending: the attack record as of then. */
export interface AttackEvent {
  readonly kind: 'start' | 'update' | 'end';
  readonly attack: AttackRecord;
}

/** How the detector decides (every rate in requests per second). */
export interface DetectorConfig {
  /** Time constant of the current rates (exponentially weighted, per second). */
  readonly windowSeconds: number;
  /** Half-life of the baselines (total, per IP, per path); they learn only outside attacks. */
  readonly baselineHalfLifeSeconds: number;
  /** A flood: the total rate above `floodMultiplier` × baseline and above `floodFloorRps`. */
  readonly floodFloorRps: number;
  readonly floodMultiplier: number;
  /** A per-IP anomaly: one source above `anomalyMultiplier` × its baseline and above `ipFloorRps`. */
  readonly ipFloorRps: number;
  /** A per-path anomaly: one URL above `anomalyMultiplier` × its baseline and above `pathFloorRps`. */
  readonly pathFloorRps: number;
  readonly anomalyMultiplier: number;
  /** An attack goes on while its rates stay above `endRatio` × the thresholds ... */
  readonly endRatio: number;
  /** ... and ends after this long below them. */
  readonly quietSeconds: number;
  /** How often an ongoing attack is reported (`update`). */
  readonly updateEverySeconds: number;
  /** Keys kept per sketch (IPs, paths, user agents). */
  readonly sketchCapacity: number;
  /** Top contributors reported per property. */
  readonly topContributors: number;
  /** Resources tracked at once (the least recently seen quiet one is dropped beyond). */
  readonly maxResources: number;
}

export const DEFAULT_DETECTOR_CONFIG: DetectorConfig = {
  windowSeconds: 3,
  baselineHalfLifeSeconds: 600,
  floodFloorRps: 100,
  floodMultiplier: 5,
  ipFloorRps: 50,
  pathFloorRps: 50,
  anomalyMultiplier: 10,
  endRatio: 0.5,
  quietSeconds: 30,
  updateEverySeconds: 10,
  sketchCapacity: 64,
  topContributors: 5,
  maxResources: 1000,
};

/** AWS's attack vector of application layer request floods (API reference, AttackVectorDescription). */
export const REQUEST_FLOOD = 'REQUEST_FLOOD';
