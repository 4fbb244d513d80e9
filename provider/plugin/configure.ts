// Provider configuration: the engine's Configure `variables` (keyed `entra-mto:config:<key>`, every
// value a string, secrets revealed) build the plugin's context under the names the dynamic
// resources read from stack configuration (`entra-mto:<key>`). The plugin process serves one
// provider: this face keeps its context, and hands it to the handlers it calls.
import { type LineSink, ProviderContext } from "../context";

let configured: ProviderContext | undefined;
/** Where progress lines go once the engine's address is known (engine-log.ts); stdout before. */
let lines: LineSink | undefined;

export function applyVariables(variables: { get(key: string): string | undefined }): ProviderContext {
  configured = ProviderContext.configure((key) => variables.get(key.replace(/^entra-mto:/, "entra-mto:config:")), configured, lines);
  return configured;
}

/** Sends the progress lines of every context configured from now on to `sink`. */
export function sendLinesTo(sink: LineSink): void {
  lines = sink;
}

/** The plugin's context; the engine configures a provider before it calls one. */
export function pluginContext(): ProviderContext {
  if (!configured) throw new Error("pulumi-entra-mto was used before it was configured: the engine calls Configure first");
  return configured;
}
