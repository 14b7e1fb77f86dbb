import { runsPeriodicJobs } from './periodic-job';

describe('runsPeriodicJobs', () => {
  it.each([
    ['worker', true],
    ['all', true],
    ['api', false],
  ] as const)('APP_ROLE=%s → %s', (role, expected) => {
    expect(runsPeriodicJobs(role)).toBe(expected);
  });
});
