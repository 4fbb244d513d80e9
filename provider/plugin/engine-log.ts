// Progress lines. The engine hides what a (non-dynamic) provider plugin prints, so the lines
// the context's log() writes would never be seen on stdout: once the plugin has announced its port,
// they go to the engine's Log service instead, shown among the stack's diagnostics as the dynamic
// resources' lines are.
import * as engproto from "@pulumi/pulumi/proto/engine_pb";
import * as engrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import { grpc } from "./grpc";

/** The engine's address: the first argument that is not a flag (as the SDK's server reads it). */
export function engineAddress(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--tracing") i++;
    else if (!args[i].startsWith("-")) return args[i];
  }
  return undefined;
}

/** A line writer to the engine's Log service at `address`. */
export function engineLog(address: string): (line: string) => void {
  const engine = new engrpc.EngineClient(address, grpc.credentials.createInsecure());
  let last: Promise<void> = Promise.resolve();
  return (message: string) => {
    const req = new engproto.LogRequest();
    req.setSeverity(engproto.LogSeverity.INFO);
    req.setMessage(message);
    req.setUrn("");
    // In order, one at a time; a line the engine cannot take goes to stderr (the plugin's log).
    last = last.then(() => new Promise<void>((resolve) => engine.log(req, (err) => (err ? (process.stderr.write(`${message}\n`), resolve()) : resolve()))));
  };
}
