// The topology's children inside the plugin: the plugin's own custom resource types
// (`entra-mto:index:<Kind>`), so a component constructed by the plugin holds resources any program
// can also declare, import and refresh, rather than dynamic resources that need a Node program.
import * as pulumi from "@pulumi/pulumi";
import type { ProviderContext } from "../context";
import type { ResourceKind } from "../dynamic";
import { pluginContext } from "./configure";
import { MultiTenantOrganizationTopology, type TopologyChildKind } from "../topology/topology";
import { RESOURCES } from "./schema";
import { token } from "./schema-types";

/** A custom resource of the plugin: its outputs are declared so they appear on the object. */
export class PluginResource extends pulumi.CustomResource {
  constructor(kind: ResourceKind, name: string, args: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    const outputs = Object.fromEntries(Object.keys(RESOURCES[kind].outputs).map((k) => [k, undefined]));
    super(token(kind), name, { ...outputs, ...args }, opts);
  }
}

/** The topology component with the plugin's resource types as children; its logic is topology.ts's. */
export class PluginTopology extends MultiTenantOrganizationTopology {
  protected override context(): ProviderContext {
    return pluginContext();
  }

  protected override child<K extends TopologyChildKind>(kind: K, name: string, args: object, opts: pulumi.CustomResourceOptions): never {
    return new PluginResource(kind, name, args as pulumi.Inputs, opts) as never;
  }
}
