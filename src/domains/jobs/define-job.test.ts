import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { JOB_KINDS } from '../../server/job-kinds.ts';
import { defineJob, jobKinds } from './define-job.ts';

const payload = z.object({});
const handler = async () => {};

describe('defineJob and the registry', () => {
  it('refuses a kind id that is not `domain.verb`', () => {
    expect(() => defineJob({ kind: 'Import', payload, handler })).toThrow('must look like "domain.verb"');
    expect(() => defineJob({ kind: 'contacts.import', payload, handler })).not.toThrow();
  });

  it('refuses maxAttempts below 1 or not whole', () => {
    expect(() => defineJob({ kind: 'a.b', payload, handler, maxAttempts: 0 })).toThrow('maxAttempts');
    expect(() => defineJob({ kind: 'a.b', payload, handler, maxAttempts: 1.5 })).toThrow('maxAttempts');
  });

  it('refuses two kinds with one id', () => {
    const one = defineJob({ kind: 'a.b', payload, handler });
    expect(() => jobKinds([one, { ...one }])).toThrow('registered twice');
  });

  it('registers demo.echo in the app registry', () => {
    expect([...JOB_KINDS.keys()]).toContain('demo.echo');
  });
});
