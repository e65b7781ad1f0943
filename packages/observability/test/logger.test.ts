import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { createLogger, withRequestId } from '@shopgraph/observability';

/** Subgraph resolvers log through the process logger: the request id comes from the request scope. */
describe('logger', () => {
  const capture = () => {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    return { lines, logger: createLogger('test', 'info', destination) };
  };

  it('stamps each line written within a request, also after awaits, with that request id', async () => {
    const { lines, logger } = capture();
    await Promise.all(
      ['req-1', 'req-2'].map((id) =>
        withRequestId(id, async () => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          logger.warn({ token: 'secret' }, `in ${id}`);
        }),
      ),
    );
    logger.info('outside');
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.find((l) => l.msg === 'in req-1')).toMatchObject({ requestId: 'req-1', service: 'test', token: '[redacted]' });
    expect(lines.find((l) => l.msg === 'in req-2')).toMatchObject({ requestId: 'req-2' });
    expect(lines.find((l) => l.msg === 'outside')).not.toHaveProperty('requestId');
  });
});
