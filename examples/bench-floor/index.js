// The floor the benchmarks divide by: `count` dynamic resources whose provider does nothing. Plain
// JavaScript (no ts-node compile on each run), like examples/bench-resources, so that the ratio of
// the two is what the entra-mto provider adds and not a constant both pay.
const pulumi = require("@pulumi/pulumi");

// Object literal with no captured modules: serialized into state like any dynamic provider.
const noop = {
  async check(_olds, news) {
    return { inputs: news };
  },
  async diff() {
    return { changes: false };
  },
  async create(inputs) {
    return { id: `noop-${inputs.index}`, outs: inputs };
  },
  async read(id, props) {
    return { id, props };
  },
  async delete() {},
};

class Noop extends pulumi.dynamic.Resource {
  constructor(name, args, opts) {
    super(noop, name, args, opts, "bench", "Noop");
  }
}

const count = new pulumi.Config().getNumber("count") ?? 100;
for (let i = 0; i < count; i++) new Noop(`noop-${i}`, { index: i });
