// Modules the SDK's provider server itself uses (resolved from @pulumi/pulumi's own location, so a
// copy nested under it in a user's node_modules is the one patched and used).
import type * as grpcModule from "@grpc/grpc-js";
import * as path from "node:path";

const sdkDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const sdkRequire = (id: string) => require(require.resolve(id, { paths: [sdkDir] }));

export const grpc: typeof grpcModule = sdkRequire("@grpc/grpc-js");
export const Struct: { fromJavaScript(value: object): unknown } = sdkRequire("google-protobuf/google/protobuf/struct_pb").Struct;
