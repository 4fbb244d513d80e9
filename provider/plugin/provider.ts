// The entra-mto provider plugin: the SDK's provider interface over the handlers the dynamic
// resources call (handlers.ts), one per resource kind, chosen by the resource's type token. Values
// go through unchanged but for secret marks (secrets.ts); a read with no properties is an import
// (import.ts); the topology component is constructed by construct.ts.
import type { Provider } from "@pulumi/pulumi/provider";
import { isObject } from "../../contract/json";
import type { ResourceKind } from "../dynamic";
import { bareHandler } from "../handlers";
import { pluginContext } from "./configure";
import { construct } from "./construct";
import { importResource } from "./import";
import { RESOURCES, schema } from "./schema";
import { PACKAGE } from "./schema-types";
import { concealed, revealed } from "./secrets";
import { VERSION } from "../version";

export { VERSION };

/** The kind of a resource from its URN (urn:pulumi:stack::project::[parent$]entra-mto:index:Kind::name). */
export function kindOf(urn: string): ResourceKind {
  const type = urn.split("::")[2]?.split("$").pop() ?? "";
  const [pkg, module, kind] = type.split(":");
  if (pkg !== PACKAGE || module !== "index" || !(kind in RESOURCES)) throw new Error(`unknown resource type '${type}': the entra-mto plugin ${VERSION} does not know it`);
  return kind as ResourceKind;
}

const handler = (kind: ResourceKind) => bareHandler(kind, pluginContext());
const handlerOf = (urn: string) => handler(kindOf(urn));

/**
 * A create or update Graph accepted but that did not converge comes back as Pulumi's partial failure
 * (an error carrying the resource's id and properties): its properties get the same secret marks
 * as every other result.
 */
function concealedFailure(err: unknown, keys: Set<string>): unknown {
  if (!isObject(err) || typeof err.id !== "string" || !isObject(err.properties)) return err;
  return Object.assign(err, { properties: concealed(err.properties, keys) });
}

export const provider: Provider = {
  version: VERSION,
  getSchema: async () => JSON.stringify(schema(VERSION)),

  async check(urn, olds, news) {
    const n = revealed(news);
    const result = await handlerOf(urn).check!(revealed(olds).plain, n.plain);
    return { inputs: concealed(result.inputs, n.secretKeys), failures: result.failures };
  },

  async diff(id, urn, olds, news) {
    return handlerOf(urn).diff!(id, revealed(olds).plain, revealed(news).plain);
  },

  async create(urn, inputs) {
    const i = revealed(inputs);
    const result = await handlerOf(urn)
      .create(i.plain)
      .catch((err: unknown) => Promise.reject(concealedFailure(err, i.secretKeys)));
    return { id: result.id, outs: concealed(result.outs ?? {}, i.secretKeys) };
  },

  async read(id, urn, props) {
    const kind = kindOf(urn);
    const p = revealed(props);
    // The engine reads with no properties only to import: the id alone must say what to read.
    const result = Object.keys(p.plain).length === 0 ? await importResource(pluginContext(), kind, handler(kind), id) : await handler(kind).read!(id, p.plain);
    // A resource Graph no longer has is reported with an empty id (and no properties).
    return { id: result.id, props: concealed(result.props ?? {}, p.secretKeys), inputs: result.inputs && concealed(result.inputs, p.secretKeys) };
  },

  async update(id, urn, olds, news) {
    const n = revealed(news);
    const result = await handlerOf(urn).update!(id, revealed(olds).plain, n.plain).catch((err: unknown) => Promise.reject(concealedFailure(err, n.secretKeys)));
    return { outs: concealed(result.outs ?? {}, n.secretKeys) };
  },

  async delete(id, urn, props) {
    await handlerOf(urn).delete!(id, revealed(props).plain);
  },

  construct,
};
