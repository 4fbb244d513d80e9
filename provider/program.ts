// The program for an organization declared in configuration alone: a project whose Pulumi.yaml
// names this file as `main` manages the topology in stack configuration (`entra-mto:topology`,
// the arguments of MultiTenantOrganizationTopology as an object), and writes no code.
import * as pulumi from "@pulumi/pulumi";
import { MultiTenantOrganizationTopology, type MultiTenantOrganizationTopologyArgs } from "./topology/topology";

const config = new pulumi.Config("entra-mto");
const topology = config.requireObject<MultiTenantOrganizationTopologyArgs>("topology");
const organization = new MultiTenantOrganizationTopology(config.get("topologyName") ?? "organization", topology);

export const tenantStates = organization.tenants;
