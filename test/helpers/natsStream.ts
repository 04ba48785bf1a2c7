/** Reading back what a test shipped: every message of a stream, with its mmlog headers. */
import { DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

export interface Shipped {
  seq: number;
  logId: string;
  pos: number;
  msgId: string;
  data: Uint8Array;
}

/** Every message of `stream` (one subject per test stream), in stream order (without `withData`: empty payloads). */
export async function streamMessages(url: string, stream: string, withData = true): Promise<Shipped[]> {
  const nc = await connect({ servers: url });
  try {
    const jsm = await jetstreamManager(nc);
    const total = (await jsm.streams.info(stream)).state.messages;
    const out: Shipped[] = [];
    if (total === 0) return out;
    const consumer = await jetstream(nc).consumers.get(stream, { deliver_policy: DeliverPolicy.All });
    const messages = await consumer.consume();
    for await (const m of messages) {
      out.push({
        seq: m.seq,
        logId: m.headers?.get('Mmlog-Log') ?? '',
        pos: Number(m.headers?.get('Mmlog-Pos')),
        msgId: m.headers?.get('Nats-Msg-Id') ?? '',
        data: withData ? m.data : new Uint8Array(0),
      });
      if (out.length === total) break;
    }
    messages.stop();
    return out;
  } finally {
    await nc.close();
  }
}

/** Creates a stream on one subject with extra settings (e.g. `max_msg_size`, `duplicate_window`). */
export async function createStream(url: string, name: string, subject: string, extra: object = {}): Promise<void> {
  const nc = await connect({ servers: url });
  try {
    await (await jetstreamManager(nc)).streams.add({ name, subjects: [subject], ...extra });
  } finally {
    await nc.close();
  }
}
