import { userInfo } from 'node:os';

/** The label CLI actions are recorded under: `cli:<os user>` (or `cli` where there is no user). */
export function operatorLabel(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}
