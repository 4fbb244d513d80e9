// The deadline of the operation a Graph call belongs to. A resource's create, update or delete runs
// inside `withDeadline` (its `timeouts`), and every call it makes, however deep, sees that deadline
// without it being passed through each layer: throttled and unavailable answers are then retried
// for as long as the operation may still run (client.ts), not for a fixed number of attempts.
// Calls outside an operation (check, refresh, the commands) get OUTSIDE_OPERATION_MS.
import { AsyncLocalStorage } from "node:async_hooks";

export interface OperationScope {
  /** When the operation must be over (ms since the epoch). */
  deadline: number;
  /** Where to say that Graph is throttling, and how long the call will keep asking. */
  log?: (line: string) => void;
}

const scope = new AsyncLocalStorage<OperationScope>();

/** How long a call outside any operation keeps asking a throttling Graph: 10 minutes. */
export const OUTSIDE_OPERATION_MS = 10 * 60_000;

/**
 * Runs `fn` as an operation that must end by `deadline`. A step the topology runs inside its own
 * operation brings its own timeout, as the resource it stands for would: the inner scope wins.
 */
export function withDeadline<T>(deadline: number, log: ((line: string) => void) | undefined, fn: () => Promise<T>): Promise<T> {
  return scope.run({ deadline, log: log ?? scope.getStore()?.log }, fn);
}

/** The scope of the operation running now, or undefined outside one. */
export const currentOperation = (): OperationScope | undefined => scope.getStore();
