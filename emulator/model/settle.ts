// What the passage of time does to the state, applied before each request and when the manual
// clock moves: due jobs complete, due synchronization cycles run, and deleted items past their 30
// days are purged.
import { purgeDeletedUsers } from "./directory";
import { applyDueJobs } from "./mto";
import type { EmulatorState } from "./state";
import { settleSync } from "./sync/cycle";
import { purgeExpiredDeletedItems } from "./xtap/deleted-items";

export function settle(state: EmulatorState, now: number): void {
  applyDueJobs(state, now);
  settleSync(state, now);
  purgeExpiredDeletedItems(state, now);
  purgeDeletedUsers(state, now);
}
