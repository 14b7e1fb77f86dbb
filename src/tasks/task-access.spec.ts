import { Principal } from '../common/domain';
import { decideTaskAccess, TaskAction } from './task-access';
import { TaskState } from './task.entity';

const admin: Principal = { staffId: 'a', role: 'admin', name: 'Admin' };
const me: Principal = { staffId: 'm', role: 'manager', name: 'Me' };

describe('decideTaskAccess', () => {
  const cases: [
    string,
    Principal,
    string | null,
    TaskState,
    TaskAction,
    string | null | undefined,
    'ok' | 'not_found' | 'forbidden' | 'conflict',
  ][] = [
    ['manager completes own open task', me, 'm', 'open', 'complete', undefined, 'ok'],
    ["manager completes another's task: 404, as an unknown id", me, 'x', 'open', 'complete', undefined, 'not_found'],
    ["manager views another's task", me, 'x', 'open', 'view', undefined, 'not_found'],
    ["manager acts on another's closed task: 404, not 409", me, 'x', 'done', 'snooze', undefined, 'not_found'],
    ["manager notes another's task", me, 'x', 'open', 'note', undefined, 'not_found'],
    ['manager completes a pool task without claiming', me, null, 'open', 'complete', undefined, 'forbidden'],
    ['manager views a pool task', me, null, 'open', 'view', undefined, 'ok'],
    ['manager claims a pool task', me, null, 'open', 'claim', undefined, 'ok'],
    ["manager claims another's task", me, 'x', 'open', 'claim', undefined, 'not_found'],
    ['manager claims own task', me, 'm', 'open', 'claim', undefined, 'conflict'],
    ['manager hands own task to the pool', me, 'm', 'open', 'reassign', null, 'ok'],
    ['manager hands own task to a colleague', me, 'm', 'open', 'reassign', 'x', 'forbidden'],
    ['manager completes own closed task', me, 'm', 'done', 'complete', undefined, 'conflict'],
    ['manager notes own closed task', me, 'm', 'skipped', 'note', undefined, 'ok'],
    ['admin reassigns anyone to anyone', admin, 'x', 'open', 'reassign', 'y', 'ok'],
    ['admin completes a pool task', admin, null, 'open', 'complete', undefined, 'ok'],
    ['admin claims an assigned task', admin, 'x', 'open', 'claim', undefined, 'conflict'],
    ['admin skips a done task', admin, 'x', 'done', 'skip', undefined, 'conflict'],
  ];
  it.each(cases)('%s', (_name, principal, assignee, state, action, to, expected) => {
    const decision = decideTaskAccess(principal, { assigneeStaffId: assignee, state }, action, to);
    expect(decision.ok ? 'ok' : decision.kind).toBe(expected);
  });
});
