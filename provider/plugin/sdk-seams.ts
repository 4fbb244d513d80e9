// The only places where the plugin relies on the SDK's internals rather than its public surface,
// each kept here with the check that tells when the SDK has moved. `sdkSeamProblems()` is run by
// the tests against the lowest and the highest @pulumi/pulumi of the peer range.
//
// 1. The SDK's provider server (3.139 to 3.259) acknowledges Configure without telling the provider
//    its settings, and assumes Read carries properties, which an import does not send. Its gRPC
//    handlers are wrapped as the server registers them: Configure applies the settings first
//    (configure.ts); Read gets an empty object, which the provider takes as an import (import.ts).
// 2. A constructed component's inputs arrive as Outputs; whether they are known at preview has no
//    public accessor, so `knownValue` reads the Output's own `isKnown` and `promise()`.
import * as pulumi from "@pulumi/pulumi";
import * as fs from "node:fs";
import { applyVariables } from "./configure";
import { Struct, grpc, sdkRequire } from "./grpc";

type Call = { request: any };
type Callback = (err: Error | null, value?: unknown) => void;
type Handler = (call: Call, callback: Callback) => void;

const WRAPPERS: Record<string, (original: Handler) => Handler> = {
  configure: (original) => (call, callback) => {
    try {
      applyVariables(call.request.getVariablesMap());
    } catch (err) {
      return callback(err as Error);
    }
    original(call, callback);
  },
  read: (original) => (call, callback) => {
    if (!call.request.getProperties()) call.request.setProperties(Struct.fromJavaScript({}));
    original(call, callback);
  },
};

/** Wraps the handlers of the next ResourceProvider service registered (by the SDK's main). */
export function adaptProviderServer(): void {
  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (service, implementation) {
    const impl = implementation as Record<string, unknown>;
    if ("configure" in service && "read" in service) {
      for (const [name, wrap] of Object.entries(WRAPPERS)) {
        if (typeof impl[name] === "function") impl[name] = wrap((impl[name] as Handler).bind(implementation));
      }
    }
    return addService.call(this, service, implementation);
  };
}

/** What the SDK's Output carries besides its public surface. */
interface OutputState<T> {
  isKnown: Promise<boolean>;
  promise(): Promise<T>;
}

/** The value of an Output, or undefined while it is not known (a preview). */
export async function knownValue<T>(output: pulumi.Output<T>): Promise<T | undefined> {
  const state = output as unknown as OutputState<T>;
  return (await state.isKnown) ? state.promise() : undefined;
}

/** The method of the SDK provider server's class, as its compiled source reads (for the checks). */
function serverMethod(name: string): string {
  const source = fs.readFileSync(sdkRequire.resolve("@pulumi/pulumi/provider/server.js"), "utf8");
  const start = source.search(new RegExp(`\\n    (async )?${name}\\(call, callback\\) \\{`));
  if (start < 0) return "";
  const end = source.indexOf("\n    }\n", start);
  return source.slice(start, end);
}

/**
 * What no longer holds of the seams above, one line each; empty while the SDK is as they assume.
 * A line means the SDK moved: the seam is to be changed (or, where the gap closed, removed).
 */
export async function sdkSeamProblems(): Promise<string[]> {
  const problems: string[] = [];
  if (typeof grpc.Server?.prototype?.addService !== "function") problems.push("the SDK's gRPC module has no Server.prototype.addService to wrap");
  const configure = serverMethod("configure");
  if (!configure) problems.push("the SDK's provider server has no configure handler to wrap");
  else if (/this\.provider\.configure|getVariables/.test(configure)) problems.push("the SDK's provider server now passes Configure's settings on: remove the configure wrapper");
  const read = serverMethod("read");
  if (!read) problems.push("the SDK's provider server has no read handler to wrap");
  else if (!/req\.getProperties\(\)\.toJavaScript\(\)/.test(read)) problems.push("the SDK's provider server reads Read's properties differently: check the import wrapper");
  const o = pulumi.output(1) as unknown as Partial<OutputState<unknown>>;
  if (!(o.isKnown instanceof Promise) || typeof o.promise !== "function") problems.push("the SDK's Output has no isKnown promise and promise(): change knownValue");
  else if ((await o.isKnown) !== true || (await o.promise()) !== 1) problems.push("the SDK's Output isKnown and promise() no longer mean what knownValue reads");
  return problems;
}
