// The tenant's cross-tenant access policy object and its default configuration.
import { type DefaultConfiguration, PARTNER_SETTING_KEYS, SERVICE_FILLED_KEYS } from "../../../contract/wire";
import { type EmulatorState, tenantState } from "../state";
import { serviceDefaultConfiguration } from "./defaults";
import { normalizeSettings } from "./settings";

const DEFAULT_WRITABLE = [...PARTNER_SETTING_KEYS, ...SERVICE_FILLED_KEYS, "invitationRedemptionIdentityProviderConfiguration"] as const;

export const getPolicy = (state: EmulatorState, tenantId: string) => tenantState(state, tenantId).policy;

export function patchPolicy(state: EmulatorState, tenantId: string, body: Record<string, unknown>): void {
  const t = tenantState(state, tenantId);
  if ("displayName" in body && body.displayName !== null) t.policy.displayName = body.displayName as string;
  if ("description" in body) t.policy.description = body.description as string | null;
  if (Array.isArray(body.allowedCloudEndpoints)) t.policy.allowedCloudEndpoints = body.allowedCloudEndpoints as string[];
}

export const getDefaultConfiguration = (state: EmulatorState, tenantId: string): DefaultConfiguration => tenantState(state, tenantId).defaultConfiguration;

/** Any change makes the default a customised one (isServiceDefault false) until it is reset. */
export function patchDefaultConfiguration(state: EmulatorState, tenantId: string, body: Record<string, unknown>): void {
  const t = tenantState(state, tenantId);
  const settings = normalizeSettings(body);
  for (const key of DEFAULT_WRITABLE) if (key in settings) (t.defaultConfiguration as unknown as Record<string, unknown>)[key] = settings[key];
  t.defaultConfiguration.isServiceDefault = false;
}

export function resetDefaultConfiguration(state: EmulatorState, tenantId: string): void {
  tenantState(state, tenantId).defaultConfiguration = serviceDefaultConfiguration();
}
