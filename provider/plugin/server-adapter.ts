// Two gaps of the SDK's provider server (3.259), closed around its gRPC handlers rather than by a
// server of our own:
// - Configure is acknowledged without telling the provider anything: the wrapped handler first
//   applies the configuration (configure.ts), then answers as the SDK does (accepting secrets,
//   resources and outputs, which constructing components needs).
// - Read assumes properties, but the engine sends none to import: they become an empty object,
//   which the provider takes as an import (import.ts).
import { applyVariables } from "./configure";
import { Struct, grpc } from "./grpc";

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
