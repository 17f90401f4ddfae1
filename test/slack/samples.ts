// The real Slack payload samples in ../shared/data/slack, with their placeholder ids (T111, U111,
// W111, C111, …) swapped for this test's workspace, and a fresh event id and ts each time.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { nextTs, teamId } from './harness.js';

const sampleDir = fileURLToPath(new URL('../fixtures/slack/', import.meta.url));

type Envelope = { event: Record<string, unknown>; event_id?: string } & Record<string, unknown>;
const events = JSON.parse(readFileSync(`${sampleDir}events_api_payloads.json`, 'utf8')) as Record<string, { payload: Envelope }>;
const slashBodies = JSON.parse(readFileSync(`${sampleDir}slash_command_form_bodies.json`, 'utf8')) as { body: string }[];
export const webApiExamples = JSON.parse(readFileSync(`${sampleDir}web_api_examples_from_openapi.json`, 'utf8')) as Record<string, Record<string, unknown>>;

let eventCounter = 0;

export interface SampleOverrides {
  channel: string;
  /** Replaces the sender (U111/W111 and the event's `user`). */
  user?: string;
  /** Replaces W111/U-auth where the sample uses it for the app's bot user. */
  botUser?: string;
  ts?: string;
  thread_ts?: string;
  text?: string;
  event_id?: string;
}

/** An Events API envelope from the named sample, rewritten for this workspace. */
export function eventSample(key: string, o: SampleOverrides): Envelope {
  const sample = events[key];
  if (!sample) throw new Error(`no Slack sample named ${key}`);
  let json = JSON.stringify(sample.payload).replaceAll('T111', teamId).replaceAll('C111', o.channel);
  if (o.botUser) json = json.replaceAll('W111', o.botUser);
  if (o.user) json = json.replaceAll('U111', o.user).replaceAll('W111', o.user).replaceAll('W222', o.user);
  const envelope = JSON.parse(json) as Envelope;
  eventCounter += 1;
  envelope.event_id = o.event_id ?? `Ev0TEST${String(eventCounter).padStart(6, '0')}`;
  envelope.event.channel = o.channel;
  const ts = o.ts ?? nextTs();
  // Messages that carry a ts get a fresh one; channel_join (no ts in the sample) stays as recorded.
  if ('ts' in envelope.event || o.ts) envelope.event.ts = ts;
  if ('event_ts' in envelope.event) envelope.event.event_ts = ts;
  if (o.user && 'user' in envelope.event) envelope.event.user = o.user;
  if (o.thread_ts) envelope.event.thread_ts = o.thread_ts;
  if (o.text !== undefined) envelope.event.text = o.text;
  return envelope;
}

/** A person's plain channel message, from the real `message` sample. */
export function messageEvent(o: SampleOverrides & { user: string; text: string }): Envelope {
  const envelope = eventSample('test_message::message_body', o);
  delete envelope.event.blocks; // the sample's rich_text says "Hello World!"; the text is what counts
  return envelope;
}

/** The real slash-command form body, as `command` typed by `user`. */
export function slashCommandBody(o: { command: string; text: string; user: string; channel: string; responseUrl: string }): string {
  const form = new URLSearchParams((slashBodies[0] as { body: string }).body);
  form.set('command', o.command);
  form.set('text', o.text);
  form.set('user_id', o.user);
  form.set('channel_id', o.channel);
  form.set('team_id', teamId);
  form.set('response_url', o.responseUrl);
  return form.toString();
}
