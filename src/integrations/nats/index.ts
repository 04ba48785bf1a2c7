/**
 * `mmlog/nats`: ship a segmented log to NATS JetStream and replay a stream
 * back into a local log. An entry point of its own, so that `mmlog` itself
 * never loads the NATS client.
 *
 * ```ts
 * import { ship } from 'mmlog/nats';
 *
 * const shipper = ship('/var/log/app', { servers: 'nats://localhost:4222', stream: 'LOGS', subject: 'logs.app' });
 * shipper.on('disconnect', (error) => console.warn('NATS down, retrying:', error.message));
 * await shipper.start(); // until shipper.stop()
 * ```
 * @module
 */
export type {
  LostRange,
  ResumeInfo,
  ShipperOptions,
  ShipperStats,
  Sink,
  SinkRecord,
  StoredRecord,
} from '../shipper.js';
export { Shipper } from '../shipper.js';
export type { NatsTarget } from './connection.js';
export { NatsSink, type NatsSinkOptions } from './natsSink.js';
export {
  MAP_ENTRY_SIZE,
  MAP_HEADER_SIZE,
  type PositionEntry,
  positionMapPath,
  readPositionMap,
} from './positionMap.js';
export { LOG_HEADER, POS_HEADER } from './recordHeaders.js';
export { type ReplayOptions, type ReplayReport, replay } from './replay.js';
export { type ShipOptions, ship } from './ship.js';
