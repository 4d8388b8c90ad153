import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/migrate', import.meta.url));

describe('CLI output', () => {
  it('a reader that closes stdout early (| head) costs the output, not an EPIPE crash', async () => {
    const child = spawn(process.execPath, [BIN, 'copy', '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    // The reader is gone before the CLI writes: every write gets EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(0);
  });
});
