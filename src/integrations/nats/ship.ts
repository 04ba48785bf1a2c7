/**
 * `ship(path, options)`: a {@link Shipper} of a segmented log to NATS
 * JetStream (see natsSink.ts for the messages).
 * @module
 */
import { boolean, checkOptions, checkPath, type OptionChecks } from '../../util/arguments.js';
import { SHIPPER_CHECKS, Shipper, type ShipperOptions } from '../shipper.js';
import { NatsSink, type NatsSinkOptions } from './natsSink.js';
import { checkTarget, TARGET_CHECKS } from './targetChecks.js';

/** Options of {@link ship}: where to (the stream) and how ({@link ShipperOptions}). */
export interface ShipOptions extends NatsSinkOptions, ShipperOptions {}

const SHIP_CHECKS: OptionChecks<ShipOptions> = { ...TARGET_CHECKS, ...SHIPPER_CHECKS, createStream: boolean };

/**
 * A shipper of the segmented log at `path` to the JetStream stream
 * `options.stream`, subject `options.subject`: call `start()`. Bad
 * arguments are refused here (TypeError, RangeError).
 */
export function ship(path: string, options: ShipOptions): Shipper {
  checkPath(path);
  const given = checkOptions('ship', options, SHIP_CHECKS);
  const target = checkTarget('ship', given);
  const { servers: _s, stream: _t, subject: _u, timeoutMs: _m, createStream, ...shipping } = given;
  const sink = new NatsSink({ ...target, ...(createStream === undefined ? {} : { createStream }) });
  return new Shipper(path, sink, shipping);
}
