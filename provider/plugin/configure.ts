// Provider configuration: the engine's Configure `variables` (keyed `entra-mto:config:<key>`, every
// value a string, secrets revealed) go to context.ts configure() under the names the dynamic
// resources read from stack configuration (`entra-mto:<key>`).
import { configure as configureContext } from "../context";

export function applyVariables(variables: { get(key: string): string | undefined }): void {
  configureContext((key) => variables.get(key.replace(/^entra-mto:/, "entra-mto:config:")));
}
