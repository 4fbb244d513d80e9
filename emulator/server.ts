// HTTP plumbing (Fastify over HTTPS): identity endpoints, the Graph paths under /v1.0 and /beta,
// and the loopback-only admin API under /_emulator. Each handler translates and delegates.
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { GraphError } from "./model/errors";
import type { World } from "./model/world";
import type { FaultConfig } from "./faults";
import { type GraphVersion, errorResponse } from "./graph/dispatch";
import type { Emulator } from "./emulator";
import { criticalPathMs } from "./jobs";
import type { IdentityService } from "./identity";
import type { TlsMaterial } from "./tls";

const isLoopback = (addr = "") => addr === "::1" || /^(::ffff:)?127\./.test(addr);

function sendGraphError(reply: FastifyReply, req: FastifyRequest, err: GraphError) {
  const r = errorResponse(err, { headers: req.headers as Record<string, string> }, randomUUID());
  return reply.code(r.status).headers(r.headers).send(r.body);
}

export function buildServer(emulator: Emulator, identity: IdentityService, tls: TlsMaterial): FastifyInstance {
  const app = Fastify({ https: { key: tls.key, cert: tls.cert }, logger: false, bodyLimit: 4 * 1024 * 1024 });

  // Bodies are parsed here so malformed JSON gets Graph's error, not Fastify's.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "string" }, (_req, body, done) => done(null, body));

  const parseJson = (raw: unknown): { ok: true; value: unknown } | { ok: false } => {
    if (raw === undefined || raw === "") return { ok: true, value: undefined };
    try {
      return { ok: true, value: JSON.parse(String(raw)) };
    } catch {
      return { ok: false };
    }
  };

  // ---- identity ----
  app.get("/:tenant/v2.0/.well-known/openid-configuration", async (req) => {
    emulator.recordOther("GET", "/{tenant}/v2.0/.well-known/openid-configuration", 200);
    return identity.openIdConfiguration((req.params as { tenant: string }).tenant);
  });
  app.get("/common/discovery/v2.0/keys", async () => identity.jwks());
  app.post("/:tenant/oauth2/v2.0/token", async (req, reply) => {
    const form = Object.fromEntries(new URLSearchParams(String(req.body ?? "")));
    const correlationId = (req.query as Record<string, string>)["client-request-id"] ?? randomUUID();
    const result = await identity.token(emulator.state.world, (req.params as { tenant: string }).tenant, form, correlationId);
    emulator.recordOther("POST", "/{tenant}/oauth2/v2.0/token", result.status);
    return reply.code(result.status).header("Cache-Control", "no-store").send(result.body);
  });

  // ---- Graph ----
  const graph = (version: GraphVersion) => async (req: FastifyRequest, reply: FastifyReply) => {
    const [rawPath, rawQuery = ""] = req.url.split("?", 2);
    const path = decodeURIComponent(rawPath.slice(version.length + 1));
    const principal = await identity.principal(req.headers.authorization);
    if (!principal) {
      const message = req.headers.authorization ? "Access token validation failure. Invalid audience, signature or expiry." : "Access token is empty.";
      return sendGraphError(reply, req, new GraphError(401, "InvalidAuthenticationToken", message));
    }
    const body = parseJson(req.body);
    if (!body.ok) {
      return sendGraphError(
        reply,
        req,
        new GraphError(400, "BadRequest", "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format."),
      );
    }
    const outcome = emulator.graph(
      version,
      { method: req.method, path, query: Object.fromEntries(new URLSearchParams(rawQuery)), headers: req.headers as Record<string, string>, body: body.value },
      principal,
    );
    if (outcome.delayMs) await sleep(outcome.delayMs);
    if (outcome.drop) {
      req.raw.socket.destroy();
      return reply.hijack();
    }
    const { status, headers, body: out } = outcome.response;
    return reply.code(status).headers(headers).send(out);
  };
  for (const version of ["v1.0", "beta"] as const) {
    app.all(`/${version}/*`, graph(version));
  }

  // ---- administration (loopback only) ----
  app.register(
    async (admin) => {
      admin.addHook("onRequest", async (req, reply) => {
        if (!isLoopback(req.socket.remoteAddress)) return reply.code(403).send({ error: "the admin API answers loopback clients only" });
        // A Graph token here is a Graph client gone astray, or a caller hoping a token grants more:
        // refused. (The CI token services take their runners' own bearer tokens, which are not Graph's.)
        if (await identity.principal(req.headers.authorization)) return reply.code(403).send({ error: "the admin API does not accept Graph tokens" });
      });
      const json = (req: FastifyRequest) => {
        const parsed = parseJson(req.body);
        if (!parsed.ok) throw new GraphError(400, "BadRequest", "Request body is not valid JSON.");
        return parsed.value as Record<string, unknown> | undefined;
      };
      admin.setErrorHandler((err, req, reply) => {
        if (err instanceof GraphError) return sendGraphError(reply, req, err);
        return reply.code(500).send({ error: String((err as Error).message) });
      });
      admin.post("/reset", async (req) => (emulator.reset((json(req)?.world as World | undefined) ?? undefined), { ok: true }));
      admin.put("/world", async (req) => (emulator.reset(json(req) as unknown as World), { ok: true }));
      admin.get("/state", async () => ({ now: emulator.clock.now(), state: emulator.state }));
      admin.post("/clock/advance", async (req) => ({ now: emulator.advance(Number(json(req)?.ms)) }));
      admin.get("/clock", async () => ({ now: emulator.clock.now(), manual: "advance" in emulator.clock }));
      admin.put("/faults", async (req) => (emulator.setFaults(json(req) as unknown as FaultConfig), emulator.faults.config()));
      admin.delete("/faults", async () => (emulator.faults.clear(), { ok: true }));
      admin.get("/requests", async () => ({ counters: emulator.counters, log: emulator.log }));
      admin.delete("/requests", async () => (emulator.clearLog(), { ok: true }));
      // Graph's asynchronous jobs with their times, and the critical path they make (jobs.ts).
      admin.get("/jobs", async () => ({ now: emulator.clock.now(), jobs: emulator.jobs.records, criticalPathMs: criticalPathMs(emulator.jobs.records) }));
      // CI systems' token services, as their credentials call them: GitHub Actions
      // (ACTIONS_ID_TOKEN_REQUEST_URL) and Azure Pipelines (SYSTEM_OIDCREQUESTURI). The subject a
      // pipeline would get is part of the URL the test or demo sets.
      admin.get("/ci/github", async (req) => {
        const q = req.query as Record<string, string>;
        return { value: await identity.federatedToken(q.subject ?? "", q.audience) };
      });
      admin.post("/ci/azure-pipelines/:subject", async (req) => ({
        oidcToken: await identity.federatedToken(decodeURIComponent((req.params as { subject: string }).subject)),
      }));
      admin.post("/federation/token", async (req) => {
        const body = json(req) ?? {};
        if (typeof body.subject !== "string") throw new GraphError(400, "BadRequest", "Property 'subject' is required.");
        return { token: await identity.federatedToken(body.subject, body.audience as string | undefined, body.lifetimeSeconds as number | undefined) };
      });
    },
    { prefix: "/_emulator" },
  );

  app.setNotFoundHandler((req, reply) => sendGraphError(reply, req, new GraphError(404, "NotFound", `No route for ${req.method} ${req.url.split("?")[0]}.`)));
  return app;
}
