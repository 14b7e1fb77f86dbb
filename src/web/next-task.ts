/**
 * The "next task" flow: after the manager acts on `current` from its page, where she goes next.
 * `before` and `after` are her open list's task ids, in the list's order, read just before and
 * just after the action. Next is the first task still open that stood after `current` before;
 * when none did, the first still open (ones she passed over, or that arrived meanwhile); null
 * when the list is empty: she is done for today.
 */
export function nextTaskId(before: readonly string[], after: readonly string[], current: string): string | null {
  const position = before.indexOf(current);
  const open = after.filter((id) => id !== current);
  return open.find((id) => before.indexOf(id) > position) ?? open[0] ?? null;
}
