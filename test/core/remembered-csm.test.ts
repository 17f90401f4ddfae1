// The CSM an account's memory names, as staff write it (src/core/remembered-csm.ts): the usual ways of
// saying who it is, in English and the other languages memdesk answers in, and never from the customer's
// own words, a question, a request, a denial, a possibility or someone who has left.
import { describe, expect, it } from 'vitest';
import { readMemoryFacts } from '../../src/core/memory-facts.js';
import { loadPolicy } from '../../src/core/policy.js';
import { TrainedReader } from '../../src/reader/trained-reader.js';

const rules = loadPolicy('./policy').rules;
const reader = TrainedReader.load();
// The demo directory's staff: Dana Lee is a CSM there.
const staff = ['Dana Lee', 'Sam Patel'];

function csmOf(...texts: string[]): string | undefined {
  const memories = texts.map((memory, i) => ({ id: `m${i}`, memory, score: 1, created_at: `2026-11-0${i + 1}T10:00:00Z` }));
  return readMemoryFacts(memories, rules, '2026-11-25', reader, staff).csm_name;
}

describe('the CSM a memory names', () => {
  it.each([
    ['CSM is Dana Lee', 'Dana Lee'],
    ['Their CSM: Dana Lee', 'Dana Lee'],
    ['Dana Lee (CSM)', 'Dana Lee'],
    ['customer success manager — Priya Shah', 'Priya Shah'],
    ['Account manager/CSM Dana Lee', 'Dana Lee'],
    ['Dana Lee is their CSM', 'Dana Lee'],
    ["Globex's customer success manager (CSM) is Dana Lee.", 'Dana Lee'],
    ['The CSM for Initech is Priya Shah.', 'Priya Shah'],
    ['CSM is now Priya Shah (since March).', 'Priya Shah'],
    ['Priya Shah, their customer success manager, runs the quarterly reviews.', 'Priya Shah'],
    ['Priya Shah was assigned as CSM in May.', 'Priya Shah'],
    ['Account manager: Tom van der Berg', 'Tom van der Berg'],
    ['Contact their CSM Dana Lee before any renewal talk.', 'Dana Lee'],
    ['CSM is Dana Lee, not Sam Patel.', 'Dana Lee'],
    ['Dana Lee (CSM) left a note about the renewal.', 'Dana Lee'],
    // Staff the directory names: in any case, or by a first name only one of them has.
    ['CSM: dana lee', 'Dana Lee'],
    ['Their CSM is Dana.', 'Dana Lee'],
    // The other languages memories are written in.
    ['Ihr CSM ist Priya Shah.', 'Priya Shah'],
    ['Priya Shah ist ihre Kundenbetreuerin.', 'Priya Shah'],
    ['Leur CSM est Priya Shah.', 'Priya Shah'],
    ['Responsable succès client : Priya Shah', 'Priya Shah'],
    ['Su gerente de cuenta es Priya Shah.', 'Priya Shah'],
    ['O CSM é Priya Shah.', 'Priya Shah'],
    ['Priya Shah is hun accountmanager.', 'Priya Shah'],
  ])('reads %j as %s', (text, name) => {
    expect(csmOf(text)).toBe(name);
  });

  it.each([
    // The customer's own words.
    "I'd like to talk to a CSM",
    "we don't have a CSM",
    'My CSM is Dana Lee.',
    'We want our CSM Dana Lee on the call.',
    'Elena says her CSM is Priya Shah.',
    'On 2026-05-01 Elena reported a billing issue ("I want to talk to my CSM Priya Shah about this"); escalated (ticket tkt_1).',
    'Please, I want to speak to the manager',
    // Gone, denied, asked about or only possible.
    'our CSM left the company',
    'Our CSM Priya Shah left the company.',
    'Former CSM: Priya Shah',
    'Priya Shah was their CSM until March.',
    'No CSM assigned yet.',
    'Priya Shah is not their CSM.',
    'Is Priya Shah their CSM?',
    'Maybe Priya Shah could be their CSM.',
    // No person's name.
    'CSM Notes: renewal risk',
    'CSM: TBD',
    'CSM: none',
    'The CSM is responsible for renewals.',
    'The CSM team will call on Monday.',
  ])('names no CSM in %j', (text) => {
    expect(csmOf(text)).toBeUndefined();
  });

  it('keeps the CSM an older memory names when a newer one names none', () => {
    expect(csmOf('CSM is Dana Lee', "We'd like to talk to a CSM about the renewal.")).toBe('Dana Lee');
    expect(csmOf('Their CSM: Dana Lee', 'Priya Shah is their CSM now.')).toBe('Priya Shah');
  });

  it('forgets the CSM when a newer memory says they left the role or the company', () => {
    expect(csmOf('CSM is Dana Lee', 'Dana Lee left the company in October.')).toBeUndefined();
    expect(csmOf('CSM is Dana Lee', 'Dana is no longer their CSM.')).toBeUndefined();
    expect(csmOf('Priya Shah (CSM)', 'Priya Shah resigned; a new CSM will be assigned.')).toBeUndefined();
    // A later CSM named after the leaving one is the CSM.
    expect(csmOf('CSM is Dana Lee', 'Dana Lee left the company.', 'Their CSM: Priya Shah')).toBe('Priya Shah');
    // Leaving a place or a note is not leaving the account; someone else leaving changes nothing.
    expect(csmOf('CSM is Dana Lee', 'Dana left early for the airport on Friday.')).toBe('Dana Lee');
    expect(csmOf('CSM is Dana Lee', 'Dana Lee left a note about the renewal.')).toBe('Dana Lee');
    expect(csmOf('CSM is Dana Lee', 'Sam Patel left the company.')).toBe('Dana Lee');
    expect(csmOf('CSM is Dana Lee', 'Maybe Dana Lee will leave the team next year.')).toBe('Dana Lee');
  });
});
