import { JsonLogger } from './json-logger';
import { requestContext } from './request-context';

describe('JsonLogger', () => {
  it('writes one JSON object a line with level, context and the request id', () => {
    const lines: string[] = [];
    const logger = new JsonLogger('log', (line) => lines.push(line));
    requestContext.run({ requestId: 'req-1' }, () => logger.log('planned 3 touches', 'Planner'));
    logger.error('boom', 'Error: boom\n    at x', 'Dispatch');
    logger.debug('hidden at level log', 'Planner');
    expect(lines).toHaveLength(2);
    const [first, second] = lines.map((line) => JSON.parse(line));
    expect(first).toMatchObject({ level: 'log', context: 'Planner', msg: 'planned 3 touches', requestId: 'req-1' });
    expect(second).toMatchObject({ level: 'error', context: 'Dispatch', msg: 'boom', stack: expect.stringContaining('at x') });
    expect(second).not.toHaveProperty('requestId');
    expect(lines.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n'))).toBe(true);
  });

  it('spreads structured messages into the entry', () => {
    const lines: string[] = [];
    new JsonLogger('debug', (line) => lines.push(line)).debug({ msg: 'request', route: '/me', status: 200 }, 'HTTP');
    expect(JSON.parse(lines[0])).toMatchObject({ msg: 'request', route: '/me', status: 200, context: 'HTTP', level: 'debug' });
  });
});
