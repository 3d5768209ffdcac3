/**
 * Issue 25: a file problem is said one way and keeps the system error as its cause; VSTOR_DEBUG=1 prints the
 * chain.
 */
import { describe, expect, it } from 'vitest';
import { fileProblem, InputError } from '../src/errors.ts';
import { vstor } from './helpers/cli.ts';

describe('file problems', () => {
  it('are one sentence with the system error kept as the cause', () => {
    const enoent = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });
    const e = fileProblem('--plan site.yaml', enoent, { expected: 'a plan file' });
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toBe('--plan site.yaml: no such file; expected a plan file');
    expect(e.cause).toBe(enoent);
    expect(fileProblem('keys/', Object.assign(new Error('x'), { code: 'EACCES' }), { kind: 'folder' }).message).toBe('keys/: cannot read (EACCES)');
  });

  it('print their chain of causes with VSTOR_DEBUG=1', () => {
    const r = vstor(['plan', '--plan', 'no/such/plan.yaml'], { env: { VSTOR_DEBUG: '1' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^vstor: --plan no\/such\/plan\.yaml: no such file\n/);
    expect(r.stderr).toMatch(/caused by: Error: ENOENT: no such file or directory/);
  });
});
