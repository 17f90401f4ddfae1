import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readingIssueTypes, type Reader, type Reading } from '../../src/core/reading.js';
import type { Embedder } from '../../src/memory/embedder.js';
import { modelDir } from '../../src/reader/model-files.js';
import { TrainedReader } from '../../src/reader/trained-reader.js';

/** The committed n-gram models beside an embedding model whose biases alone decide: `type` at `bias`. */
function modelWithEmbeddingBias(type: Reading['issue_type'], bias: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'memdesk-second-opinion-'));
  for (const file of ['issue-type.json', 'issue-type.bin', 'language.json', 'language.bin']) copyFileSync(join(modelDir, file), join(dir, file));
  const k = readingIssueTypes.length;
  const weights = new Float32Array(512 * k + k);
  weights[512 * k + readingIssueTypes.indexOf(type)] = bias;
  writeFileSync(join(dir, 'issue-type-embed.json'), JSON.stringify({ format: 'memdesk-dense-v1', embedder: 'use-lite-512', labels: readingIssueTypes, dimensions: 512, temperature: 1 }));
  writeFileSync(join(dir, 'issue-type-embed.bin'), new Uint8Array(weights.buffer));
  return dir;
}

function countingEmbedder(): Embedder & { embedded: string[] } {
  const embedded: string[] = [];
  return { model: 'use-lite-512', dimensions: 512, embedded, embed: async (texts) => (embedded.push(...texts), texts.map(() => new Float32Array(512))) };
}

const plain = TrainedReader.load();
const unsure = 'Hi, can someone from your team get back to me?';

describe('the reader’s second opinion from sentence embeddings', () => {
  it('blends the embedding model into an unsure English reading, half and half, when it picks one of the first reading’s three best types', async () => {
    const embedder = countingEmbedder();
    const first = plain.read({ text: unsure });
    // Under the band (0.6) a reading is unsure enough to be embedded.
    expect(first.confidence).toBeLessThan(0.6);
    // The n-gram model's third guess, which the second opinion is sure of.
    const third = first.issue_types[2]!.type;
    const reader = TrainedReader.load(modelWithEmbeddingBias(third, 20), { embedder });
    expect(reader.read({ text: unsure })).toEqual(first);
    const second = await reader.reconsider!({ text: unsure }, first);
    const confidenceOf = (reading: typeof first, type: string) => reading.issue_types.find((t) => t.type === type)!.confidence;
    expect(second.issue_type).toBe(third);
    expect(confidenceOf(second, third)).toBeCloseTo(0.5 * confidenceOf(first, third) + 0.5, 5);
    expect(confidenceOf(second, first.issue_type)).toBeCloseTo(0.5 * first.confidence, 5);
    expect(second.confidence).toBe(second.issue_types[0]!.confidence);
    expect(embedder.embedded).toEqual([unsure]);
  });

  it('does not let a second opinion bring in a type the first reading ranked below its three best', async () => {
    const embedder = countingEmbedder();
    const first = plain.read({ text: unsure });
    const fourth = first.issue_types[3]!.type;
    const reader = TrainedReader.load(modelWithEmbeddingBias(fourth, 20), { embedder });
    expect(await reader.reconsider!({ text: unsure }, first)).toBe(first);
    expect(embedder.embedded).toEqual([unsure]);
  });

  it('leaves a sure reading, a non-English one and an unsure second opinion as they were, and embeds only when unsure and English', async () => {
    const embedder = countingEmbedder();
    const reader = TrainedReader.load(modelWithEmbeddingBias('outage', 20), { embedder });
    const sure = 'I was charged twice for my subscription this month, please refund the duplicate charge.';
    // Sure enough (0.6–0.9) to skip the embedding: most of the sentence model's cost went to these.
    const fairlySure = 'How do I export my data to a spreadsheet?';
    const german = 'Hallo, kann mich jemand aus Ihrem Team zurückrufen?';
    for (const text of [sure, fairlySure, german]) {
      const first = reader.read({ text });
      expect(await reader.reconsider!({ text }, first)).toBe(first);
    }
    expect(reader.read({ text: sure }).confidence).toBeGreaterThanOrEqual(0.9);
    expect(reader.read({ text: fairlySure }).confidence).toBeGreaterThanOrEqual(0.6);
    expect(reader.read({ text: fairlySure }).confidence).toBeLessThan(0.9);
    expect(reader.read({ text: german }).language).toBe('de');
    expect(embedder.embedded).toEqual([]);

    const undecided = TrainedReader.load(modelWithEmbeddingBias('outage', 0), { embedder });
    const first = undecided.read({ text: unsure });
    expect(await undecided.reconsider!({ text: unsure }, first)).toBe(first);
  });

  it('has no second opinion without an embedder, and refuses one that reads another embedder’s vectors', () => {
    expect(plain.reconsider).toBeUndefined();
    expect(() => TrainedReader.load(undefined, { embedder: { ...countingEmbedder(), model: 'another-model' } })).toThrow(/use-lite-512/);
  });
});

describe('READER_SECOND_OPINION=on through the loop (the real sentence model)', () => {
  it('records the reconsidered reading of an unsure English message, and the n-gram reading of a sure one', async () => {
    const { testMemdesk } = await import('../support/memdesk-env.js');
    const m = await testMemdesk({ READER_SECOND_OPINION: 'on' });
    try {
      const readOf = async (message: string) => {
        const o = await m.handleTicket({ user: 'cust_fiona', message });
        const ops = await m.operationLog.read({ ticketId: o.ticket_id, kinds: ['message_read'] });
        return { recorded: ops[0]!.detail as { issue_type: string; confidence: number }, plain: plain.read({ text: message }) };
      };
      // The n-gram model reads this outage at 0.58; the embedding model is surer (0.81), so the blend rises.
      const outage = await readOf('Our dashboard has been down for an hour, nobody on the team can load it.');
      expect(outage.plain.confidence).toBeLessThan(0.6);
      expect(outage.recorded.issue_type).toBe('outage');
      expect(outage.recorded.confidence).toBeGreaterThan(outage.plain.confidence + 0.03);
      const sure = await readOf('I was charged twice for my subscription this month, please refund the duplicate charge.');
      expect(sure.recorded).toMatchObject({ issue_type: sure.plain.issue_type, confidence: Math.round(sure.plain.confidence * 1000) / 1000 });
    } finally {
      await m.cleanup();
    }
  }, 60_000);
});

describe('a second opinion that cannot be had', () => {
  it('leaves the first reading standing: the ticket is read, decided and answered as without it', async () => {
    const { testMemdesk } = await import('../support/memdesk-env.js');
    const failing = (reader: Reader): Reader => ({
      read: (input) => reader.read(input),
      reconsider: async () => {
        throw new Error('the sentence-embedding model could not be loaded');
      },
    });
    const m = await testMemdesk({}, { wrapReader: failing });
    try {
      const message = 'Our dashboard has been down for an hour, nobody on the team can load it.';
      const o = await m.handleTicket({ user: 'cust_fiona', message });
      const [read] = await m.operationLog.read({ ticketId: o.ticket_id, kinds: ['message_read'] });
      const first = plain.read({ text: message });
      expect(read?.detail).toMatchObject({ issue_type: first.issue_type, confidence: Math.round(first.confidence * 1000) / 1000 });
      expect(o.customer_response.length).toBeGreaterThan(0);
      expect(o.tools_executed.length).toBeGreaterThan(0);
    } finally {
      await m.cleanup();
    }
  });
});
