import { createTestApp, TestApp } from '../app';

/** The app with its own intervals off: tests run the promoter themselves, at the clock they set. */
export function createTasksApp(now = '2026-06-15T12:00:00Z'): Promise<TestApp> {
  return createTestApp({ now, env: { TASKS_INTERVAL_SECONDS: '0', PLANNER_INTERVAL_SECONDS: '0' } });
}
