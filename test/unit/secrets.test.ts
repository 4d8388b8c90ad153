import { describe, expect, it } from 'vitest';
import { redact, registerSecret } from '../../src/secrets.js';

describe('redact', () => {
  it('masks registered secrets, also URL-encoded', () => {
    registerSecret("p;@'%long");
    expect(redact("login p;@'%long failed")).toBe('login *** failed');
    expect(redact(`url ${encodeURIComponent("p;@'%long")}`)).toBe('url ***');
  });

  it('masks short secrets only as whole tokens', () => {
    registerSecret('x1');
    expect(redact('password x1 in box1x1y')).toBe('password *** in box1x1y');
  });

  it('masks credentials in URLs and key=value strings it never saw', () => {
    expect(redact('postgres://bob:hunter2@db:5432/x')).toBe('postgres://bob:***@db:5432/x');
    expect(redact('Server=a;Password=hunter2;Database=b')).toBe('Server=a;Password=***;Database=b');
    expect(redact("Server=a;PWD='x;y'")).toBe('Server=a;PWD=***');
  });
});
