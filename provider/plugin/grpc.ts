// Modules the SDK's provider server itself uses (resolved from @pulumi/pulumi's own location, so a
// copy nested under it in a user's node_modules is the one wrapped and used).
import type * as grpcModule from "@grpc/grpc-js";
import * as path from "node:path";

const sdkDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));

/** `require` as the SDK resolves modules; `resolve` gives a module's file there. */
export const sdkRequire = Object.assign((id: string) => require(require.resolve(id, { paths: [sdkDir] })), {
  resolve: (id: string) => require.resolve(id, { paths: [sdkDir] }),
});

export const grpc: typeof grpcModule = sdkRequire("@grpc/grpc-js");
export const Struct: { fromJavaScript(value: object): unknown } = sdkRequire("google-protobuf/google/protobuf/struct_pb").Struct;
