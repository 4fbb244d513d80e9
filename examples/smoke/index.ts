// The smallest program that exercises the whole engine path: language host, a dynamic resource,
// the dynamic-provider process, state. It reports which Node ran the program and the provider.
import * as pulumi from "@pulumi/pulumi";

interface ProbeInputs {
  message: string;
}
interface ProbeOutputs extends ProbeInputs {
  providerNodeVersion: string;
}

// Object literal, no captured modules: the provider is serialized into state and run elsewhere.
const probeProvider: pulumi.dynamic.ResourceProvider<ProbeInputs, ProbeOutputs> = {
  async create(inputs) {
    return { id: `probe-${Date.now()}`, outs: { ...inputs, providerNodeVersion: process.version } };
  },
  async read(id, props) {
    return { id, props: { ...(props as ProbeOutputs), providerNodeVersion: process.version } };
  },
  async diff(_id, olds, news) {
    return { changes: olds.message !== news.message };
  },
  async update(_id, _olds, news) {
    return { outs: { ...news, providerNodeVersion: process.version } };
  },
};

class RuntimeProbe extends pulumi.dynamic.Resource {
  declare readonly message: pulumi.Output<string>;
  declare readonly providerNodeVersion: pulumi.Output<string>;
  constructor(name: string, args: { message: pulumi.Input<string> }, opts?: pulumi.CustomResourceOptions) {
    super(probeProvider, name, { ...args, providerNodeVersion: undefined }, opts, "smoke", "RuntimeProbe");
  }
}

const config = new pulumi.Config();
const probe = new RuntimeProbe("probe", { message: config.get("message") ?? "hello from pulumi-entra-mto" });

export const message = probe.message;
export const providerNodeVersion = probe.providerNodeVersion;
export const programNodeVersion = process.version;
