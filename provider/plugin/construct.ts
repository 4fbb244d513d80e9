// Construct: the topology component, declared by the plugin for programs in other languages. The
// topology's structure (tenants, owner, trust) decides which resources exist, so its inputs must be
// known when the program runs, as they are for the TypeScript component.
import * as pulumi from "@pulumi/pulumi";
import type { ConstructResult } from "@pulumi/pulumi/provider";
import type { MultiTenantOrganizationTopologyArgs } from "../topology/topology";
import { PluginTopology } from "./resources";
import { TOPOLOGY } from "./schema";
import { knownValue } from "./sdk-seams";

async function knownArgs(type: string, inputs: pulumi.Inputs): Promise<MultiTenantOrganizationTopologyArgs> {
  const args = await knownValue(pulumi.output(inputs) as pulumi.Output<MultiTenantOrganizationTopologyArgs>);
  if (args === undefined) {
    throw new Error(`${type}: its inputs must be known when the program runs (they decide which resources exist); give them as values, not outputs of other resources`);
  }
  return args;
}

export async function construct(name: string, type: string, inputs: pulumi.Inputs, options: pulumi.ComponentResourceOptions): Promise<ConstructResult> {
  if (type !== TOPOLOGY) throw new Error(`unknown component type '${type}': the entra-mto plugin constructs ${TOPOLOGY} only`);
  const topology = new PluginTopology(name, await knownArgs(type, inputs), options);
  return { urn: topology.urn, state: { tenants: topology.tenants } };
}
