/**
 * Whether a JSON value has more than `max` levels of arrays and objects (the value itself is
 * level 1 when it is one). Iterative, so that no depth of nesting can exhaust the stack; stops at
 * the first container past the limit.
 */
export function jsonNestingOver(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [item, depth] = stack.pop()!;
    if (typeof item !== 'object' || item === null) continue;
    if (depth > max) return true;
    for (const child of Array.isArray(item) ? item : Object.values(item)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}
