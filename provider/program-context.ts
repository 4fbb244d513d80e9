// The context of a program's own process: the topology component and lookupTenant read the stack
// configuration there (the same the engine later gives the providers) to check the declaration
// and find tenants. Built on first use and kept for the program's run: a program is one face, as
// the dynamic-provider process and the plugin are.
import * as pulumi from "@pulumi/pulumi";
import { ProviderContext } from "./context";

let programs: ProviderContext | undefined;

export function programContext(): ProviderContext {
  programs ??= ProviderContext.configure((key) => pulumi.runtime.getConfig(key));
  return programs;
}
