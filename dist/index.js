// server/app.ts
import express4 from "express";

// server/admin/routes.ts
import { Router } from "express";
import { z as z4 } from "zod";

// src/lib/shared/accounts.ts
import { z as z2 } from "zod";

// src/lib/shared/api.ts
import { z } from "zod";
var errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() })
});
var USERNAME_PATTERN = /^[\p{L}\p{N}._-]+$/u;
var PASSWORD_MIN_LENGTH = 8;
var credentialsSchema = z.object({
  username: z.string().trim().min(1).max(64).regex(USERNAME_PATTERN, {
    message: "use letters, digits, dots, dashes and underscores"
  }),
  password: z.string().min(PASSWORD_MIN_LENGTH, { message: `at least ${PASSWORD_MIN_LENGTH} characters` }).max(1024)
});
var publicUserSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  isAdmin: z.boolean()
});
var sessionResponseSchema = z.object({ token: z.string(), user: publicUserSchema });
var setupStatusSchema = z.object({ needsSetup: z.boolean(), signupEnabled: z.boolean() });

// src/lib/shared/accounts.ts
var deviceField = { device: z2.string().trim().min(1).max(64).optional() };
var loginSchema = credentialsSchema.extend(deviceField);
var signupSchema = credentialsSchema.extend({
  ...deviceField,
  invitation: z2.string().min(1).max(200).optional()
});
var invitationCreateSchema = z2.object({
  expiresInHours: z2.number().int().min(1).max(24 * 30).default(72),
  admin: z2.boolean().default(false)
}).strict();
var invitationStatusSchema = z2.enum(["open", "used", "expired", "revoked"]);
var invitationSchema = z2.object({
  id: z2.number().int(),
  admin: z2.boolean(),
  createdAt: z2.number(),
  expiresAt: z2.number(),
  usedBy: z2.string().nullable(),
  status: invitationStatusSchema
});
var createdInvitationSchema = z2.object({
  id: z2.number().int(),
  token: z2.string(),
  url: z2.string(),
  expiresAt: z2.number()
});
var invitationListSchema = z2.object({ invitations: z2.array(invitationSchema) });
var deviceSessionSchema = z2.object({
  id: z2.number().int(),
  device: z2.string(),
  createdAt: z2.number(),
  lastSeenAt: z2.number(),
  current: z2.boolean()
});
var deviceSessionListSchema = z2.object({ sessions: z2.array(deviceSessionSchema) });
var usernameChangeSchema = credentialsSchema.pick({ username: true }).strict();
var accountDeleteSchema = z2.object({ password: z2.string().min(1).max(1024) }).strict();
var adminUserSchema = z2.object({
  id: z2.number().int(),
  username: z2.string(),
  isAdmin: z2.boolean(),
  disabled: z2.boolean(),
  createdAt: z2.number()
});
var adminUserListSchema = z2.object({ users: z2.array(adminUserSchema) });
var adminUserCreateSchema = credentialsSchema.extend({ isAdmin: z2.boolean().default(false) }).strict();
var adminUserPatchSchema = z2.object({ disabled: z2.boolean(), isAdmin: z2.boolean() }).partial().strict().refine((patch) => Object.keys(patch).length > 0, { message: "name disabled or isAdmin" });
var adminPasswordSchema = z2.object({ password: z2.string().min(PASSWORD_MIN_LENGTH).max(1024) }).strict();
var meSchema = z2.object({ user: publicUserSchema });

// server/http/errors.ts
import { SqliteError } from "better-sqlite3";
import { z as z3 } from "zod";

// server/domain-errors.ts
var DomainError = class extends Error {
  constructor(kind, message, code, details) {
    super(message);
    this.kind = kind;
    this.code = code;
    this.details = details;
  }
  kind;
  code;
  details;
};
var notFound = (message = "not found") => new DomainError("not_found", message);
var conflict = (message) => new DomainError("conflict", message);
var invalid = (message, details) => new DomainError("invalid", message, void 0, details);
var forbidden = (message = "you are not allowed to do that") => new DomainError("forbidden", message);

// server/http/request-log.ts
import { randomUUID } from "node:crypto";
function requestFields(req) {
  return { id: req.id, method: req.method, path: req.originalUrl.split("?")[0] };
}
function requestLog(logger2, options) {
  return (req, res, next) => {
    const start = Date.now();
    const id = randomUUID();
    req.id = id;
    req.log = logger2;
    res.setHeader("X-Request-Id", id);
    if (!options.ignore(req.path)) {
      res.once("close", () => {
        const fields = {
          req: requestFields(req),
          res: { status: res.statusCode },
          responseTime: Date.now() - start,
          ...res.writableFinished ? {} : { aborted: true }
        };
        if (res.statusCode >= 500) logger2.error(fields, "request errored");
        else logger2.info(fields, "request completed");
      });
    }
    next();
  };
}

// server/http/errors.ts
var HttpError = class extends Error {
  constructor(status2, code, message, details, retryAfterSeconds) {
    super(message);
    this.status = status2;
    this.code = code;
    this.details = details;
    this.retryAfterSeconds = retryAfterSeconds;
  }
  status;
  code;
  details;
  retryAfterSeconds;
};
function unavailable(message, retryAfterSeconds = 2) {
  return new HttpError(503, "unavailable", message, void 0, retryAfterSeconds);
}
var TRANSIENT_SQLITE = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|READONLY|CANTOPEN|PROTOCOL|NOLFS|NOMEM|INTERRUPT)/;
function isTransientDatabaseError(err) {
  if (err instanceof SqliteError) return TRANSIENT_SQLITE.test(err.code);
  return err instanceof TypeError && /database connection is not open/.test(err.message);
}
function fromZodError(error, what = "request") {
  return new HttpError(400, "invalid_request", `invalid ${what}: ${z3.prettifyError(error)}`, error.issues);
}
function sendError(res, error) {
  if (error.retryAfterSeconds !== void 0) res.setHeader("Retry-After", String(error.retryAfterSeconds));
  if (error.status === 401) res.setHeader("WWW-Authenticate", "Bearer");
  const body = { code: error.code, message: error.message };
  if (error.details !== void 0) body.details = error.details;
  res.status(error.status).json({ error: body });
}
var DOMAIN_ANSWERS = {
  not_found: { status: 404, code: "not_found" },
  conflict: { status: 409, code: "conflict" },
  invalid: { status: 400, code: "invalid_request" },
  forbidden: { status: 403, code: "forbidden" },
  unauthenticated: { status: 401, code: "unauthenticated" },
  too_large: { status: 413, code: "payload_too_large" },
  unavailable: { status: 503, code: "unavailable" },
  upstream: { status: 502, code: "bad_gateway" }
};
function toHttpError(err) {
  if (err instanceof HttpError) return err;
  if (err instanceof DomainError) {
    const answer = DOMAIN_ANSWERS[err.kind];
    const retryAfter = err.kind === "unavailable" ? 2 : void 0;
    return new HttpError(answer.status, err.code ?? answer.code, err.message, err.details, retryAfter);
  }
  if (isTransientDatabaseError(err)) {
    return unavailable("the database is busy or unavailable; try again shortly");
  }
  const e = err;
  if (e?.type === "entity.too.large") return new HttpError(413, "payload_too_large", "the request body is too large");
  if (e?.type === "entity.parse.failed") return new HttpError(400, "invalid_request", "the body is not valid JSON");
  if (e?.type === "encoding.unsupported" || e?.type === "charset.unsupported") {
    return new HttpError(415, "invalid_request", e.message ?? "unsupported encoding");
  }
  if (typeof e?.status === "number" && e.status >= 400 && e.status < 500) {
    return new HttpError(e.status, "invalid_request", e.message ?? "bad request");
  }
  return void 0;
}
var errorHandler = (err, req, res, _next) => {
  const known = toHttpError(err);
  if (res.headersSent) {
    req.log?.error({ err, req: requestFields(req) }, "error after the response started");
    res.end();
    return;
  }
  if (known) {
    if (known.status >= 500) req.log?.warn({ err, req: requestFields(req) }, known.message);
    sendError(res, known);
    return;
  }
  req.log?.error({ err, req: requestFields(req) }, "unhandled error");
  sendError(res, new HttpError(500, "internal", `internal error (request ${String(req.id)})`));
};
var apiNotFound = (req, _res, next) => {
  next(new HttpError(404, "not_found", `no API endpoint ${req.method} ${req.path}`));
};

// server/http/validate.ts
function parse(schema, value, what = "request") {
  const result2 = schema.safeParse(value);
  if (!result2.success) throw fromZodError(result2.error, what);
  return result2.data;
}

// server/auth/sessions-repo.ts
import { createHash, randomBytes } from "node:crypto";

// server/db/statements.ts
var RawQuery = class {
  #statement;
  #toObject;
  constructor(statement) {
    this.#statement = statement.reader ? statement.raw(true) : statement;
    this.#toObject = statement.reader ? rowBuilder(statement.columns().map((c) => c.name)) : () => void 0;
  }
  run(...params) {
    return this.#statement.run(...params);
  }
  get(...params) {
    const row = this.#statement.get(...params);
    return row === void 0 ? void 0 : this.#toObject(row);
  }
  all(...params) {
    return this.#statement.all(...params).map(this.#toObject);
  }
};
function rowBuilder(columns) {
  const fields = columns.map((name2, i) => `${JSON.stringify(name2)}: row[${i}]`);
  return new Function("row", `return { ${fields.join(", ")} };`);
}
var caches = /* @__PURE__ */ new WeakMap();
function stmt(db2, sql) {
  let cache = caches.get(db2);
  if (!cache) caches.set(db2, cache = /* @__PURE__ */ new Map());
  let query = cache.get(sql);
  if (!query) cache.set(sql, query = new RawQuery(db2.prepare(sql)));
  return query;
}

// server/auth/sessions-repo.ts
var SESSION_LIFETIME_MS = 180 * 24 * 60 * 60 * 1e3;
var SESSION_TOUCH_INTERVAL_MS = 60 * 60 * 1e3;
function newToken() {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashToken(token) };
}
function hashToken(token) {
  return createHash("sha256").update(token).digest();
}
function insertSession(db2, session) {
  stmt(
    db2,
    `INSERT INTO sessions (user_id, token_hash, created_at, last_used_at, expires_at, user_agent, device_name)
		 VALUES (?, ?, ?, ?, ?, ?, ?)`
  ).run(
    session.userId,
    session.tokenHash,
    session.now,
    session.now,
    session.now + SESSION_LIFETIME_MS,
    session.userAgent?.slice(0, 300) ?? null,
    session.deviceName
  );
}
function listActiveSessions(db2, userId, now) {
  return stmt(
    db2,
    `SELECT id, created_at, last_used_at, user_agent, device_name FROM sessions
		 WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ? ORDER BY last_used_at DESC, id DESC`
  ).all(userId, now);
}
function revokeUserSession(db2, userId, sessionId, now) {
  return stmt(db2, "UPDATE sessions SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL").run(
    now,
    sessionId,
    userId
  ).changes === 1;
}
function findSession(db2, tokenHash) {
  return stmt(
    db2,
    `SELECT s.id AS session_id, s.user_id, u.username, u.is_admin, u.disabled, s.expires_at, s.last_used_at,
		        s.revoked_at
		 FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`
  ).get(tokenHash);
}
function touchSession(db2, sessionId, now) {
  stmt(db2, "UPDATE sessions SET last_used_at = ?, expires_at = ? WHERE id = ? AND revoked_at IS NULL").run(
    now,
    now + SESSION_LIFETIME_MS,
    sessionId
  );
}
function revokeSession(db2, sessionId, now) {
  stmt(db2, "UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL").run(now, sessionId);
}
function revokeUserSessions(db2, userId, keepSessionId, now) {
  return stmt(db2, "UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL AND id IS NOT ?").run(
    now,
    userId,
    keepSessionId
  ).changes;
}

// server/auth/require-auth.ts
var unauthenticated = (message) => new HttpError(401, "unauthenticated", message);
function bearerToken(header) {
  const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header ?? "");
  return match?.[1];
}
function requireAuth(db2, now, logger2, options = {}) {
  const handler = (req, _res, next) => {
    const token = bearerToken(req.headers.authorization) ?? (options.allowQueryToken && typeof req.query.token === "string" ? req.query.token : void 0);
    if (!token) return next(unauthenticated("sign in to continue"));
    let session;
    try {
      session = findSession(db2, hashToken(token));
    } catch (err) {
      return next(isTransientDatabaseError(err) ? unavailable("cannot check your session right now") : err);
    }
    const at = now();
    if (!session || session.revoked_at !== null) return next(unauthenticated("your session has ended; sign in again"));
    if (session.expires_at <= at) return next(unauthenticated("your session has expired; sign in again"));
    if (session.disabled) return next(forbidden("this account is disabled; ask the admin"));
    if (at - session.last_used_at > SESSION_TOUCH_INTERVAL_MS) slideExpiry(db2, session.session_id, at, logger2);
    req.auth = {
      userId: session.user_id,
      username: session.username,
      isAdmin: session.is_admin === 1,
      sessionId: session.session_id
    };
    next();
  };
  return handler;
}
function slideExpiry(db2, sessionId, at, logger2) {
  try {
    touchSession(db2, sessionId, at);
  } catch (err) {
    logger2.warn({ err }, "could not extend a session; will try on a later request");
  }
}
var requireAdmin = (req, _res, next) => {
  next(req.auth?.isAdmin ? void 0 : forbidden("only an admin can do that"));
};
function currentAuth(req) {
  if (!req.auth) throw new Error("requireAuth must run before this handler");
  return req.auth;
}

// server/db/version.ts
function nextVersion(db2) {
  return stmt(db2, "UPDATE sync_seq SET value = value + 1 WHERE id = 1 RETURNING value").get().value;
}
function currentVersion(db2) {
  return stmt(db2, "SELECT value FROM sync_seq WHERE id = 1").get().value;
}
function writeTransaction(db2, fn) {
  return db2.transaction(fn).immediate();
}
var transactionRunners = /* @__PURE__ */ new WeakMap();
function transactionOf(db2, mode, fn) {
  let byFn = transactionRunners.get(db2);
  if (!byFn) transactionRunners.set(db2, byFn = /* @__PURE__ */ new Map());
  let modes = byFn.get(fn);
  if (!modes) {
    const wrapped = db2.transaction(fn);
    modes = { default: wrapped, deferred: wrapped.deferred, immediate: wrapped.immediate };
    byFn.set(fn, modes);
  }
  return modes[mode];
}

// server/auth/users-repo.ts
function usernameKey(username) {
  return username.normalize("NFKC").toLowerCase();
}
function toPublicUser(row) {
  return { id: row.id, username: row.username, isAdmin: row.is_admin === 1 };
}
function countUsers(db2) {
  return stmt(db2, "SELECT count(*) AS n FROM users").get().n;
}
function findUserByUsername(db2, username) {
  return stmt(db2, "SELECT * FROM users WHERE username_key = ?").get(usernameKey(username));
}
function getUser(db2, userId) {
  return stmt(db2, "SELECT * FROM users WHERE id = ?").get(userId);
}
function insertUser(db2, user) {
  return stmt(
    db2,
    `INSERT INTO users (username, username_key, password_hash, is_admin, created_at) VALUES (?, ?, ?, ?, ?)
		 ON CONFLICT (username_key) DO NOTHING RETURNING *`
  ).get(user.username, usernameKey(user.username), user.passwordHash, user.isAdmin ? 1 : 0, user.now);
}
function listUsers(db2) {
  return stmt(db2, "SELECT * FROM users ORDER BY username_key").all();
}
function setUserDisabled(db2, userId, disabled) {
  return stmt(db2, "UPDATE users SET disabled = ? WHERE id = ?").run(disabled ? 1 : 0, userId).changes === 1;
}
function setPasswordHash(db2, userId, passwordHash) {
  return stmt(db2, "UPDATE users SET password_hash = ? WHERE id = ?").run(passwordHash, userId).changes === 1;
}
function setUsername(db2, userId, username) {
  return stmt(
    db2,
    `UPDATE users SET username = ?, username_key = ? WHERE id = ?
			 AND NOT EXISTS (SELECT 1 FROM users WHERE username_key = ? AND id <> ?)`
  ).run(username, usernameKey(username), userId, usernameKey(username), userId).changes === 1;
}
function setUserAdmin(db2, userId, isAdmin) {
  return stmt(db2, "UPDATE users SET is_admin = ? WHERE id = ?").run(isAdmin ? 1 : 0, userId).changes === 1;
}
function deleteUser(db2, userId) {
  return stmt(db2, "DELETE FROM users WHERE id = ?").run(userId).changes === 1;
}
function countAdmins(db2) {
  return stmt(db2, "SELECT count(*) AS n FROM users WHERE is_admin = 1 AND disabled = 0").get().n;
}

// server/auth/last-admin.ts
function requireUser(db2, userId) {
  const user = getUser(db2, userId);
  if (!user) throw notFound("no such user");
  return user;
}
function ensureNotLastAdmin(db2, userId) {
  const user = requireUser(db2, userId);
  if (user.is_admin && !user.disabled && countAdmins(db2) <= 1) {
    throw conflict("this is the only admin: make another user an admin first");
  }
  return user;
}

// server/auth/passwords.ts
import { randomBytes as randomBytes2, scrypt, timingSafeEqual } from "node:crypto";
var PARAMS = { N: 2 ** 15, r: 8, p: 1 };
var KEY_LENGTH = 32;
function derive(password, salt, params) {
  const options = { ...params, maxmem: 128 * params.N * params.r * 2 };
  return new Promise(
    (resolve2, reject) => scrypt(password.normalize("NFKC"), salt, KEY_LENGTH, options, (err, key) => err ? reject(err) : resolve2(key))
  );
}
async function hashPassword(password) {
  const salt = randomBytes2(16);
  const key = await derive(password, salt, PARAMS);
  return ["scrypt", PARAMS.N, PARAMS.r, PARAMS.p, salt.toString("base64"), key.toString("base64")].join("$");
}
async function verifyPassword(password, stored) {
  const [scheme, n, r, p, salt, key] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !key) return false;
  const expected = Buffer.from(key, "base64");
  const actual = await derive(password, Buffer.from(salt, "base64"), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
var dummyHash;
function dummyPasswordHash() {
  return dummyHash ??= hashPassword(randomBytes2(12).toString("base64"));
}

// server/admin/settings-repo.ts
var defaultServerSettings = { signupEnabled: false, retentionDays: 90 };
function getServerSettings(db2) {
  const rows = stmt(db2, "SELECT key, value FROM server_settings").all();
  const stored = Object.fromEntries(rows.map((row) => [row.key, JSON.parse(row.value)]));
  return { ...defaultServerSettings, ...stored };
}
function updateServerSettings(db2, changes) {
  const upsert = stmt(
    db2,
    "INSERT INTO server_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
  );
  for (const [key, value] of Object.entries(changes)) {
    if (value !== void 0) upsert.run(key, JSON.stringify(value));
  }
  return getServerSettings(db2);
}

// server/admin/admin-service.ts
function toAdminUser(u) {
  return {
    id: u.id,
    username: u.username,
    isAdmin: u.is_admin === 1,
    disabled: u.disabled === 1,
    createdAt: u.created_at
  };
}
function listUsersForAdmin(db2) {
  return listUsers(db2).map(toAdminUser);
}
async function createUser(db2, request2) {
  const passwordHash = await hashPassword(request2.password);
  return writeTransaction(db2, () => {
    const user = insertUser(db2, {
      username: request2.username,
      passwordHash,
      isAdmin: request2.isAdmin,
      now: request2.now
    });
    if (!user) throw conflict("that username is taken");
    return toAdminUser(user);
  });
}
function updateUser(db2, userId, patch, now) {
  writeTransaction(db2, () => {
    if (patch.disabled === true || patch.isAdmin === false) ensureNotLastAdmin(db2, userId);
    else requireUser(db2, userId);
    if (patch.isAdmin !== void 0) setUserAdmin(db2, userId, patch.isAdmin);
    if (patch.disabled !== void 0) {
      setUserDisabled(db2, userId, patch.disabled);
      if (patch.disabled) revokeUserSessions(db2, userId, null, now);
    }
  });
}
function removeUser(db2, userId) {
  writeTransaction(db2, () => {
    ensureNotLastAdmin(db2, userId);
    deleteUser(db2, userId);
  });
}
async function resetPassword(db2, userId, password, now) {
  requireUser(db2, userId);
  const passwordHash = await hashPassword(password);
  writeTransaction(db2, () => {
    if (!setPasswordHash(db2, userId, passwordHash)) throw notFound("no such user");
    revokeUserSessions(db2, userId, null, now);
  });
}
var serverSettings = (db2) => getServerSettings(db2);
function changeServerSettings(db2, changes) {
  return writeTransaction(db2, () => updateServerSettings(db2, changes));
}

// server/auth/invitations-repo.ts
function insertInvitation(db2, invitation) {
  return Number(
    stmt(
      db2,
      `INSERT INTO invitations (token_hash, is_admin, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`
    ).run(invitation.tokenHash, invitation.isAdmin ? 1 : 0, invitation.createdBy, invitation.now, invitation.expiresAt).lastInsertRowid
  );
}
function listInvitations(db2) {
  return stmt(
    db2,
    `SELECT i.id, i.is_admin, i.created_at, i.expires_at, i.used_at, u.username AS used_by_name, i.revoked_at
		 FROM invitations i LEFT JOIN users u ON u.id = i.used_by ORDER BY i.created_at DESC, i.id DESC`
  ).all();
}
function revokeInvitation(db2, id, now) {
  return stmt(db2, "UPDATE invitations SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL AND used_at IS NULL").run(
    now,
    id
  ).changes === 1;
}
function invitationExists(db2, id) {
  return stmt(db2, "SELECT id FROM invitations WHERE id = ?").get(id) !== void 0;
}
function findOpenInvitation(db2, tokenHash, now) {
  return stmt(
    db2,
    `SELECT id, is_admin FROM invitations
		 WHERE token_hash = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?`
  ).get(tokenHash, now);
}
function markInvitationUsed(db2, id, userId, now) {
  return stmt(db2, "UPDATE invitations SET used_at = ?, used_by = ? WHERE id = ? AND used_at IS NULL").run(now, userId, id).changes === 1;
}

// server/admin/invitations-service.ts
var HOUR = 60 * 60 * 1e3;
function createInvitation(db2, request2) {
  const { token, hash } = newToken();
  const expiresAt = request2.now + request2.expiresInHours * HOUR;
  const id = writeTransaction(
    db2,
    () => insertInvitation(db2, {
      tokenHash: hash,
      isAdmin: request2.admin,
      createdBy: request2.createdBy,
      now: request2.now,
      expiresAt
    })
  );
  return { id, token, url: `${request2.origin}/signup?invitation=${token}`, expiresAt };
}
function status(row, now) {
  if (row.used_at !== null) return "used";
  if (row.revoked_at !== null) return "revoked";
  return row.expires_at <= now ? "expired" : "open";
}
function listInvitationsForAdmin(db2, now) {
  return listInvitations(db2).map((row) => ({
    id: row.id,
    admin: row.is_admin === 1,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    usedBy: row.used_by_name,
    status: status(row, now)
  }));
}
function revokeInvitationById(db2, id, now) {
  writeTransaction(db2, () => {
    if (!invitationExists(db2, id)) throw notFound("no such invitation");
    revokeInvitation(db2, id, now);
  });
}

// server/admin/routes.ts
var settingsPatchSchema = z4.object({ signupEnabled: z4.boolean(), retentionDays: z4.number().int().min(1).max(36500) }).partial().strict();
var idSchema = z4.object({ id: z4.coerce.number().int().positive() });
function adminRoutes(deps) {
  const { db: db2 } = deps;
  const now = deps.now ?? Date.now;
  const router = Router();
  router.use(requireAuth(db2, now, deps.logger), requireAdmin);
  router.get("/settings", (_req, res) => {
    res.json(serverSettings(db2));
  });
  router.patch("/settings", (req, res) => {
    const changes = parse(settingsPatchSchema, req.body);
    res.json(changeServerSettings(db2, changes));
  });
  router.get("/users", (_req, res) => {
    res.json({ users: listUsersForAdmin(db2) });
  });
  router.post("/users", async (req, res) => {
    const body = parse(adminUserCreateSchema, req.body);
    res.status(201).json({ user: await createUser(db2, { ...body, now: now() }) });
  });
  router.patch("/users/:id", (req, res) => {
    const { id } = parse(idSchema, req.params, "user id");
    updateUser(db2, id, parse(adminUserPatchSchema, req.body), now());
    res.status(204).end();
  });
  router.delete("/users/:id", (req, res) => {
    removeUser(db2, parse(idSchema, req.params, "user id").id);
    res.status(204).end();
  });
  router.post("/users/:id/password", async (req, res) => {
    const { id } = parse(idSchema, req.params, "user id");
    await resetPassword(db2, id, parse(adminPasswordSchema, req.body).password, now());
    res.status(204).end();
  });
  router.get("/invitations", (_req, res) => {
    res.json({ invitations: listInvitationsForAdmin(db2, now()) });
  });
  router.post("/invitations", (req, res) => {
    const body = parse(invitationCreateSchema, req.body ?? {});
    const origin = `${req.protocol}://${req.get("host")}`;
    res.status(201).json(createInvitation(db2, { ...body, createdBy: currentAuth(req).userId, now: now(), origin }));
  });
  router.delete("/invitations/:id", (req, res) => {
    revokeInvitationById(db2, parse(idSchema, req.params, "invitation id").id, now());
    res.status(204).end();
  });
  return router;
}

// server/auth/account-routes.ts
import { Router as Router2 } from "express";
import { z as z5 } from "zod";

// server/auth/device-name.ts
import Bowser from "bowser";
function deviceName(given, userAgent) {
  if (given) return given;
  if (!userAgent) return "Unknown device";
  const { browser, os } = Bowser.parse(userAgent);
  if (browser.name && os.name) return `${browser.name} on ${os.name}`;
  return browser.name ?? os.name ?? userAgent.slice(0, 60);
}

// server/auth/account-service.ts
function listDevices(db2, userId, currentSessionId, now) {
  return listActiveSessions(db2, userId, now).map((s) => ({
    id: s.id,
    device: deviceName(s.device_name, s.user_agent),
    createdAt: s.created_at,
    lastSeenAt: s.last_used_at,
    current: s.id === currentSessionId
  }));
}
function signOutDevice(db2, userId, sessionId, now) {
  writeTransaction(db2, () => {
    if (!revokeUserSession(db2, userId, sessionId, now)) throw notFound("no such session on your account");
  });
}
function signOutOtherDevices(db2, userId, currentSessionId, now) {
  return writeTransaction(db2, () => revokeUserSessions(db2, userId, currentSessionId, now));
}
function changeUsername(db2, userId, username) {
  return writeTransaction(db2, () => {
    if (!setUsername(db2, userId, username)) throw conflict("that username is taken");
    return toPublicUser(getUser(db2, userId));
  });
}
async function deleteOwnAccount(db2, userId, password) {
  const user = getUser(db2, userId);
  if (!user || !await verifyPassword(password, user.password_hash)) {
    throw forbidden("that is not your current password");
  }
  writeTransaction(db2, () => {
    ensureNotLastAdmin(db2, userId);
    deleteUser(db2, userId);
  });
}

// server/auth/account-routes.ts
var sessionIdSchema = z5.object({ id: z5.coerce.number().int().positive() });
function accountRoutes(deps) {
  const { db: db2 } = deps;
  const now = deps.now ?? Date.now;
  const router = Router2();
  const auth = requireAuth(db2, now, deps.logger);
  router.get("/auth/sessions", auth, (req, res) => {
    const { userId, sessionId } = currentAuth(req);
    res.json({ sessions: listDevices(db2, userId, sessionId, now()) });
  });
  router.post("/auth/sessions/revoke-others", auth, (req, res) => {
    const { userId, sessionId } = currentAuth(req);
    res.json({ revoked: signOutOtherDevices(db2, userId, sessionId, now()) });
  });
  router.delete("/auth/sessions/:id", auth, (req, res) => {
    const { id } = parse(sessionIdSchema, req.params, "session id");
    signOutDevice(db2, currentAuth(req).userId, id, now());
    res.status(204).end();
  });
  router.patch("/auth/me", auth, (req, res) => {
    const { username } = parse(usernameChangeSchema, req.body);
    res.json({ user: changeUsername(db2, currentAuth(req).userId, username) });
  });
  router.delete("/auth/me", auth, async (req, res) => {
    const { password } = parse(accountDeleteSchema, req.body);
    await deleteOwnAccount(db2, currentAuth(req).userId, password);
    res.status(204).end();
  });
  return router;
}

// server/app-passwords/routes.ts
import { Router as Router3 } from "express";
import { z as z7 } from "zod";

// src/lib/shared/app-passwords.ts
import { z as z6 } from "zod";
var appPasswordNameSchema = z6.string().trim().min(1).max(100);
var createAppPasswordSchema = z6.object({ name: appPasswordNameSchema }).strict();
var appPasswordSchema = z6.object({
  id: z6.number().int().positive(),
  name: z6.string(),
  createdAt: z6.number().int(),
  /** When a client last used it (updated at most hourly), or null if never. */
  lastUsedAt: z6.number().int().nullable()
});
var createdAppPasswordSchema = z6.object({
  id: z6.number().int().positive(),
  name: z6.string(),
  password: z6.string()
});
var appPasswordListSchema = z6.object({ appPasswords: z6.array(appPasswordSchema) });

// server/app-passwords/app-password-secrets.ts
import { createHash as createHash2, createHmac, randomBytes as randomBytes3 } from "node:crypto";
function newAppPassword() {
  return randomBytes3(32).toString("base64url");
}
function secretHash(secret) {
  return createHash2("sha256").update(secret).digest();
}
function authTokenFor(password) {
  return createHmac("sha256", password).update("tidings greader auth").digest("base64url");
}
function editTokenFor(authToken) {
  return createHmac("sha256", authToken).update("tidings greader edit").digest("base64url");
}

// server/app-passwords/app-passwords-repo.ts
var OWNER_SELECT = `SELECT a.id AS app_password_id, a.user_id, u.username, u.username_key, u.disabled, a.last_used_at
	FROM app_passwords a JOIN users u ON u.id = a.user_id`;
function insertAppPassword(db2, row) {
  return stmt(
    db2,
    `INSERT INTO app_passwords (user_id, name, password_hash, auth_hash, created_at)
		 VALUES (@userId, @name, @passwordHash, @authHash, @now) RETURNING id, name, created_at, last_used_at`
  ).get(row);
}
function countAppPasswords(db2, userId) {
  return stmt(db2, "SELECT count(*) AS n FROM app_passwords WHERE user_id = ?").get(userId).n;
}
function listAppPasswords(db2, userId) {
  return stmt(
    db2,
    "SELECT id, name, created_at, last_used_at FROM app_passwords WHERE user_id = ? ORDER BY id"
  ).all(userId);
}
function deleteAppPassword(db2, userId, id) {
  return stmt(db2, "DELETE FROM app_passwords WHERE id = ? AND user_id = ?").run(id, userId).changes > 0;
}
function findByPasswordHash(db2, passwordHash) {
  return stmt(db2, `${OWNER_SELECT} WHERE a.password_hash = ?`).get(passwordHash);
}
function findByAuthHash(db2, authHash) {
  return stmt(db2, `${OWNER_SELECT} WHERE a.auth_hash = ?`).get(authHash);
}
function touchAppPassword(db2, userId, id, now) {
  stmt(db2, "UPDATE app_passwords SET last_used_at = ? WHERE id = ? AND user_id = ?").run(now, id, userId);
}

// server/app-passwords/app-passwords-service.ts
var MAX_APP_PASSWORDS = 100;
var TOUCH_INTERVAL_MS = 60 * 60 * 1e3;
var toAppPassword = (row) => ({
  id: row.id,
  name: row.name,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at
});
function createAppPassword(db2, userId, name2, now) {
  const password = newAppPassword();
  const row = writeTransaction(db2, () => {
    if (countAppPasswords(db2, userId) >= MAX_APP_PASSWORDS) {
      throw conflict(`you have ${MAX_APP_PASSWORDS} app passwords; revoke one you no longer use first`);
    }
    const passwordHash = secretHash(password);
    const authHash = secretHash(authTokenFor(password));
    return insertAppPassword(db2, { userId, name: name2, passwordHash, authHash, now });
  });
  return { id: row.id, name: row.name, password };
}
function listUserAppPasswords(db2, userId) {
  return listAppPasswords(db2, userId).map(toAppPassword);
}
function revokeAppPassword(db2, userId, id) {
  const deleted = writeTransaction(db2, () => deleteAppPassword(db2, userId, id));
  if (!deleted) throw notFound("no such app password");
}
function signInWithAppPassword(db2, username, password) {
  const owner = findByPasswordHash(db2, secretHash(password));
  if (!owner || owner.username_key !== usernameKey(username.trim())) return void 0;
  if (owner.disabled) throw forbidden("this account is disabled; ask the admin");
  return authTokenFor(password);
}
function ownerOfAuthToken(db2, authToken, now, logger2) {
  const owner = findByAuthHash(db2, secretHash(authToken));
  if (owner && (owner.last_used_at === null || now - owner.last_used_at > TOUCH_INTERVAL_MS)) {
    try {
      touchAppPassword(db2, owner.user_id, owner.app_password_id, now);
    } catch (err) {
      logger2.warn({ err }, "could not record the use of an app password");
    }
  }
  return owner;
}

// server/app-passwords/routes.ts
var idParam = z7.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
function appPasswordRoutes(deps) {
  const { db: db2 } = deps;
  const now = deps.now ?? Date.now;
  const router = Router3();
  router.use("/app-passwords", requireAuth(db2, now, deps.logger));
  router.post("/app-passwords", (req, res) => {
    const { name: name2 } = parse(createAppPasswordSchema, req.body, "app password");
    res.status(201).json(createAppPassword(db2, currentAuth(req).userId, name2, now()));
  });
  router.get("/app-passwords", (req, res) => {
    res.json({ appPasswords: listUserAppPasswords(db2, currentAuth(req).userId) });
  });
  router.delete("/app-passwords/:id", (req, res) => {
    const id = idParam.safeParse(req.params.id);
    if (!id.success) throw notFound("no such app password");
    revokeAppPassword(db2, currentAuth(req).userId, id.data);
    res.status(204).end();
  });
  return router;
}

// server/auth/routes.ts
import { Router as Router4 } from "express";
import { z as z8 } from "zod";

// server/deps.ts
var defaultRateLimits = { loginPerIp: 30, loginPerUsername: 10, windowMs: 15 * 60 * 1e3 };

// server/auth/auth-service.ts
function startSession(ctx, user) {
  const { token, hash } = newToken();
  insertSession(ctx.db, {
    userId: user.id,
    tokenHash: hash,
    now: ctx.now,
    userAgent: ctx.userAgent,
    deviceName: ctx.deviceName ?? null
  });
  return { token, user: toPublicUser(user) };
}
async function setupAdmin(ctx, credentials) {
  const passwordHash = await hashPassword(credentials.password);
  return writeTransaction(ctx.db, () => {
    if (countUsers(ctx.db) > 0) throw conflict("this server is already set up; sign in instead");
    const user = insertUser(ctx.db, { username: credentials.username, passwordHash, isAdmin: true, now: ctx.now });
    return startSession(ctx, user);
  });
}
async function signup(ctx, request2) {
  const permission = () => signupPermission(ctx, request2.invitation);
  permission();
  const passwordHash = await hashPassword(request2.password);
  return writeTransaction(ctx.db, () => {
    const invitation = permission();
    const isAdmin = invitation?.is_admin === 1;
    const user = insertUser(ctx.db, { username: request2.username, passwordHash, isAdmin, now: ctx.now });
    if (!user) throw conflict("that username is taken");
    if (invitation) markInvitationUsed(ctx.db, invitation.id, user.id, ctx.now);
    return startSession(ctx, user);
  });
}
function signupPermission(ctx, invitationToken) {
  if (invitationToken !== void 0) {
    const invitation = findOpenInvitation(ctx.db, hashToken(invitationToken), ctx.now);
    if (!invitation) throw forbidden("this invitation was used, revoked or has expired; ask for a new one");
    return invitation;
  }
  if (!getServerSettings(ctx.db).signupEnabled) throw forbidden("sign-up is closed on this server; ask its admin");
  return void 0;
}
var invalidCredentials = () => new DomainError("unauthenticated", "wrong username or password", "invalid_credentials");
async function login(ctx, credentials) {
  const user = findUserByUsername(ctx.db, credentials.username);
  const ok2 = await verifyPassword(credentials.password, user?.password_hash ?? await dummyPasswordHash());
  if (!user || !ok2) throw invalidCredentials();
  if (user.disabled) throw forbidden("this account is disabled; ask the admin");
  return writeTransaction(ctx.db, () => startSession(ctx, user));
}
async function changePassword(ctx, userId, sessionId, currentPassword, newPassword) {
  const user = getUser(ctx.db, userId);
  if (!user || !await verifyPassword(currentPassword, user.password_hash)) {
    throw new DomainError("unauthenticated", "the current password is wrong", "invalid_credentials");
  }
  const passwordHash = await hashPassword(newPassword);
  writeTransaction(ctx.db, () => {
    setPasswordHash(ctx.db, userId, passwordHash);
    revokeUserSessions(ctx.db, userId, sessionId, ctx.now);
  });
}
function setupStatus(db2) {
  return { needsSetup: countUsers(db2) === 0, signupEnabled: getServerSettings(db2).signupEnabled };
}
function logout(db2, sessionId, now) {
  revokeSession(db2, sessionId, now);
}
function currentUser(db2, userId) {
  return toPublicUser(getUser(db2, userId));
}

// server/auth/login-rate-limit.ts
import { ipKeyGenerator, rateLimit } from "express-rate-limit";
function limiter(limit, windowMs, keyGenerator) {
  return rateLimit({
    windowMs,
    limit,
    keyGenerator,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    // Only failed attempts count, so a person who signs in on many devices is never locked out.
    skipSuccessfulRequests: true,
    handler: (req, _res, next) => {
      const info = req.rateLimit;
      const resetAt = info?.resetTime?.getTime() ?? Date.now() + windowMs;
      const retryAfter = Math.max(1, Math.ceil((resetAt - Date.now()) / 1e3));
      next(new HttpError(429, "rate_limited", "too many sign-in attempts; wait and try again", void 0, retryAfter));
    }
  });
}
var usernameInJsonBody = (req) => req.body?.username;
function loginRateLimits(limits, usernameOf = usernameInJsonBody) {
  return [
    limiter(limits.loginPerIp, limits.windowMs, (req) => `ip:${ipKeyGenerator(req.ip ?? "")}`),
    limiter(limits.loginPerUsername, limits.windowMs, (req) => {
      const username = usernameOf(req);
      return `user:${typeof username === "string" ? usernameKey(username.trim()) : ""}`;
    })
  ];
}

// server/auth/routes.ts
var passwordChangeSchema = z8.object({
  currentPassword: z8.string().max(1024),
  newPassword: z8.string().min(PASSWORD_MIN_LENGTH).max(1024)
});
function authRoutes(deps) {
  const { db: db2 } = deps;
  const now = deps.now ?? Date.now;
  const auth = requireAuth(db2, now, deps.logger);
  const context = (userAgent, deviceName2) => ({
    db: db2,
    now: now(),
    userAgent: userAgent ?? null,
    deviceName: deviceName2 ?? null
  });
  const router = Router4();
  router.get("/setup/status", (_req, res) => {
    res.json(setupStatus(db2));
  });
  router.post("/setup", async (req, res) => {
    const credentials = parse(credentialsSchema, req.body);
    res.status(201).json(await setupAdmin(context(req.get("user-agent")), credentials));
  });
  router.post("/auth/signup", async (req, res) => {
    const request2 = parse(signupSchema, req.body);
    res.status(201).json(await signup(context(req.get("user-agent"), request2.device), request2));
  });
  router.post("/auth/login", ...loginRateLimits(deps.rateLimits ?? defaultRateLimits), async (req, res) => {
    const credentials = parse(loginSchema, req.body);
    res.json(await login(context(req.get("user-agent"), credentials.device), credentials));
  });
  router.post("/auth/logout", auth, (req, res) => {
    logout(db2, currentAuth(req).sessionId, now());
    res.status(204).end();
  });
  router.get("/auth/me", auth, (req, res) => {
    res.json({ user: currentUser(db2, currentAuth(req).userId) });
  });
  router.post("/auth/password", auth, async (req, res) => {
    const body = parse(passwordChangeSchema, req.body);
    const { userId, sessionId } = currentAuth(req);
    await changePassword(context(req.get("user-agent")), userId, sessionId, body.currentPassword, body.newPassword);
    res.status(204).end();
  });
  return router;
}

// server/entries/routes.ts
import { Router as Router5 } from "express";
import { z as z9 } from "zod";

// server/media/media-key.ts
import { randomBytes as randomBytes4 } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
var MEDIA_KEY_FILE = "media-proxy.key";
var loaded = /* @__PURE__ */ new Map();
function mediaKey(config2) {
  if (config2.MEDIA_PROXY === "off") return null;
  if (config2.MEDIA_PROXY_SECRET) return config2.MEDIA_PROXY_SECRET;
  const file = path.join(config2.DATA_DIR, MEDIA_KEY_FILE);
  let key = loaded.get(file);
  if (key === void 0) {
    key = readOrCreateKey(file);
    loaded.set(file, key);
  }
  return key;
}
function readOrCreateKey(file) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    fs.writeFileSync(file, randomBytes4(32).toString("hex"), { flag: "wx", mode: 384 });
  } catch (err) {
    if (err.code !== "EEXIST") throw err;
  }
  const key = fs.readFileSync(file, "utf8").trim();
  if (key.length < 32) throw new Error(`${file} holds no usable media key: delete it to have a new one made`);
  return key;
}

// server/entries/extract.ts
import { Readability } from "@mozilla/readability";
import iconv from "iconv-lite";
import { parseHTML } from "linkedom";

// server/feeds/feeds-repo.ts
function findOrCreateFeed(db2, url, now) {
  const existing = stmt(db2, "SELECT * FROM feeds WHERE url = ?").get(url);
  if (existing) return existing;
  return stmt(
    db2,
    "INSERT INTO feeds (url, next_fetch_at, created_at) VALUES (?, 0, ?) RETURNING *"
  ).get(url, now);
}
function getFeed(db2, feedId) {
  return stmt(db2, "SELECT * FROM feeds WHERE id = ?").get(feedId);
}
function subscriberIds(db2, feedId) {
  return stmt(db2, "SELECT user_id FROM subscriptions WHERE feed_id = ?").all(feedId).map((r) => r.user_id);
}
function listDueFeeds(db2, now, limit) {
  return stmt(
    db2,
    `SELECT id, url FROM feeds WHERE next_fetch_at <= ? AND gone_at IS NULL
		 AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.feed_id = feeds.id)
		 ORDER BY next_fetch_at LIMIT ?`
  ).all(now, limit);
}
function nextDueAt(db2) {
  return stmt(
    db2,
    `SELECT min(next_fetch_at) AS at FROM feeds WHERE gone_at IS NULL
			 AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.feed_id = feeds.id)`
  ).get()?.at ?? null;
}
function feedIdByUrl(db2, url) {
  return stmt(db2, "SELECT id FROM feeds WHERE url = ?").get(url)?.id;
}
function saveFeedState(db2, feedId, s) {
  stmt(
    db2,
    `UPDATE feeds SET url = @url, title = coalesce(@title, title), site_url = coalesce(@siteUrl, site_url),
		 description = coalesce(@description, description), language = coalesce(@language, language),
		 ttl_minutes = coalesce(@ttlMinutes, ttl_minutes), etag = @etag, last_modified = @lastModified,
		 body_hash = @bodyHash, last_fetched_at = @fetchedAt, next_fetch_at = @nextFetchAt, http_status = @httpStatus,
		 last_error = @lastError, consecutive_errors = @consecutiveErrors, gone_at = @goneAt,
		 version = coalesce(@version, version)
		 WHERE id = @feedId`
  ).run({ ...s, feedId });
}
function setFeedIcon(db2, feedId, iconUrl, checkedAt, version2) {
  stmt(db2, "UPDATE feeds SET icon_url = ?, icon_checked_at = ?, version = coalesce(?, version) WHERE id = ?").run(
    iconUrl,
    checkedAt,
    version2,
    feedId
  );
}
function feedOfSubscription(db2, userId, subscriptionId) {
  return stmt(
    db2,
    "SELECT f.* FROM feeds f JOIN subscriptions s ON s.feed_id = f.id WHERE s.id = ? AND s.user_id = ?"
  ).get(subscriptionId, userId);
}
function recentPublishTimes(db2, feedId, since) {
  return stmt(
    db2,
    "SELECT published_at FROM entries WHERE feed_id = ? AND published_at >= ? ORDER BY published_at DESC LIMIT 200"
  ).all(feedId, since).map((r) => r.published_at);
}

// server/feeds/fetch/safe-fetch.ts
import dns from "node:dns";
import { isIP } from "node:net";
import { Agent, buildConnector, fetch, Headers as RequestHeaders } from "undici";

// server/feeds/fetch/address-guard.ts
import ipaddr from "ipaddr.js";

// server/feeds/fetch/fetch-error.ts
var FetchError = class extends Error {
  constructor(code, message, status2 = null, headers = null) {
    super(message);
    this.code = code;
    this.status = status2;
    this.headers = headers;
    this.name = "FetchError";
  }
  code;
  status;
  headers;
};

// server/feeds/fetch/address-guard.ts
var RANGE_NAMES = {
  loopback: "a loopback address",
  private: "a private address",
  uniqueLocal: "a private address",
  carrierGradeNat: "a private (carrier-grade NAT) address",
  linkLocal: "a link-local address",
  multicast: "a multicast address",
  unspecified: "an unspecified address",
  broadcast: "a broadcast address"
};
function isIPv4Compatible(address) {
  return address.parts.slice(0, 6).every((part) => part === 0);
}
function blockedReason(address) {
  if (!ipaddr.isValid(address)) return "not an IP address";
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6") {
    const v6 = parsed;
    if (v6.isIPv4MappedAddress()) parsed = v6.toIPv4Address();
    else if (isIPv4Compatible(v6) && v6.range() === "unicast") return "a deprecated IPv4-compatible address";
  }
  const range = parsed.range();
  if (range === "unicast") return null;
  return RANGE_NAMES[range] ?? "a reserved address";
}
function blockedAddressError(host, address, reason) {
  const where = host === address ? host : `${host} resolves to ${reason} (${address})`;
  return new FetchError("blocked_address", host === address ? `refused: ${where} is ${reason}` : `refused: ${where}`);
}
function guardedLookup(base, policy) {
  return (hostname, options, callback) => {
    base(hostname, options, (err, address, family) => {
      if (err) return callback(err, address, family);
      const addresses = Array.isArray(address) ? address.map((a) => a.address) : [address];
      for (const candidate of addresses) {
        const reason = policy(candidate);
        if (reason) return callback(blockedAddressError(hostname, candidate, reason), address, family);
      }
      callback(null, address, family);
    });
  };
}

// server/feeds/fetch/safe-fetch.ts
var USER_AGENT = "Tidings/0.1 (+self-hosted feed reader)";
var DEFAULT_TIMEOUT_MS = 2e4;
var DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
var MAX_REDIRECTS = 5;
async function safeFetch(url, options) {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    let current = checkUrl(url, options);
    let permanent = true;
    for (let redirects = 0; ; redirects += 1) {
      const response = await request(current, options, controller.signal);
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && response.status !== 304 && location) {
        await response.body?.cancel();
        if (redirects >= MAX_REDIRECTS) {
          throw new FetchError("too_many_redirects", `too many redirects (more than ${MAX_REDIRECTS}) from ${url}`);
        }
        permanent &&= response.status === 301 || response.status === 308;
        current = checkUrl(new URL(location, current).href, options);
        continue;
      }
      if (response.status >= 400 && !options.acceptErrorStatus) {
        await response.body?.cancel();
        throw new FetchError(
          "http",
          `${current.host} answered ${response.status} ${response.statusText}`.trim(),
          response.status,
          response.headers
        );
      }
      const body = await readCapped(response, options.maxBytes ?? DEFAULT_MAX_BYTES, current);
      return {
        url: current.href,
        status: response.status,
        headers: response.headers,
        body,
        redirects,
        permanentRedirect: redirects > 0 && permanent
      };
    }
  } catch (err) {
    const error = toFetchError(err, url);
    if (controller.signal.aborted && error.code === "network") {
      throw new FetchError("timeout", `no complete answer from ${new URL(url).host} within ${timeoutMs / 1e3} s`);
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
function checkUrl(raw, options) {
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new FetchError("bad_url", `not a valid URL: ${raw}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new FetchError("bad_scheme", `refused: only http and https URLs can be fetched, not ${url.protocol}`);
  }
  const literal = url.hostname.replace(/^\[|\]$/g, "");
  if (!options.allowPrivate && isIP(literal)) {
    const reason = (options.addressPolicy ?? blockedReason)(literal);
    if (reason) throw blockedAddressError(literal, literal, reason);
  }
  return url;
}
async function request(url, options, signal) {
  const headers = new RequestHeaders({
    "User-Agent": USER_AGENT,
    "Accept-Encoding": "gzip, deflate, br",
    Accept: "*/*"
  });
  for (const [name2, value] of Object.entries(options.headers ?? {})) headers.set(name2, value);
  return fetch(url, { redirect: "manual", signal, dispatcher: agentFor(options), headers });
}
async function readCapped(response, maxBytes, url) {
  const tooLarge2 = () => new FetchError("too_large", `the answer from ${url.host} is larger than ${formatBytes(maxBytes)}`);
  const declared = Number(response.headers.get("content-length"));
  if (!response.headers.get("content-encoding") && declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge2();
  }
  if (!response.body) return Buffer.alloc(0);
  const chunks = [];
  let total = 0;
  const reader = response.body.getReader();
  for (; ; ) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge2();
    }
    chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  }
  return Buffer.concat(chunks, total);
}
var openAgent = new Agent();
var guardedAgents = /* @__PURE__ */ new Map();
function agentFor(options) {
  if (options.allowPrivate) return openAgent;
  const lookup = options.lookup ?? dns.lookup;
  const policy = options.addressPolicy ?? blockedReason;
  const byPolicy = guardedAgents.get(lookup) ?? /* @__PURE__ */ new Map();
  guardedAgents.set(lookup, byPolicy);
  let agent = byPolicy.get(policy);
  if (!agent) {
    agent = guardedAgent(lookup, policy);
    byPolicy.set(policy, agent);
  }
  return agent;
}
function guardedAgent(lookup, policy) {
  const connect = buildConnector({ lookup: guardedLookup(lookup, policy) });
  return new Agent({
    connect(opts, callback) {
      connect(opts, (err, socket) => {
        if (err) return callback(err, null);
        const peer = socket.remoteAddress ?? "";
        const reason = policy(peer);
        if (reason) {
          socket.destroy();
          return callback(blockedAddressError(opts.hostname, peer, reason), null);
        }
        callback(null, socket);
      });
    }
  });
}
function toFetchError(err, url) {
  for (let e = err; e; e = e.cause) {
    if (e instanceof FetchError) return e;
  }
  const cause = err.cause ?? err;
  const host = URL.canParse(url) ? new URL(url).host : url;
  const byCode = {
    ENOTFOUND: `${host} could not be found (DNS)`,
    EAI_AGAIN: `${host} could not be looked up right now (DNS)`,
    ECONNREFUSED: `${host} refused the connection`,
    ECONNRESET: `${host} closed the connection`,
    UND_ERR_SOCKET: `${host} closed the connection`,
    ETIMEDOUT: `${host} did not answer`,
    UND_ERR_CONNECT_TIMEOUT: `${host} did not answer`
  };
  const code = typeof cause?.code === "string" ? cause.code : "";
  const known = byCode[code];
  if (known) return new FetchError("network", known);
  if (code.startsWith("ERR_TLS") || /certificate/i.test(cause?.message ?? "")) {
    return new FetchError("network", `secure connection to ${host} failed: ${cause.message}`);
  }
  return new FetchError("network", `could not fetch ${url}: ${cause?.message ?? String(err)}`);
}
function formatBytes(bytes) {
  return bytes % (1024 * 1024) === 0 ? `${bytes / 1024 / 1024} MiB` : `${bytes} bytes`;
}

// server/feeds/sanitize/sanitize-html.ts
import sanitizeHtml2 from "sanitize-html";

// server/feeds/sanitize/absolute-urls.ts
function absoluteUrl(value, base) {
  if (value === void 0) return void 0;
  const trimmed = value.trim();
  if (!trimmed) return void 0;
  try {
    return new URL(trimmed, base).href;
  } catch {
    return trimmed;
  }
}
function absoluteSrcset(value, base) {
  return mapSrcset(value, (url) => absoluteUrl(url, base));
}
function mapSrcset(value, map) {
  if (!value) return void 0;
  const candidates = value.split(/,\s+/).map((candidate) => candidate.trim()).filter(Boolean).map((candidate) => {
    const [url, ...descriptors] = candidate.split(/\s+/);
    return [map(url), ...descriptors].join(" ");
  });
  return candidates.join(", ") || void 0;
}

// server/feeds/sanitize/media-urls.ts
import sanitizeHtml from "sanitize-html";

// server/media/media-signing.ts
import { createHmac as createHmac2, timingSafeEqual as timingSafeEqual2 } from "node:crypto";
var MEDIA_PATH = "/api/media/";
var SIGNATURE_BYTES = 16;
function signature(key, url) {
  return createHmac2("sha256", key).update(url).digest().subarray(0, SIGNATURE_BYTES);
}
function signMediaUrl(key, url) {
  return `${MEDIA_PATH}${signature(key, url).toString("base64url")}/${Buffer.from(url).toString("base64url")}`;
}
function verifyMediaUrl(key, sig, encodedUrl) {
  const given = Buffer.from(sig, "base64url");
  if (given.length !== SIGNATURE_BYTES) return null;
  const url = Buffer.from(encodedUrl, "base64url").toString();
  return timingSafeEqual2(given, signature(key, url)) ? url : null;
}

// server/feeds/sanitize/media-urls.ts
var IMAGE_ATTRIBUTES = {
  img: ["src", "srcset"],
  source: ["srcset"],
  video: ["poster"]
};
function proxyImages(transforms2, key) {
  return key ? withImageUrls(transforms2, signer(key)) : transforms2;
}
function signer(key) {
  return (url) => /^https?:\/\//i.test(url) ? signMediaUrl(key, url) : url;
}
function restampImageUrls(html, key) {
  if (!/<(img|source|video)\b/i.test(html)) return html;
  const sign = key ? signer(key) : (url) => url;
  const transformTags = withImageUrls({}, (url) => sign(url.startsWith(MEDIA_PATH) ? originalOf(url) : url));
  return sanitizeHtml(html, {
    allowedTags: false,
    allowVulnerableTags: true,
    allowedAttributes: false,
    allowedSchemesAppliedToAttributes: [],
    // The ingest sanitizer writes these void elements as <x />; written back the same way, nothing else moves.
    selfClosing: [...sanitizeHtml.defaults.selfClosing, "wbr", "source", "track", "col"],
    transformTags
  });
}
function originalOf(mediaUrl) {
  const encoded = mediaUrl.slice(MEDIA_PATH.length).split("/")[1] ?? "";
  return Buffer.from(encoded, "base64url").toString();
}
function withImageUrls(transforms2, map) {
  const mapped = { ...transforms2 };
  for (const [tag, names] of Object.entries(IMAGE_ATTRIBUTES)) {
    const inner = transforms2[tag];
    mapped[tag] = (tagName, attribs) => {
      const result2 = inner ? inner(tagName, attribs) : { tagName, attribs };
      const changed = { ...result2.attribs };
      for (const name2 of names) {
        const value = changed[name2];
        if (value) changed[name2] = name2 === "srcset" ? mapSrcset(value, map) ?? "" : map(value);
      }
      return { ...result2, attribs: changed };
    };
  }
  return mapped;
}

// server/feeds/sanitize/plain-text.ts
import { Parser } from "htmlparser2";
var HIDDEN = /* @__PURE__ */ new Set(["script", "style", "noscript", "template", "head", "title", "iframe", "object", "svg", "math"]);
var BREAKS = /* @__PURE__ */ new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "br",
  "dd",
  "div",
  "dl",
  "dt",
  "figcaption",
  "figure",
  "footer",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hr",
  "li",
  "main",
  "nav",
  "ol",
  "p",
  "pre",
  "section",
  "table",
  "td",
  "th",
  "tr",
  "ul"
]);
function toPlainText(html) {
  if (!/[<&]/.test(html)) return html.replace(/\s+/g, " ").trim();
  const parts = [];
  let hiddenDepth = 0;
  const parser = new Parser(
    {
      onopentagname(name2) {
        if (HIDDEN.has(name2)) hiddenDepth += 1;
        if (BREAKS.has(name2)) parts.push(" ");
      },
      onclosetag(name2, isImplied) {
        if (HIDDEN.has(name2) && hiddenDepth > 0 && !isImplied) hiddenDepth -= 1;
        if (BREAKS.has(name2)) parts.push(" ");
      },
      ontext(text) {
        if (hiddenDepth === 0) parts.push(text);
      }
    },
    { decodeEntities: true }
  );
  parser.end(html);
  return parts.join("").replace(/\s+/g, " ").trim();
}

// server/feeds/sanitize/sanitize-html.ts
var EMBED_HOSTS = {
  "www.youtube.com": "/embed/",
  "youtube.com": "/embed/",
  "www.youtube-nocookie.com": "/embed/",
  "youtube-nocookie.com": "/embed/",
  "player.vimeo.com": "/video/"
};
var SAFE_DATA_IMAGE = /^data:image\/(png|jpe?g|gif|webp|avif|bmp|x-icon|vnd\.microsoft\.icon)[;,]/i;
var IFRAME_SANDBOX = "allow-scripts allow-same-origin allow-presentation";
function isAllowedEmbed(src) {
  if (!src) return false;
  try {
    const url = new URL(src);
    const path9 = EMBED_HOSTS[url.hostname];
    return url.protocol === "https:" && path9 !== void 0 && url.pathname.startsWith(path9);
  } catch {
    return false;
  }
}
function isTrackingPixel(attribs) {
  const size = (v) => v === void 0 || v.trim() === "" ? null : Number.parseFloat(v);
  const width = size(attribs.width);
  const height = size(attribs.height);
  const tiny = (n) => n !== null && n <= 1;
  return tiny(width) && (height === null || tiny(height)) || tiny(height) && width === null;
}
function transforms(base) {
  const withUrls = (extra = {}) => (tagName, attribs) => ({
    tagName,
    attribs: dropUndefined({
      ...attribs,
      src: absoluteUrl(attribs.src, base),
      srcset: absoluteSrcset(attribs.srcset, base),
      poster: absoluteUrl(attribs.poster, base),
      cite: absoluteUrl(attribs.cite, base),
      ...extra
    })
  });
  return {
    a: (tagName, attribs) => ({
      tagName,
      attribs: dropUndefined({
        ...attribs,
        href: absoluteUrl(attribs.href, base),
        rel: "noopener noreferrer",
        target: "_blank"
      })
    }),
    img: (tagName, attribs) => {
      const src = absoluteUrl(attribs.src, base);
      const safeSrc = src && /^data:/i.test(src) && !SAFE_DATA_IMAGE.test(src) ? void 0 : src;
      return withUrls({ loading: "lazy" })(tagName, { ...attribs, src: safeSrc ?? "" });
    },
    source: withUrls(),
    track: withUrls(),
    audio: withUrls({ controls: "" }),
    video: withUrls({ controls: "" }),
    iframe: withUrls({ sandbox: IFRAME_SANDBOX, loading: "lazy", allowfullscreen: "" }),
    blockquote: withUrls(),
    q: withUrls(),
    del: withUrls(),
    ins: withUrls()
  };
}
function dropUndefined(attribs) {
  return Object.fromEntries(Object.entries(attribs).filter((e) => e[1] !== void 0));
}
var BASE_OPTIONS = {
  allowedTags: [
    "p",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "code",
    "kbd",
    "samp",
    "var",
    "em",
    "strong",
    "b",
    "i",
    "u",
    "s",
    "strike",
    "del",
    "ins",
    "mark",
    "small",
    "sub",
    "sup",
    "abbr",
    "cite",
    "q",
    "dfn",
    "time",
    "span",
    "div",
    "section",
    "article",
    "aside",
    "header",
    "footer",
    "details",
    "summary",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "a",
    "img",
    "picture",
    "source",
    "figure",
    "figcaption",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "colgroup",
    "col",
    "audio",
    "video",
    "track",
    "iframe",
    "ruby",
    "rt",
    "rp",
    "bdi",
    "bdo",
    "wbr",
    "address"
  ],
  allowedAttributes: {
    "*": ["dir", "lang", "title"],
    a: ["href", "rel", "target", "hreflang"],
    img: ["src", "srcset", "sizes", "alt", "width", "height", "loading"],
    source: ["src", "srcset", "sizes", "type", "media"],
    audio: ["src", "controls", "preload", "loop", "muted"],
    video: ["src", "controls", "poster", "preload", "loop", "muted", "width", "height", "playsinline"],
    track: ["src", "kind", "srclang", "label", "default"],
    iframe: ["src", "width", "height", "sandbox", "loading", "allowfullscreen"],
    blockquote: ["cite"],
    q: ["cite"],
    del: ["cite", "datetime"],
    ins: ["cite", "datetime"],
    time: ["datetime"],
    td: ["colspan", "rowspan", "headers"],
    th: ["colspan", "rowspan", "headers", "scope"],
    col: ["span"],
    colgroup: ["span"],
    ol: ["start", "reversed", "type"],
    li: ["value"]
  },
  selfClosing: ["img", "br", "hr", "wbr", "source", "track", "col"],
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["http", "https", "data"] },
  allowedSchemesAppliedToAttributes: ["href", "src", "cite", "poster"],
  allowProtocolRelative: false,
  allowedIframeHostnames: Object.keys(EMBED_HOSTS),
  allowIframeRelativeUrls: false,
  // Elements whose content must go with them, not be kept as text.
  nonTextTags: [
    "script",
    "style",
    "textarea",
    "option",
    "select",
    "noscript",
    "title",
    "template",
    "svg",
    "math",
    "head"
  ],
  exclusiveFilter: (frame) => frame.tag === "img" && (!frame.attribs.src || isTrackingPixel(frame.attribs)) || frame.tag === "iframe" && !isAllowedEmbed(frame.attribs.src) || (frame.tag === "source" || frame.tag === "track") && !frame.attribs.src && !frame.attribs.srcset
};
function sanitizeEntryHtml(html, baseUrl, mediaKey2) {
  return sanitizeHtml2(html, { ...BASE_OPTIONS, transformTags: proxyImages(transforms(baseUrl), mediaKey2) }).trim();
}

// server/entries/entries-repo.ts
function entryForUser(db2, userId, entryId2) {
  return stmt(
    db2,
    `SELECT e.id, e.feed_id, e.url, e.full_content, e.extract_error, e.extracted_at FROM entries e
		 WHERE e.id = ? AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.feed_id = e.feed_id AND s.user_id = ?)`
  ).get(entryId2, userId);
}
function saveFullContent(db2, entryId2, html, at, version2) {
  stmt(db2, "UPDATE entries SET full_content = ?, extract_error = NULL, extracted_at = ?, version = ? WHERE id = ?").run(
    html,
    at,
    version2,
    entryId2
  );
}
function saveExtractError(db2, entryId2, error, at) {
  stmt(db2, "UPDATE entries SET extract_error = ?, extracted_at = ? WHERE id = ?").run(error, at, entryId2);
}

// server/entries/extract.ts
var EXTRACT_RETRY_MS = 6 * 60 * 60 * 1e3;
var MAX_PAGE_BYTES = 5 * 1024 * 1024;
async function extractEntry(ctx, userId, entryId2) {
  const entry2 = entryForUser(ctx.db, userId, entryId2);
  if (!entry2) throw notFound("no such entry");
  if (entry2.full_content !== null) return result(entry2.id, entry2.full_content, null, entry2.extracted_at);
  if (entry2.extract_error !== null && entry2.extracted_at !== null && ctx.now - entry2.extracted_at < EXTRACT_RETRY_MS) {
    return result(entry2.id, null, entry2.extract_error, entry2.extracted_at);
  }
  let html;
  try {
    if (!entry2.url) throw new Error("this entry has no link to an article");
    html = await fetchArticle(ctx, entry2.url);
  } catch (err) {
    const message = err.message;
    writeTransaction(ctx.db, () => saveExtractError(ctx.db, entry2.id, message, ctx.now));
    return result(entry2.id, null, message, ctx.now);
  }
  writeTransaction(ctx.db, () => saveFullContent(ctx.db, entry2.id, html, ctx.now, nextVersion(ctx.db)));
  ctx.bus.notify(subscriberIds(ctx.db, entry2.feed_id));
  return result(entry2.id, html, null, ctx.now);
}
function result(entryId2, fullContent, error, extractedAt) {
  return {
    entryId: entryId2,
    status: error === null ? "ok" : "failed",
    fullContent,
    error,
    extractedAt,
    retryAt: error !== null && extractedAt !== null ? extractedAt + EXTRACT_RETRY_MS : null
  };
}
async function fetchArticle(ctx, url) {
  const response = await safeFetch(url, {
    allowPrivate: ctx.allowPrivate,
    maxBytes: MAX_PAGE_BYTES,
    timeoutMs: ctx.timeoutMs
  });
  const contentType = response.headers.get("content-type") ?? "";
  if (!/html/i.test(contentType)) throw new Error(`the article is not a web page (${contentType || "no type"})`);
  const { document } = parseHTML(decode(response.body, contentType));
  const article = new Readability(document).parse();
  if (!article?.content) throw new Error("no article text could be found on the page");
  const clean = sanitizeEntryHtml(article.content, response.url, ctx.mediaKey);
  if (!clean.trim()) throw new Error("no article text could be found on the page");
  return clean;
}
function decode(body, contentType) {
  const declared = /charset=["']?([\w-]+)/i.exec(contentType)?.[1] ?? /<meta[^>]+charset=["']?([\w-]+)/i.exec(body.subarray(0, 2048).toString("latin1"))?.[1];
  return declared && iconv.encodingExists(declared) ? iconv.decode(body, declared) : body.toString("utf8");
}

// server/entries/search.ts
import { SqliteError as SqliteError2 } from "better-sqlite3";

// server/entries/search-repo.ts
var MATCH_START = "\uE000";
var MATCH_END = "\uE001";
function searchEntries(db2, userId, match, limit) {
  return stmt(
    db2,
    `SELECT e.id, e.feed_id, e.url, e.published_at,
		   highlight(entries_fts, 0, ?, ?) AS title_marked,
		   snippet(entries_fts, 2, ?, ?, '\u2026', 24) AS snippet_marked,
		   bm25(entries_fts, 10.0, 3.0, 1.0) AS rank
		 FROM entries_fts JOIN entries e ON e.id = entries_fts.rowid
		 WHERE entries_fts MATCH ? AND e.feed_id IN (SELECT feed_id FROM subscriptions WHERE user_id = ?)
		 ORDER BY rank LIMIT ?`
  ).all(MATCH_START, MATCH_END, MATCH_START, MATCH_END, match, userId, limit);
}

// server/entries/search.ts
function toMatchQuery(q) {
  const terms = q.replace(new RegExp("\\p{Cc}", "gu"), " ").split(/\s+/).map((word) => {
    const prefix = word.endsWith("*");
    const text = word.replace(/\*+$/, "");
    return text ? `"${text.replaceAll('"', '""')}"${prefix ? "*" : ""}` : "";
  }).filter(Boolean);
  return terms.length ? terms.join(" ") : null;
}
var escapeHtml = (text) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
function markedToHtml(marked) {
  return escapeHtml(marked).replaceAll(MATCH_START, "<mark>").replaceAll(MATCH_END, "</mark>");
}
function search(db2, userId, q, limit) {
  const match = toMatchQuery(q);
  if (!match) return [];
  let rows;
  try {
    rows = searchEntries(db2, userId, match, limit);
  } catch (err) {
    if (err instanceof SqliteError2 && /fts5|syntax/i.test(err.message)) {
      throw invalid(`the search query cannot be understood: ${err.message}`);
    }
    throw err;
  }
  return rows.map((row) => ({
    entryId: row.id,
    feedId: row.feed_id,
    url: row.url,
    publishedAt: row.published_at,
    titleHtml: markedToHtml(row.title_marked),
    snippetHtml: markedToHtml(row.snippet_marked)
  }));
}

// server/entries/routes.ts
var entryIdParam = z9.object({ id: z9.coerce.number().int().positive() });
var searchQuery = z9.object({
  q: z9.string().trim().min(1).max(500),
  limit: z9.coerce.number().int().min(1).max(100).default(30)
});
function entriesRoutes(deps) {
  const router = Router5();
  const now = deps.now ?? Date.now;
  const auth = requireAuth(deps.db, now, deps.logger);
  const mediaKey2 = mediaKey(deps.config);
  router.post("/entries/:id/extract", auth, async (req, res) => {
    const { id } = parse(entryIdParam, req.params, "entry id");
    const ctx = {
      db: deps.db,
      bus: deps.bus,
      allowPrivate: deps.config.ALLOW_PRIVATE_FEEDS,
      now: now(),
      mediaKey: mediaKey2
    };
    res.json(await extractEntry(ctx, currentAuth(req).userId, id));
  });
  router.get("/search", auth, (req, res) => {
    const { q, limit } = parse(searchQuery, req.query, "search");
    res.json({ results: search(deps.db, currentAuth(req).userId, q, limit) });
  });
  return router;
}

// server/feeds/routes.ts
import express, { Router as Router7 } from "express";
import { z as z13 } from "zod";

// server/feeds/discover/routes.ts
import { Router as Router6 } from "express";
import { z as z10 } from "zod";

// server/feeds/parse/decode-body.ts
import iconv2 from "iconv-lite";
var BOMS = [
  [[239, 187, 191], "utf-8"],
  [[255, 254], "utf-16le"],
  [[254, 255], "utf-16be"]
];
function decodeBody(body, contentType) {
  if (typeof body === "string") return { text: body.replace(/^\uFEFF/, ""), charset: "utf-16" };
  for (const [bytes, charset] of BOMS) {
    if (bytes.every((b, i) => body[i] === b))
      return { text: iconv2.decode(body.subarray(bytes.length), charset), charset };
  }
  const declared = xmlDeclarationCharset(body) ?? contentTypeCharset(contentType);
  if (declared && iconv2.encodingExists(declared) && !/^utf-?8$/i.test(declared)) {
    return { text: iconv2.decode(body, declared), charset: declared.toLowerCase() };
  }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(body), charset: "utf-8" };
  } catch {
    return { text: iconv2.decode(body, "windows-1252"), charset: "windows-1252" };
  }
}
function xmlDeclarationCharset(body) {
  const head = body.subarray(0, 256).toString("latin1");
  return /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)?.[1] ?? null;
}
function contentTypeCharset(contentType) {
  return /;\s*charset\s*=\s*"?([A-Za-z0-9._:-]+)/i.exec(contentType ?? "")?.[1] ?? null;
}
var INVALID_XML_CHARS = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g;
var HAS_INVALID_XML_CHAR = new RegExp(INVALID_XML_CHARS.source);
function removeInvalidXmlChars(text) {
  const wellFormed = text.isWellFormed() ? text : text.toWellFormed();
  return HAS_INVALID_XML_CHAR.test(wellFormed) ? wellFormed.replace(INVALID_XML_CHARS, "") : wellFormed;
}
function stripDoctype(text) {
  const start = text.search(/<!DOCTYPE/i);
  if (start < 0) return text;
  const firstElement = text.search(/<[A-Za-z_]/);
  if (firstElement >= 0 && firstElement < start) return text;
  let depth = 0;
  let quote = null;
  for (let i = start + 9; i < text.length; i += 1) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "[") depth += 1;
    else if (c === "]") depth -= 1;
    else if (c === ">" && depth <= 0) return text.slice(0, start) + text.slice(i + 1);
  }
  return text.slice(0, start);
}

// server/feeds/parse/parse-feed.ts
import { parseFeed as parseWithFeedsmith } from "feedsmith";

// server/feeds/parse/raw-feed.ts
function resolveUrl(href, base) {
  const trimmed = href?.trim();
  if (!trimmed) return null;
  try {
    return new URL(trimmed, base).href;
  } catch {
    return null;
  }
}
function textToHtml(text) {
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  return escaped.trim().split(/\n\s*\n/).map((paragraph) => `<p>${paragraph.replace(/\n/g, "<br>")}</p>`).join("");
}
function firstNonEmpty(...values) {
  for (const value of values) if (value?.trim()) return value;
  return null;
}
function positiveNumber(value) {
  const n = typeof value === "number" ? value : Number(value);
  return Number.isFinite(n) && n > 0 ? n : null;
}

// server/feeds/parse/media-content.ts
function mediaContentHtml(media) {
  const group = media?.groups?.[0];
  const sources = [media, group, group?.contents?.[0], media?.contents?.[0]].filter(
    (s) => s !== void 0
  );
  const description = sources.map((s) => s.description).find((d) => d?.value?.trim());
  const thumbnail = firstNonEmpty(...sources.flatMap((s) => s.thumbnails ?? []).map((t) => t.url));
  const parts = [
    thumbnail ? `<p><img src="${thumbnail.replace(/"/g, "&quot;")}" alt=""></p>` : "",
    description?.value ? description.type === "html" ? description.value : textToHtml(description.value) : ""
  ].join("");
  return parts || null;
}

// server/feeds/parse/from-atom.ts
function fromAtom(feed, url) {
  const base = resolveUrl(feed.xml?.base, url) ?? url;
  const title = textOf(feed.title);
  return {
    title: title.value,
    titleIsHtml: title.isHtml,
    siteUrl: alternateLink(feed.links),
    description: textOf(feed.subtitle).value,
    iconUrl: firstNonEmpty(feed.icon, feed.logo),
    language: firstNonEmpty(feed.xml?.lang),
    ttlMinutes: null,
    base,
    entries: (feed.entries ?? []).map((entry2) => fromAtomEntry(entry2, base, feed.authors?.[0]?.name))
  };
}
function fromAtomEntry(entry2, feedBase, feedAuthor) {
  const base = resolveUrl(entry2.xml?.base, feedBase) ?? feedBase;
  const title = textOf(entry2.title);
  const summary = htmlOf(entry2.summary);
  return {
    id: firstNonEmpty(entry2.id),
    link: alternateLink(entry2.links),
    base,
    title: title.value,
    titleIsHtml: title.isHtml,
    author: firstNonEmpty(entry2.authors?.[0]?.name, entry2.authors?.[0]?.email, entry2.dc?.creators?.[0], feedAuthor),
    content: firstNonEmpty(htmlOf(entry2.content), summary, mediaContentHtml(entry2.media)),
    summary,
    published: firstNonEmpty(entry2.published, entry2.updated, entry2.dc?.dates?.[0]),
    updated: firstNonEmpty(entry2.updated),
    enclosures: (entry2.links ?? []).flatMap(
      (l) => l.rel === "enclosure" && l.href ? [{ url: l.href, type: l.type ?? null, length: positiveNumber(l.length) }] : []
    ),
    categories: (entry2.categories ?? []).map((c) => c.label ?? c.term ?? ""),
    language: firstNonEmpty(entry2.xml?.lang)
  };
}
function alternateLink(links) {
  const candidates = (links ?? []).filter((l) => l.href && (!l.rel || l.rel === "alternate"));
  return (candidates.find((l) => !l.type || /html/i.test(l.type)) ?? candidates[0])?.href ?? null;
}
function isHtmlType(type) {
  return !!type && /html/i.test(type);
}
function textOf(text) {
  if (typeof text === "string") return { value: firstNonEmpty(text), isHtml: false };
  return { value: firstNonEmpty(text?.value), isHtml: isHtmlType(text?.type) };
}
function htmlOf(text) {
  const { value, isHtml } = textOf(text);
  if (!value) return null;
  return isHtml ? value : textToHtml(value);
}

// server/feeds/parse/from-json.ts
function fromJson(feed, url) {
  const feedAuthor = feed.authors?.[0]?.name;
  return {
    title: feed.title ?? null,
    titleIsHtml: false,
    siteUrl: firstNonEmpty(feed.home_page_url),
    description: firstNonEmpty(feed.description),
    iconUrl: firstNonEmpty(feed.favicon, feed.icon),
    language: firstNonEmpty(feed.language),
    ttlMinutes: null,
    base: url,
    entries: (feed.items ?? []).map((item) => fromJsonItem(item, url, feedAuthor))
  };
}
function fromJsonItem(item, base, feedAuthor) {
  const text = firstNonEmpty(item.content_text);
  return {
    id: firstNonEmpty(item.id === void 0 ? void 0 : String(item.id)),
    link: firstNonEmpty(item.url, item.external_url),
    base,
    title: firstNonEmpty(item.title),
    titleIsHtml: false,
    author: firstNonEmpty(item.authors?.[0]?.name, feedAuthor),
    content: firstNonEmpty(item.content_html, text ? textToHtml(text) : null),
    summary: firstNonEmpty(item.summary),
    published: firstNonEmpty(item.date_published, item.date_modified),
    updated: firstNonEmpty(item.date_modified),
    enclosures: (item.attachments ?? []).flatMap(
      (a) => a.url ? [{ url: a.url, type: a.mime_type ?? null, length: positiveNumber(a.size_in_bytes) }] : []
    ),
    categories: item.tags ?? [],
    language: firstNonEmpty(item.language)
  };
}

// server/feeds/parse/from-rss.ts
function fromRss(feed, url) {
  const base = resolveUrl(feed.xml?.base, url) ?? url;
  return {
    title: feed.title ?? null,
    titleIsHtml: true,
    siteUrl: firstNonEmpty(feed.link),
    description: firstNonEmpty(feed.description, feed.itunes?.summary, feed.itunes?.subtitle),
    iconUrl: firstNonEmpty(feed.image?.url, feed.itunes?.image),
    language: firstNonEmpty(feed.language, feed.dc?.languages?.[0]),
    ttlMinutes: positiveNumber(feed.ttl),
    base,
    entries: (feed.items ?? []).map((item) => fromRssItem(item, base))
  };
}
function fromRssItem(item, feedBase) {
  const base = resolveUrl(item.xml?.base, feedBase) ?? feedBase;
  const guid = firstNonEmpty(item.guid?.value);
  const guidLink = guid && item.guid?.isPermaLink !== false && /^https?:\/\//i.test(guid) ? guid : null;
  const description = firstNonEmpty(item.description);
  const encoded = firstNonEmpty(item.content?.encoded);
  return {
    id: guid,
    link: firstNonEmpty(item.link, guidLink, item.atom?.links?.find((l) => !l.rel || l.rel === "alternate")?.href),
    base,
    title: firstNonEmpty(item.title, item.itunes?.title),
    titleIsHtml: true,
    author: firstNonEmpty(
      item.authors?.[0]?.name,
      item.authors?.[0]?.email,
      item.dc?.creators?.[0],
      item.itunes?.author,
      item.atom?.authors?.[0]?.name
    ),
    content: firstNonEmpty(encoded, description, item.itunes?.summary, mediaContentHtml(item.media)),
    summary: encoded ? description : null,
    published: firstNonEmpty(item.pubDate, item.dc?.dates?.[0], item.atom?.published, item.atom?.updated),
    updated: firstNonEmpty(item.atom?.updated, item.dcterms?.modified?.[0]),
    enclosures: (item.enclosures ?? []).flatMap(
      (e) => e.url ? [{ url: e.url, type: e.type ?? null, length: positiveNumber(e.length) }] : []
    ),
    categories: [...(item.categories ?? []).map((c) => c.name ?? ""), ...item.dc?.subjects ?? []],
    language: firstNonEmpty(item.dc?.languages?.[0], item.xml?.lang)
  };
}
function fromRdf(feed, url) {
  return {
    title: feed.title ?? null,
    titleIsHtml: true,
    siteUrl: firstNonEmpty(feed.link),
    description: firstNonEmpty(feed.description),
    iconUrl: firstNonEmpty(feed.image?.url),
    language: firstNonEmpty(feed.dc?.languages?.[0]),
    ttlMinutes: null,
    base: url,
    entries: (feed.items ?? []).map((item) => fromRdfItem(item, url))
  };
}
function fromRdfItem(item, base) {
  const description = firstNonEmpty(item.description);
  const encoded = firstNonEmpty(item.content?.encoded);
  return {
    id: firstNonEmpty(item.rdf?.about),
    link: firstNonEmpty(item.link, item.rdf?.about),
    base,
    title: firstNonEmpty(item.title),
    titleIsHtml: true,
    author: firstNonEmpty(item.dc?.creators?.[0]),
    content: firstNonEmpty(encoded, description),
    summary: encoded ? description : null,
    published: firstNonEmpty(item.dc?.dates?.[0]),
    updated: firstNonEmpty(item.dcterms?.modified?.[0]),
    enclosures: [],
    categories: item.dc?.subjects ?? [],
    language: firstNonEmpty(item.dc?.languages?.[0])
  };
}

// server/feeds/parse/normalize.ts
import { createHash as createHash3 } from "node:crypto";

// src/lib/shared/safe-link.ts
var WEB_SCHEMES = /* @__PURE__ */ new Set(["http:", "https:"]);
function safeLink(href) {
  if (!href) return null;
  try {
    const url = new URL(href.trim());
    return WEB_SCHEMES.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

// server/feeds/parse/text-direction.ts
var RTL_LANGUAGES = /* @__PURE__ */ new Set([
  "ar",
  "arc",
  "ckb",
  "dv",
  "fa",
  "ha-arab",
  "he",
  "iw",
  "khw",
  "ks",
  "ku-arab",
  "lrc",
  "mzn",
  "nqo",
  "pnb",
  "ps",
  "sd",
  "syr",
  "ug",
  "ur",
  "yi",
  "ji"
]);
var RTL_LETTER = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}]/gu;
var LETTER = new RegExp("\\p{L}", "gu");
var HAS_RTL_LETTER = new RegExp(RTL_LETTER.source, "u");
function isRtlLanguage(language) {
  if (!language) return false;
  const tag = language.toLowerCase().replace(/_/g, "-");
  if (/-(arab|hebr|syrc|thaa|nkoo)\b/.test(tag)) return true;
  return RTL_LANGUAGES.has(tag.split("-")[0]);
}
function detectDirection(text) {
  const sample = text.slice(0, 2e3);
  if (!HAS_RTL_LETTER.test(sample)) return "ltr";
  const rtl = sample.match(RTL_LETTER)?.length ?? 0;
  const letters = sample.match(LETTER)?.length ?? 0;
  return rtl > letters - rtl ? "rtl" : "ltr";
}
function mayHoldRtlLetter(html) {
  return HAS_RTL_LETTER.test(html) || html.includes("&#");
}
function textDirection(language, text) {
  if (language) return isRtlLanguage(language) ? "rtl" : "ltr";
  return detectDirection(text());
}

// server/feeds/parse/normalize.ts
var DAY_MS = 24 * 60 * 60 * 1e3;
function normalizeFeed(raw, feedUrl, now) {
  const siteUrl = safeLink(resolveUrl(raw.siteUrl, raw.base));
  const title = titleText(raw.title, raw.titleIsHtml);
  return {
    title: title || new URL(siteUrl ?? feedUrl).hostname || feedUrl,
    siteUrl,
    description: raw.description ? toPlainText(raw.description) || null : null,
    iconUrl: resolveUrl(raw.iconUrl, raw.base),
    language: raw.language?.trim() || null,
    ttlMinutes: raw.ttlMinutes,
    entries: raw.entries.map((entry2) => normalizeEntry(entry2, raw.language?.trim() || null, now))
  };
}
function normalizeEntry(raw, feedLanguage, now) {
  const url = safeLink(resolveUrl(raw.link, raw.base));
  const title = titleText(raw.title, raw.titleIsHtml);
  const language = raw.language?.trim() || feedLanguage;
  const publishedAt = parseDate(raw.published, now) ?? parseDate(raw.updated, now) ?? now;
  return {
    guid: raw.id?.trim() || url || contentHash(raw),
    url,
    title,
    author: raw.author ? toPlainText(raw.author) || null : null,
    content: raw.content,
    summary: raw.summary,
    publishedAt,
    updatedAt: parseDate(raw.updated, now),
    enclosures: raw.enclosures.flatMap((e) => {
      const resolved = resolveUrl(e.url, raw.base);
      return resolved ? [{ ...e, url: resolved }] : [];
    }),
    categories: [...new Set(raw.categories.map((c) => toPlainText(c)).filter(Boolean))],
    language,
    dir: entryDirection(language, title, (raw.content ?? raw.summary ?? "").slice(0, 4e3))
  };
}
function entryDirection(language, title, html) {
  return textDirection(language, () => mayHoldRtlLetter(title + html) ? `${title} ${toPlainText(html)}` : "");
}
function titleText(title, isHtml) {
  if (!title) return "";
  return isHtml ? toPlainText(title) : title.replace(/\s+/g, " ").trim();
}
function contentHash(raw) {
  const hash = createHash3("sha256");
  for (const part of [raw.title, raw.published ?? raw.updated, raw.content ?? raw.summary])
    hash.update(`${part ?? ""}\0`);
  return `sha256:${hash.digest("hex")}`;
}
function parseDate(value, now) {
  if (!value) return null;
  const parsed = Date.parse(value.trim());
  if (!Number.isFinite(parsed) || parsed <= DAY_MS) return null;
  return parsed > now + DAY_MS ? now : parsed;
}

// server/feeds/parse/not-a-feed-error.ts
var NotAFeedError = class extends Error {
  constructor(reason) {
    super(`this is not a feed: ${reason}`);
    this.name = "NotAFeedError";
  }
};

// server/feeds/parse/parse-feed.ts
function parseFeed(body, options) {
  return parseFeedWithKind(body, options).feed;
}
function parseFeedWithKind(body, options) {
  const { text } = decodeBody(body, options.contentType);
  const cleaned = stripDoctype(removeInvalidXmlChars(text)).trim();
  if (!cleaned) throw new NotAFeedError("the document is empty");
  const { kind, raw } = toRawFeed(cleaned, options.url);
  return { kind, feed: normalizeFeed(raw, options.url, options.now) };
}
function toRawFeed(text, url) {
  let parsed;
  try {
    parsed = parseWithFeedsmith(text);
  } catch {
    throw new NotAFeedError(describe(text));
  }
  switch (parsed.format) {
    case "rss":
      return { kind: "rss", raw: fromRss(parsed.feed, url) };
    case "rdf":
      return { kind: "rss", raw: fromRdf(parsed.feed, url) };
    case "atom":
      return { kind: "atom", raw: fromAtom(parsed.feed, url) };
    case "json":
      return { kind: "json", raw: fromJson(parsed.feed, url) };
  }
}
function describe(text) {
  const start = text.slice(0, 1e3);
  if (/^(<!--[\s\S]*?-->\s*)*<!doctype html|<html[\s>]/i.test(start)) {
    return "it is an HTML page (look for the feed link on it)";
  }
  if (/^[[{]/.test(start)) return "it is JSON, but not a JSON Feed";
  const root = /<([A-Za-z_][\w:.-]*)/.exec(start.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, ""))?.[1];
  if (root) return `the document's root element <${root}> is not rss, feed or rdf:RDF`;
  return "it is neither XML nor JSON";
}

// server/feeds/discover/feed-links.ts
import { Parser as Parser2 } from "htmlparser2";
var KIND_BY_TYPE = {
  "application/rss+xml": "rss",
  "application/rdf+xml": "rss",
  "application/atom+xml": "atom",
  "application/feed+json": "json",
  "application/json": "json"
};
function findFeedLinks(html, pageUrl) {
  let base = pageUrl;
  const found = [];
  let inTitle = false;
  let pageTitle = "";
  const parser = new Parser2(
    {
      onopentag(name2, attribs) {
        if (name2 === "base" && attribs.href) base = resolve(attribs.href, pageUrl) ?? base;
        if (name2 === "title") inTitle = true;
        if (name2 !== "link" || !attribs.href) return;
        const rel = (attribs.rel ?? "").toLowerCase().split(/\s+/);
        const kind = KIND_BY_TYPE[(attribs.type ?? "").toLowerCase().split(";")[0].trim()];
        if (rel.includes("alternate") && kind)
          found.push({ href: attribs.href, title: attribs.title?.trim() || null, kind });
      },
      ontext(text) {
        if (inTitle) pageTitle += text;
      },
      onclosetag(name2) {
        if (name2 === "title") inTitle = false;
      }
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true }
  );
  parser.end(html);
  const links = /* @__PURE__ */ new Map();
  for (const link of found) {
    const url = resolve(link.href, base);
    if (url && /^https?:/.test(url) && !links.has(url)) links.set(url, { url, title: link.title, kind: link.kind });
  }
  return { links: [...links.values()], pageTitle: pageTitle.replace(/\s+/g, " ").trim() || null };
}
function resolve(href, base) {
  try {
    return new URL(href.trim(), base).href;
  } catch {
    return null;
  }
}
function looksLikeHtml(text, contentType) {
  if (contentType && /\bhtml\b/i.test(contentType) && !/xhtml/i.test(contentType)) return true;
  return /^\s*(<!--[\s\S]*?-->\s*)*(<!doctype html|<html[\s>]|<head[\s>])/i.test(text.slice(0, 2e3));
}

// server/feeds/discover/discover.ts
var NoFeedFoundError = class extends DomainError {
  constructor(url, detail) {
    super("not_found", `no feed found at ${url}: ${detail}`);
    this.name = "NoFeedFoundError";
  }
};
var WELL_KNOWN_PATHS = ["/feed", "/rss", "/atom.xml", "/feed.xml", "/index.xml", "/rss.xml"];
var CANDIDATE_LIMITS = { timeoutMs: 8e3, maxBytes: 2 * 1024 * 1024 };
var MAX_CANDIDATES = 8;
var ACCEPT = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/html;q=0.8, */*;q=0.5";
async function discoverFeeds(url, options) {
  const fetchOptions = { ...options, headers: { Accept: ACCEPT } };
  const page = await safeFetch(url, fetchOptions);
  const asFeed = tryParse(page, url);
  if (asFeed) return { feeds: [asFeed] };
  const contentType = page.headers.get("content-type");
  const text = decodeBody(page.body, contentType).text;
  if (looksLikeHtml(text, contentType)) {
    const { links, pageTitle } = findFeedLinks(text, page.url);
    if (links.length > 0) {
      const checked = await Promise.all(
        links.slice(0, MAX_CANDIDATES).map(async (link) => {
          const result2 = await fetchCandidate(link.url, fetchOptions);
          if (result2 === "not_a_feed") return null;
          return result2 ?? { url: link.url, title: link.title ?? pageTitle ?? new URL(link.url).hostname, kind: link.kind };
        })
      );
      const feeds2 = checked.filter((f) => f !== null);
      if (feeds2.length > 0) return { feeds: dedupe(feeds2) };
    }
  }
  const origin = new URL(page.url).origin;
  const wellKnown = await Promise.all(WELL_KNOWN_PATHS.map((path9) => fetchCandidate(origin + path9, fetchOptions)));
  const feeds = wellKnown.filter((f) => typeof f === "object" && f !== null);
  if (feeds.length > 0) return { feeds: dedupe(feeds) };
  throw new NoFeedFoundError(
    url,
    "the page links to no feed, and none is at the usual paths (/feed, /rss, /atom.xml\u2026)"
  );
}
var HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
async function discoverTypedAddress(address, options) {
  if (HAS_SCHEME.test(address)) return discoverFeeds(address, options);
  try {
    return await discoverFeeds(`https://${address}`, options);
  } catch (err) {
    if (!(err instanceof FetchError) || err.code !== "network") throw err;
    return discoverFeeds(`http://${address}`, options);
  }
}
async function fetchCandidate(url, options) {
  try {
    return tryParse(await safeFetch(url, { ...options, ...CANDIDATE_LIMITS }), url) ?? "not_a_feed";
  } catch (err) {
    if (err instanceof FetchError) return err.code === "http" ? "not_a_feed" : null;
    throw err;
  }
}
function tryParse(response, requestedUrl) {
  const url = response.redirects === 0 || response.permanentRedirect ? response.url : requestedUrl;
  try {
    const { kind, feed } = parseFeedWithKind(response.body, {
      url: response.url,
      contentType: response.headers.get("content-type"),
      now: Date.now()
    });
    return { url, title: feed.title, kind };
  } catch (err) {
    if (err instanceof NotAFeedError) return null;
    throw err;
  }
}
function dedupe(feeds) {
  return [...new Map(feeds.map((f) => [f.url, f])).values()];
}
async function discoverFor(address, options) {
  try {
    return await discoverTypedAddress(address, options);
  } catch (err) {
    if (!(err instanceof FetchError)) throw err;
    if (err.code === "blocked_address" || err.code === "bad_scheme" || err.code === "bad_url") {
      throw new DomainError("invalid", err.message);
    }
    throw new DomainError("upstream", `could not read that address: ${err.message}`);
  }
}

// server/feeds/discover/routes.ts
var discoverBody = z10.object({
  url: z10.string().trim().min(1).max(2048).refine((raw) => URL.canParse(raw) || URL.canParse(`https://${raw}`), { message: "not a valid URL" })
});
function discoverRoutes(deps) {
  const router = Router6();
  const auth = requireAuth(deps.db, deps.now ?? Date.now, deps.logger);
  router.post("/discover", auth, async (req, res) => {
    const { url } = parse(discoverBody, req.body);
    res.json(await discoverFor(url, { allowPrivate: deps.config.ALLOW_PRIVATE_FEEDS }));
  });
  return router;
}

// server/feeds/icons/icons-repo.ts
function saveIcon(db2, feedId, icon) {
  stmt(
    db2,
    `INSERT INTO feed_icons (feed_id, content_type, data, source_url, fetched_at) VALUES (?, ?, ?, ?, ?)
		 ON CONFLICT (feed_id) DO UPDATE SET content_type = excluded.content_type, data = excluded.data,
		 source_url = excluded.source_url, fetched_at = excluded.fetched_at`
  ).run(feedId, icon.contentType, icon.data, icon.sourceUrl, icon.now);
}
function getIcon(db2, feedId) {
  return stmt(db2, "SELECT content_type, data, fetched_at FROM feed_icons WHERE feed_id = ?").get(
    feedId
  );
}

// server/feeds/fetch/fetch-feed.ts
import { createHash as createHash4 } from "node:crypto";
var FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/html;q=0.5, */*;q=0.1";
function hashBody(body) {
  return createHash4("sha256").update(body).digest("hex");
}
async function fetchFeed(url, validators, options) {
  const now = options.now ?? Date.now();
  const headers = { Accept: FEED_ACCEPT };
  if (validators.etag) headers["If-None-Match"] = validators.etag;
  if (validators.lastModified) headers["If-Modified-Since"] = validators.lastModified;
  try {
    const response = await safeFetch(url, { ...options, headers, acceptErrorStatus: true });
    const notBefore = notBeforeFrom(response.headers, now);
    const etag = response.headers.get("etag");
    const lastModified = response.headers.get("last-modified");
    if (response.status === 304) return { kind: "not_modified", status: 304, etag, lastModified, notBefore };
    if (response.status < 200 || response.status >= 300) {
      return { kind: "error", ...httpFailure(response.status, response.url), notBefore };
    }
    const bodyHash = hashBody(response.body);
    return {
      kind: "ok",
      finalUrl: response.url,
      permanentRedirect: response.permanentRedirect,
      status: response.status,
      body: response.body,
      contentType: response.headers.get("content-type"),
      etag,
      lastModified,
      notBefore,
      bodyHash,
      unchanged: bodyHash === validators.bodyHash
    };
  } catch (err) {
    if (!(err instanceof FetchError)) throw err;
    return { kind: "error", status: err.status, message: err.message, gone: false, notBefore: null };
  }
}
function httpFailure(status2, url) {
  const host = new URL(url).host;
  if (status2 === 410) return { status: status2, message: `the feed is gone: ${host} answered 410 Gone`, gone: true };
  if (status2 === 404)
    return { status: status2, message: `no feed at this address any more: ${host} answered 404 Not Found`, gone: false };
  if (status2 === 401 || status2 === 403) return { status: status2, message: `${host} refused access (${status2})`, gone: false };
  if (status2 === 429) return { status: status2, message: `${host} asks us to slow down (429)`, gone: false };
  return { status: status2, message: `${host} answered ${status2}`, gone: false };
}
function notBeforeFrom(headers, now) {
  const retryAfter = headers.get("retry-after")?.trim();
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter)) return now + Number(retryAfter) * 1e3;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(now, date);
  }
  const maxAge = /(?:^|,)\s*max-age\s*=\s*"?(\d+)/i.exec(headers.get("cache-control") ?? "");
  if (maxAge) return now + Number(maxAge[1]) * 1e3;
  return null;
}

// server/feeds/refresh/parse-off-thread.ts
import { availableParallelism } from "node:os";

// server/workers/start-worker.ts
import { createRequire } from "node:module";
import path2 from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
function workerEntry(callerUrl, name2) {
  return new URL(callerUrl.endsWith(".ts") ? `./${name2}.ts` : `./${name2}.js`, callerUrl);
}
function startWorker(entry2, options = {}) {
  if (!entry2.pathname.endsWith(".ts")) return new Worker(entry2, options);
  return new Worker(tsxBootstrap(entry2), { ...options, eval: true });
}
function tsxBootstrap(entry2) {
  const tsxDir = path2.dirname(createRequire(import.meta.url).resolve("tsx/package.json"));
  const tsxApi = pathToFileURL(path2.join(tsxDir, "dist", "esm", "api", "index.mjs")).href;
  return `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry2.href)}); });`;
}

// server/feeds/refresh/parse-pool.ts
var ParsePool = class {
  #o;
  #slots = [];
  #queue = [];
  #nextId = 1;
  #idleTimer = null;
  constructor(options) {
    this.#o = options;
  }
  /** Resolves with the parsed, sanitized feed; rejects with the parser's message (e.g. "this is not a feed"). */
  parse(body, options) {
    if (this.#queue.length >= this.#o.maxQueued) {
      return Promise.reject(new Error("too many feeds are waiting to be parsed; try again later"));
    }
    return new Promise((resolve2, reject) => {
      this.#queue.push({ body, options, resolve: resolve2, reject });
      this.#dispatch();
    });
  }
  get workerCount() {
    return this.#slots.length;
  }
  /** Stops every worker; jobs running or waiting fail. */
  async close() {
    const slots = this.#slots.splice(0);
    for (const waiting of this.#queue.splice(0)) waiting.reject(new Error("the feed parser stopped"));
    await Promise.all(slots.map((slot) => this.#end(slot, new Error("the feed parser stopped"))));
  }
  #dispatch() {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
    while (this.#queue.length > 0) {
      const slot = this.#slots.find((s) => s.job === null) ?? this.#spawn();
      if (!slot) return;
      const waiting = this.#queue.shift();
      const id = this.#nextId++;
      const timer = setTimeout(
        () => void this.#retire(slot, new Error(`parsing took longer than ${this.#o.jobTimeoutMs / 1e3} s`)),
        this.#o.jobTimeoutMs
      ).unref();
      slot.job = { ...waiting, id, timer };
      slot.worker.postMessage({ id, body: waiting.body, options: waiting.options });
    }
    if (this.#slots.every((s) => s.job === null)) {
      this.#idleTimer = setTimeout(() => void this.close(), this.#o.idleMs).unref();
    }
  }
  #spawn() {
    if (this.#slots.length >= this.#o.size) return void 0;
    const worker = startWorker(workerEntry(import.meta.url, "parse-worker"), {
      // A hostile document must not take the server's memory with it.
      resourceLimits: { maxOldGenerationSizeMb: 512 }
    });
    worker.unref();
    const slot = { worker, job: null };
    worker.on("message", (reply) => {
      const job = slot.job;
      if (!job || job.id !== reply.id) return;
      clearTimeout(job.timer);
      slot.job = null;
      if (reply.ok) job.resolve(reply.feed);
      else job.reject(new Error(reply.message));
      this.#dispatch();
    });
    worker.on("error", (err) => void this.#retire(slot, err));
    worker.on("exit", (code) => void this.#retire(slot, new Error(`the feed parser stopped (exit ${code})`)));
    this.#slots.push(slot);
    return slot;
  }
  /** Takes a failed worker out of the pool; the jobs waiting go to the others or to a new one. */
  async #retire(slot, err) {
    const index = this.#slots.indexOf(slot);
    if (index < 0) return;
    this.#slots.splice(index, 1);
    const ended = this.#end(slot, err);
    this.#dispatch();
    await ended;
  }
  async #end(slot, err) {
    if (slot.job) {
      clearTimeout(slot.job.timer);
      slot.job.reject(err);
      slot.job = null;
    }
    await slot.worker.terminate();
  }
};

// server/feeds/refresh/prepare-entries.ts
import { createHash as createHash5 } from "node:crypto";
var SUMMARY_MAX_LENGTH = 400;
function parseAndPrepareNow(body, options) {
  const { entries, ...feed } = parseFeed(Buffer.from(body.buffer, body.byteOffset, body.byteLength), options);
  return { ...feed, entries: uniqueByGuid(entries).map((entry2) => prepareEntry(entry2, options.url, options.mediaKey)) };
}
function uniqueByGuid(entries) {
  const seen = /* @__PURE__ */ new Set();
  return entries.filter((entry2) => {
    if (seen.has(entry2.guid)) return false;
    seen.add(entry2.guid);
    return true;
  });
}
function prepareEntry(entry2, feedUrl, mediaKey2) {
  const base = entry2.url ?? feedUrl;
  const content = entry2.content ? sanitizeEntryHtml(entry2.content, base, mediaKey2) : null;
  const summaryText = toPlainText(entry2.summary ?? entry2.content ?? "").slice(0, SUMMARY_MAX_LENGTH).trim();
  const summary = summaryText || null;
  const stored = {
    guid: entry2.guid,
    url: entry2.url,
    title: entry2.title,
    author: entry2.author,
    summary,
    content,
    publishedAt: entry2.publishedAt,
    updatedAt: entry2.updatedAt,
    enclosures: JSON.stringify(entry2.enclosures),
    categories: JSON.stringify(entry2.categories),
    language: entry2.language,
    dir: entry2.dir
  };
  const { publishedAt: _publishedAt, ...hashed } = stored;
  const contentHash2 = createHash5("sha256").update(JSON.stringify(hashed)).digest("base64url");
  return { ...stored, contentHash: contentHash2, plainText: toPlainText(content ?? "") || (summary ?? "") };
}

// server/feeds/refresh/parse-off-thread.ts
var OFF_THREAD_BYTES = 8 * 1024;
var pool = new ParsePool({
  size: Math.max(1, Math.min(4, availableParallelism() - 1)),
  maxQueued: 100,
  jobTimeoutMs: 6e4,
  idleMs: 6e4
});
function parseAndPrepare(body, options) {
  if (body.length < OFF_THREAD_BYTES) return Promise.resolve().then(() => parseAndPrepareNow(body, options));
  return pool.parse(body, options);
}

// server/feeds/refresh/schedule-policy.ts
var MINUTE = 6e4;
var HOUR2 = 60 * MINUTE;
var MIN_INTERVAL_MS = 15 * MINUTE;
var MAX_INTERVAL_MS = 24 * HOUR2;
var RATE_WINDOW_MS = 7 * 24 * HOUR2;
var JITTER = 0.1;
var clamp = (value, min, max) => Math.min(max, Math.max(min, value));
function adaptiveIntervalMs(recentPublishTimes2) {
  if (recentPublishTimes2.length === 0) return MAX_INTERVAL_MS;
  return clamp(RATE_WINDOW_MS / recentPublishTimes2.length / 2, MIN_INTERVAL_MS, MAX_INTERVAL_MS);
}
function backoffMs(consecutiveErrors) {
  return Math.min(MAX_INTERVAL_MS, MIN_INTERVAL_MS * 2 ** Math.min(consecutiveErrors - 1, 16));
}
function nextFetchAt(input) {
  let interval;
  if (input.consecutiveErrors > 0) interval = backoffMs(input.consecutiveErrors);
  else if (input.fixedIntervalMinutes !== void 0) interval = input.fixedIntervalMinutes * MINUTE;
  else interval = adaptiveIntervalMs(input.recentPublishTimes);
  if (input.ttlMinutes) interval = Math.max(interval, Math.min(input.ttlMinutes * MINUTE, MAX_INTERVAL_MS));
  const jittered = interval * (1 + JITTER * (2 * input.random - 1));
  return Math.max(Math.round(input.now + jittered), input.notBefore ?? 0);
}

// server/feeds/entries-repo.ts
function entryHashes(db2, feedId) {
  const rows = stmt(
    db2,
    "SELECT id, guid, content_hash FROM entries WHERE feed_id = ?"
  ).all(feedId);
  return new Map(rows.map((row) => [row.guid, row]));
}
function entryHash(db2, feedId, guid) {
  return stmt(
    db2,
    "SELECT id, content_hash FROM entries WHERE feed_id = ? AND guid = ?"
  ).get(feedId, guid);
}
function tombstonedGuids(db2, feedId) {
  return new Set(
    stmt(db2, "SELECT guid FROM entry_tombstones WHERE feed_id = ?").all(feedId).map((row) => row.guid)
  );
}
function isTombstoned(db2, feedId, guid) {
  return stmt(
    db2,
    "SELECT 1 AS found FROM entry_tombstones WHERE feed_id = ? AND guid = ?"
  ).get(feedId, guid) !== void 0;
}
function insertEntry(db2, feedId, e, fetchedAt, version2) {
  const id = stmt(
    db2,
    `INSERT INTO entries (feed_id, guid, url, title, author, summary, content, published_at, updated_at, fetched_at,
		 enclosures, categories, language, dir, content_hash, version)
		 VALUES (@feedId, @guid, @url, @title, @author, @summary, @content, @publishedAt, @updatedAt, @fetchedAt,
		 @enclosures, @categories, @language, @dir, @contentHash, @version) RETURNING id`
  ).get({ ...entryParams(e), feedId, fetchedAt, version: version2 }).id;
  indexEntry(db2, id, e);
  return id;
}
function updateEntry(db2, entryId2, e, version2) {
  stmt(
    db2,
    `UPDATE entries SET url = @url, title = @title, author = @author, summary = @summary, content = @content,
		 updated_at = @updatedAt, enclosures = @enclosures, categories = @categories,
		 language = @language, dir = @dir, content_hash = @contentHash, version = @version WHERE id = @entryId`
  ).run({ ...entryParams(e), entryId: entryId2, version: version2 });
  stmt(db2, "DELETE FROM entries_fts WHERE rowid = ?").run(entryId2);
  indexEntry(db2, entryId2, e);
}
function entryParams(e) {
  const { plainText: _plainText, ...columns } = e;
  return columns;
}
function indexEntry(db2, entryId2, e) {
  stmt(db2, "INSERT INTO entries_fts (rowid, title, author, body) VALUES (?, ?, ?, ?)").run(
    entryId2,
    e.title,
    e.author ?? "",
    e.plainText
  );
}

// server/feeds/refresh/store-entries.ts
var ENTRIES_PER_TRANSACTION = 25;
var lastTurn = Promise.resolve();
function inItsOwnTurn(fn) {
  const turn = lastTurn.then(() => new Promise((resolve2) => setImmediate(resolve2))).then(fn);
  lastTurn = turn.catch(() => void 0);
  return turn;
}
function storeEntries(db2, feedId, entries, fetchedAt) {
  const counts = { added: 0, updated: 0 };
  for (const entry2 of entries) {
    const existing = entryHash(db2, feedId, entry2.guid);
    if (existing) {
      if (existing.content_hash === entry2.contentHash) continue;
      updateEntry(db2, existing.id, entry2, nextVersion(db2));
      counts.updated += 1;
    } else if (!isTombstoned(db2, feedId, entry2.guid)) {
      insertEntry(db2, feedId, entry2, fetchedAt, nextVersion(db2));
      counts.added += 1;
    }
  }
  return counts;
}
async function storeEntriesThen(db2, feedId, entries, fetchedAt, finish) {
  const counts = { added: 0, updated: 0 };
  const toWrite = changedOrNew(db2, feedId, entries);
  for (let start = 0; ; start += ENTRIES_PER_TRANSACTION) {
    const chunk = toWrite.slice(start, start + ENTRIES_PER_TRANSACTION);
    const last = start + ENTRIES_PER_TRANSACTION >= toWrite.length;
    const result2 = await inItsOwnTurn(
      () => writeTransaction(db2, () => {
        const stored = storeEntries(db2, feedId, chunk, fetchedAt);
        counts.added += stored.added;
        counts.updated += stored.updated;
        return last ? { done: true, value: finish(counts) } : { done: false };
      })
    );
    if (result2.done) return result2.value;
  }
}
function changedOrNew(db2, feedId, entries) {
  const stored = entryHashes(db2, feedId);
  const tombstoned = tombstonedGuids(db2, feedId);
  return entries.filter((entry2) => {
    const existing = stored.get(entry2.guid);
    return existing ? existing.content_hash !== entry2.contentHash : !tombstoned.has(entry2.guid);
  });
}

// server/feeds/icons/find-icon.ts
import { parseHTML as parseHTML2 } from "linkedom";
var MAX_ICON_BYTES = 64 * 1024;
var MAX_PAGE_BYTES2 = 1024 * 1024;
var TIMEOUT_MS = 1e4;
async function findIcon(siteUrl, feedIconUrl, allowPrivate) {
  const candidates = [];
  if (siteUrl) {
    candidates.push(...await declaredIcons(siteUrl, allowPrivate));
    candidates.push(new URL("/favicon.ico", siteUrl).href);
  }
  if (feedIconUrl) candidates.push(feedIconUrl);
  for (const url of new Set(candidates)) {
    const icon = await fetchIcon(url, allowPrivate);
    if (icon) return icon;
  }
  return null;
}
async function declaredIcons(siteUrl, allowPrivate) {
  try {
    const page = await safeFetch(siteUrl, { allowPrivate, timeoutMs: TIMEOUT_MS, maxBytes: MAX_PAGE_BYTES2 });
    if (!/html/i.test(page.headers.get("content-type") ?? "")) return [];
    const { document } = parseHTML2(page.body.toString("utf8"));
    const links = [...document.querySelectorAll("link[rel][href]")].filter(
      (link) => /(^|\s)(icon|apple-touch-icon)(\s|$)/i.test(link.getAttribute("rel") ?? "")
    );
    return links.flatMap((link) => {
      try {
        return [new URL(link.getAttribute("href"), page.url).href];
      } catch {
        return [];
      }
    });
  } catch {
    return [];
  }
}
async function fetchIcon(url, allowPrivate) {
  try {
    const response = await safeFetch(url, { allowPrivate, timeoutMs: TIMEOUT_MS, maxBytes: MAX_ICON_BYTES });
    const contentType = (response.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
    if (!/^image\/(png|x-icon|vnd\.microsoft\.icon|gif|jpeg|webp)$/.test(contentType)) return null;
    if (response.body.length === 0) return null;
    return { contentType, data: response.body, sourceUrl: response.url };
  } catch {
    return null;
  }
}

// server/feeds/icons/refresh-icon.ts
var ICON_RECHECK_MS = 7 * 24 * 60 * 60 * 1e3;
var iconPath = (feedId) => `/api/icons/${feedId}`;
async function refreshIconIfStale(ctx, feedId, siteUrl, feedIconUrl) {
  const feed = getFeed(ctx.db, feedId);
  if (!feed || feed.icon_checked_at !== null && ctx.now() - feed.icon_checked_at < ICON_RECHECK_MS) return;
  const icon = await findIcon(siteUrl, feedIconUrl, ctx.allowPrivate);
  const iconUrl = icon ? iconPath(feedId) : feed.icon_url;
  const changed = writeTransaction(ctx.db, () => {
    if (icon) saveIcon(ctx.db, feedId, { ...icon, now: ctx.now() });
    const changed2 = iconUrl !== feed.icon_url;
    setFeedIcon(ctx.db, feedId, iconUrl, ctx.now(), changed2 ? nextVersion(ctx.db) : null);
    return changed2;
  });
  if (changed) ctx.bus.notify(subscriberIds(ctx.db, feedId));
}

// server/feeds/refresh/refresh-feed.ts
async function refreshFeed(ctx, feedId) {
  const feed = getFeed(ctx.db, feedId);
  if (!feed) throw new Error(`feed ${feedId} does not exist`);
  const outcome = await fetchOutcome(ctx, feed);
  const fetchedAt = ctx.now();
  const sameBody = outcome.kind === "ok" && outcome.unchanged;
  let parsed = null;
  let failure = null;
  if (outcome.kind === "error") failure = outcome;
  if (outcome.kind === "ok" && !sameBody) {
    try {
      parsed = await parseAndPrepare(outcome.body, {
        url: outcome.finalUrl,
        contentType: outcome.contentType,
        now: fetchedAt,
        mediaKey: ctx.mediaKey
      });
    } catch (err) {
      failure = { status: outcome.status, message: err.message, gone: false, notBefore: outcome.notBefore };
    }
  }
  let stored;
  let state;
  try {
    ({ stored, state } = await storeEntriesThen(ctx.db, feedId, parsed?.entries ?? [], fetchedAt, (counts) => {
      const state2 = nextState(ctx, feed, outcome, failure, parsed, fetchedAt);
      saveFeedState(ctx.db, feedId, state2);
      return { stored: counts, state: state2 };
    }));
  } catch (err) {
    ctx.logger.warn({ err, feedId }, "could not store a refresh; the feed backs off");
    stored = { added: 0, updated: 0 };
    parsed = null;
    const message = `could not save this refresh: ${err.message}`;
    failure = { status: outcome.status, message, gone: false, notBefore: null };
    state = writeTransaction(ctx.db, () => {
      const state2 = nextState(ctx, feed, outcome, failure, null, fetchedAt);
      saveFeedState(ctx.db, feedId, state2);
      return state2;
    });
  }
  if (stored.added + stored.updated > 0 || state.version !== null) ctx.bus.notify(subscriberIds(ctx.db, feedId));
  if (!failure) {
    await refreshIconIfStale(ctx, feedId, parsed?.siteUrl ?? feed.site_url, parsed?.iconUrl ?? null);
  }
  return {
    feedId,
    status: statusOf(outcome, failure, stored.added + stored.updated),
    added: stored.added,
    updated: stored.updated,
    httpStatus: state.httpStatus,
    error: state.lastError,
    nextFetchAt: state.nextFetchAt
  };
}
async function fetchOutcome(ctx, feed) {
  try {
    return await fetchFeed(
      feed.url,
      { etag: feed.etag, lastModified: feed.last_modified, bodyHash: feed.body_hash },
      { allowPrivate: ctx.allowPrivate, timeoutMs: ctx.timeoutMs, now: ctx.now() }
    );
  } catch (err) {
    return { kind: "error", status: null, message: err.message, gone: false, notBefore: null };
  }
}
function statusOf(outcome, failure, changed) {
  if (failure) return failure.gone ? "gone" : "error";
  if (outcome.kind === "not_modified") return "not_modified";
  return changed > 0 ? "updated" : "unchanged";
}
function nextState(ctx, feed, outcome, failure, parsed, fetchedAt) {
  const consecutiveErrors = failure ? feed.consecutive_errors + 1 : 0;
  const lastError = failure ? failure.message : null;
  const goneAt = failure?.gone ? feed.gone_at ?? fetchedAt : null;
  const title = parsed?.title || null;
  const visibleChange = title !== null && title !== feed.title || lastError !== feed.last_error || goneAt !== feed.gone_at;
  return {
    url: failure ? feed.url : newUrl(ctx, feed, outcome),
    title,
    siteUrl: parsed?.siteUrl ?? null,
    description: parsed?.description ?? null,
    language: parsed?.language ?? null,
    ttlMinutes: parsed?.ttlMinutes ?? null,
    // After a failure the old validators stay, so the next fetch gets the full body again and not a 304.
    etag: failure || outcome.kind === "error" ? feed.etag : outcome.etag,
    lastModified: failure || outcome.kind === "error" ? feed.last_modified : outcome.lastModified,
    bodyHash: outcome.kind === "ok" && parsed ? outcome.bodyHash : feed.body_hash,
    fetchedAt,
    nextFetchAt: goneAt ? Number.MAX_SAFE_INTEGER : nextFetchAt({
      now: fetchedAt,
      fixedIntervalMinutes: ctx.fixedIntervalMinutes,
      recentPublishTimes: recentPublishTimes(ctx.db, feed.id, fetchedAt - RATE_WINDOW_MS),
      ttlMinutes: parsed?.ttlMinutes ?? feed.ttl_minutes,
      notBefore: failure?.notBefore ?? outcome.notBefore,
      consecutiveErrors,
      random: ctx.random()
    }),
    httpStatus: failure ? failure.status : outcome.status,
    lastError,
    consecutiveErrors,
    goneAt,
    version: visibleChange ? nextVersion(ctx.db) : null
  };
}
function newUrl(ctx, feed, outcome) {
  if (outcome.kind !== "ok" || !outcome.permanentRedirect || outcome.finalUrl === feed.url) return feed.url;
  const other = feedIdByUrl(ctx.db, outcome.finalUrl);
  if (other !== void 0 && other !== feed.id) {
    ctx.logger.warn(
      { feedId: feed.id, to: outcome.finalUrl, otherFeedId: other },
      "feed moved to a URL another feed has; keeping its URL"
    );
    return feed.url;
  }
  ctx.logger.info({ feedId: feed.id, from: feed.url, to: outcome.finalUrl }, "feed moved permanently");
  return outcome.finalUrl;
}

// server/feeds/feeds-service.ts
function feedIcon(db2, feedId) {
  const icon = getIcon(db2, feedId);
  if (!icon) throw notFound("no icon for this feed");
  return icon;
}
async function refreshSubscription(deps, userId, subscriptionId) {
  const feed = feedOfSubscription(deps.db, userId, subscriptionId);
  if (!feed) throw notFound("no such subscription");
  const result2 = await refreshNow(deps, feed.id);
  const after = getFeed(deps.db, feed.id);
  return {
    result: result2,
    feed: {
      id: after.id,
      url: after.url,
      title: after.title,
      iconUrl: after.icon_url,
      httpStatus: after.http_status,
      lastError: after.last_error,
      lastFetchedAt: after.last_fetched_at,
      nextFetchAt: after.next_fetch_at
    }
  };
}
function refreshNow(deps, feedId) {
  if (deps.refresher.refreshNow) {
    return deps.refresher.refreshNow(feedId).catch((err) => {
      throw new DomainError("unavailable", `the feed cannot be refreshed right now: ${err.message}`);
    });
  }
  return refreshFeed(
    {
      db: deps.db,
      logger: deps.logger,
      bus: deps.bus,
      allowPrivate: deps.config.ALLOW_PRIVATE_FEEDS,
      fixedIntervalMinutes: deps.config.REFRESH_INTERVAL_MINUTES,
      now: deps.now ?? Date.now,
      random: Math.random
    },
    feedId
  );
}

// server/feeds/opml/opml-export.ts
import { generateOpml } from "feedsmith";

// src/lib/shared/order-keys.ts
import { generateKeyBetween, generateNKeysBetween } from "fractional-indexing";
import { z as z11 } from "zod";
var ORDER_KEY_MAX_LENGTH = 64;
var ORDER_KEY_REKEY_LENGTH = 32;
var KEY_PATTERN = /^[a-zA-Z][0-9a-zA-Z]*$/;
function isValidOrderKey(key) {
  if (key.length > ORDER_KEY_MAX_LENGTH || !KEY_PATTERN.test(key)) return false;
  try {
    generateKeyBetween(key, null);
    return true;
  } catch {
    return false;
  }
}
var orderKeySchema = z11.string().max(ORDER_KEY_MAX_LENGTH).refine(isValidOrderKey, { message: "not a valid order key" });
function keyBetween(before, after) {
  return generateKeyBetween(before, after);
}
function keysBetween(before, after, n) {
  return generateNKeysBetween(before, after, n);
}
function compareOrder(a, b) {
  if (a.orderKey !== b.orderKey) return a.orderKey < b.orderKey ? -1 : 1;
  if (a.id === b.id) return 0;
  return a.id < b.id ? -1 : 1;
}

// server/feeds/opml/opml-repo.ts
function listFolders(db2, userId) {
  return stmt(db2, "SELECT id, name, order_key FROM folders WHERE user_id = ?").all(userId);
}
function listSubscriptions(db2, userId) {
  return stmt(
    db2,
    `SELECT s.id, s.folder_id, s.order_key, s.title, f.url, f.title AS feed_title, f.site_url
		 FROM subscriptions s JOIN feeds f ON f.id = s.feed_id WHERE s.user_id = ?`
  ).all(userId);
}

// server/feeds/opml/opml-export.ts
var byOrder = (a, b) => compareOrder({ orderKey: a.order_key, id: a.id }, { orderKey: b.order_key, id: b.id });
function feedOutline(sub) {
  const title = sub.title ?? sub.feed_title ?? sub.url;
  return { text: title, title, type: "rss", xmlUrl: sub.url, ...sub.site_url ? { htmlUrl: sub.site_url } : {} };
}
function exportOpml(db2, userId, now) {
  const subscriptions = listSubscriptions(db2, userId).sort(byOrder);
  const folders = listFolders(db2, userId).sort(byOrder);
  const inFolder = (folderId) => subscriptions.filter((s) => s.folder_id === folderId).map(feedOutline);
  const outlines = [
    ...folders.map((folder) => ({ text: folder.name, title: folder.name, outlines: inFolder(folder.id) })),
    ...inFolder(null)
  ];
  return generateOpml({
    head: { title: "Tidings subscriptions", dateCreated: new Date(now) },
    body: { outlines }
  });
}

// server/feeds/opml/opml-import.ts
import { randomUUID as randomUUID2 } from "node:crypto";
import { parseOpml } from "feedsmith";

// src/lib/shared/mutations.ts
import { z as z12 } from "zod";
var uuid = z12.uuid();
var name = z12.string().trim().min(1).max(200);
var entryId = z12.number().int().positive();
var userSettingsSchema = z12.object({
  theme: z12.enum(["light", "dark", "system"]),
  sortOrder: z12.enum(["newest", "oldest"]),
  hideRead: z12.boolean(),
  offlineDays: z12.number().int().min(1).max(3650)
});
var defaultUserSettings = {
  theme: "system",
  sortOrder: "newest",
  hideRead: false,
  offlineDays: 30
};
var markAllReadScopeSchema = z12.discriminatedUnion("kind", [
  z12.object({ kind: z12.literal("all") }),
  z12.object({ kind: z12.literal("folder"), folderId: uuid }),
  z12.object({ kind: z12.literal("subscription"), subscriptionId: uuid })
]);
var mutationArgsSchemas = {
  "folder.create": z12.object({ folderId: uuid, name, orderKey: orderKeySchema }),
  "folder.rename": z12.object({ folderId: uuid, name }),
  "folder.reorder": z12.object({ folderId: uuid, orderKey: orderKeySchema }),
  "folder.delete": z12.object({ folderId: uuid }),
  "subscription.create": z12.object({
    subscriptionId: uuid,
    url: z12.url({ protocol: /^https?$/ }).max(2048),
    folderId: uuid.nullable(),
    orderKey: orderKeySchema,
    title: name.nullable().optional()
  }),
  "subscription.update": z12.object({
    subscriptionId: uuid,
    folderId: uuid.nullable().optional(),
    orderKey: orderKeySchema.optional(),
    title: name.nullable().optional()
  }).refine((a) => a.folderId !== void 0 || a.orderKey !== void 0 || a.title !== void 0, {
    message: "nothing to update"
  }),
  "subscription.delete": z12.object({ subscriptionId: uuid }),
  "entry.setRead": z12.object({ entryIds: z12.array(entryId).min(1).max(1e3), read: z12.boolean() }),
  "entry.setStarred": z12.object({ entryId, starred: z12.boolean() }),
  /** `upTo` is the highest entry id the device had in that scope: entries that arrive later stay unread. */
  "entry.markAllRead": z12.object({ scope: markAllReadScopeSchema, upTo: entryId }),
  "settings.update": z12.object({ settings: userSettingsSchema.partial() })
};
var mutationNames = Object.keys(mutationArgsSchemas);
var mutationEnvelopeSchema = z12.object({
  id: z12.number().int().positive(),
  name: z12.string().max(100),
  args: z12.unknown()
});
function parseMutation(envelope) {
  const schema = mutationArgsSchemas[envelope.name];
  if (!Object.hasOwn(mutationArgsSchemas, envelope.name) || !schema) {
    return { ok: false, code: "unknown_mutation", message: `unknown mutation "${envelope.name}"` };
  }
  const args = schema.safeParse(envelope.args);
  if (!args.success) return { ok: false, code: "invalid_args", message: z12.prettifyError(args.error) };
  return { ok: true, mutation: { id: envelope.id, name: envelope.name, args: args.data } };
}

// server/sync/mutations/mutation-context.ts
function createMutationContext(db2, userId, now) {
  return { db: db2, userId, now, subscribedFeedIds: /* @__PURE__ */ new Set(), refusedByConstraint: [] };
}
function version(ctx) {
  ctx.stamp ??= nextVersion(ctx.db);
  return ctx.stamp;
}
var MutationRejected = class extends DomainError {
  constructor(rejection, message) {
    super(rejection === "not_found" || rejection === "conflict" ? rejection : "invalid", message);
    this.rejection = rejection;
  }
  rejection;
};
var notFound2 = (what) => new MutationRejected("not_found", `${what} not found`);

// server/sync/mutations/registry.ts
import { SqliteError as SqliteError3 } from "better-sqlite3";

// server/sync/repos/folders-repo.ts
function getFolder(db2, userId, folderId) {
  return stmt(db2, "SELECT * FROM folders WHERE id = ? AND user_id = ?").get(
    folderId,
    userId
  );
}
function insertFolder(db2, row) {
  stmt(
    db2,
    `INSERT INTO folders (id, user_id, name, order_key, created_at, version)
		 VALUES (@id, @user_id, @name, @order_key, @created_at, @version)`
  ).run(row);
}
function updateFolderName(db2, userId, folderId, name2, version2) {
  stmt(db2, "UPDATE folders SET name = ?, version = ? WHERE id = ? AND user_id = ?").run(
    name2,
    version2,
    folderId,
    userId
  );
}
function updateFolderOrderKey(db2, userId, folderId, orderKey, version2) {
  stmt(db2, "UPDATE folders SET order_key = ?, version = ? WHERE id = ? AND user_id = ?").run(
    orderKey,
    version2,
    folderId,
    userId
  );
}
function deleteFolderRow(db2, userId, folderId) {
  stmt(db2, "DELETE FROM folders WHERE id = ? AND user_id = ?").run(folderId, userId);
}
function listFolderKeys(db2, userId) {
  return stmt(
    db2,
    "SELECT id, order_key FROM folders WHERE user_id = ? ORDER BY order_key, id"
  ).all(userId);
}
function foldersChangedBetween(db2, userId, after, upTo) {
  return stmt(
    db2,
    "SELECT * FROM folders WHERE user_id = ? AND version > ? AND version <= ? ORDER BY version"
  ).all(userId, after, upTo);
}

// server/sync/repos/subscriptions-repo.ts
var VIEW_SELECT = `SELECT s.*, f.url AS feed_url, f.title AS feed_title, f.site_url, f.icon_url, f.last_fetched_at,
	f.http_status, f.last_error, f.consecutive_errors
	FROM subscriptions s JOIN feeds f ON f.id = s.feed_id`;
function getSubscription(db2, userId, subscriptionId) {
  return stmt(db2, "SELECT * FROM subscriptions WHERE id = ? AND user_id = ?").get(
    subscriptionId,
    userId
  );
}
function getSubscriptionView(db2, userId, subscriptionId) {
  return stmt(db2, `${VIEW_SELECT} WHERE s.id = ? AND s.user_id = ?`).get(
    subscriptionId,
    userId
  );
}
function findSubscriptionToFeed(db2, userId, feedId) {
  return stmt(
    db2,
    "SELECT * FROM subscriptions WHERE user_id = ? AND feed_id = ?"
  ).get(userId, feedId);
}
function insertSubscription(db2, row) {
  stmt(
    db2,
    `INSERT INTO subscriptions (id, user_id, feed_id, folder_id, order_key, title, created_at, version,
			entries_since_version)
		 VALUES (@id, @user_id, @feed_id, @folder_id, @order_key, @title, @created_at, @version, @entries_since_version)`
  ).run(row);
}
function patchSubscriptionRow(db2, userId, subscriptionId, patch, version2) {
  const { changes } = stmt(
    db2,
    `UPDATE subscriptions SET folder_id = CASE WHEN ? THEN ? ELSE folder_id END, order_key = coalesce(?, order_key),
			title = CASE WHEN ? THEN ? ELSE title END, version = ?
		 WHERE id = ? AND user_id = ?`
  ).run(
    patch.folderId === void 0 ? 0 : 1,
    patch.folderId ?? null,
    patch.orderKey ?? null,
    patch.title === void 0 ? 0 : 1,
    patch.title ?? null,
    version2,
    subscriptionId,
    userId
  );
  return changes > 0;
}
function deleteSubscriptionRow(db2, userId, subscriptionId) {
  stmt(db2, "DELETE FROM subscriptions WHERE id = ? AND user_id = ?").run(subscriptionId, userId);
}
function subscriptionIdsInFolder(db2, userId, folderId) {
  return stmt(db2, "SELECT id FROM subscriptions WHERE user_id = ? AND folder_id = ?").all(userId, folderId).map((row) => row.id);
}
function listSubscriptionKeys(db2, userId, folderId) {
  return stmt(
    db2,
    "SELECT id, order_key FROM subscriptions WHERE user_id = ? AND folder_id IS ? ORDER BY order_key, id"
  ).all(userId, folderId);
}
function updateSubscriptionOrderKey(db2, userId, subscriptionId, orderKey, version2) {
  stmt(db2, "UPDATE subscriptions SET order_key = ?, version = ? WHERE id = ? AND user_id = ?").run(
    orderKey,
    version2,
    subscriptionId,
    userId
  );
}
var CHANGED_WITH_FEED = `${VIEW_SELECT} WHERE s.user_id = ? AND max(s.version, f.version) > ?
	AND max(s.version, f.version) <= ? ORDER BY s.version`;
var CHANGED_OWN = `${VIEW_SELECT} WHERE s.user_id = ? AND s.version > ? AND s.version <= ? ORDER BY s.version`;
function subscriptionsChangedBetween(db2, userId, range) {
  return stmt(db2, range.feedsChanged ? CHANGED_WITH_FEED : CHANGED_OWN).all(
    userId,
    range.after,
    range.upTo
  );
}

// server/sync/repos/tombstones-repo.ts
function writeTombstone(db2, userId, kind, id, now, version2) {
  stmt(
    db2,
    `INSERT INTO tombstones (user_id, kind, id, deleted_at, version) VALUES (?, ?, ?, ?, ?)
		 ON CONFLICT (user_id, kind, id) DO UPDATE SET deleted_at = excluded.deleted_at, version = excluded.version`
  ).run(userId, kind, id, now, version2);
}
function hasTombstone(db2, userId, kind, id) {
  return stmt(
    db2,
    "SELECT 1 AS n FROM tombstones WHERE user_id = ? AND kind = ? AND id = ?"
  ).get(userId, kind, id) !== void 0;
}
function tombstonesBetween(db2, userId, after, upTo) {
  return stmt(
    db2,
    "SELECT kind, id FROM tombstones WHERE user_id = ? AND version > ? AND version <= ? ORDER BY version"
  ).all(userId, after, upTo);
}
function pruneTombstonesBefore(db2, before) {
  const row = stmt(
    db2,
    "SELECT max(version) AS v FROM tombstones WHERE deleted_at < ?"
  ).get(before);
  if (row.v === null) return 0;
  stmt(db2, "DELETE FROM tombstones WHERE deleted_at < ?").run(before);
  return row.v;
}
function getTombstoneHorizon(db2) {
  return stmt(db2, "SELECT version FROM sync_horizon WHERE id = 1").get().version;
}
function raiseTombstoneHorizon(db2, version2) {
  stmt(db2, "UPDATE sync_horizon SET version = max(version, ?) WHERE id = 1").run(version2);
}

// server/sync/order-rekey.ts
function needsRekey(orderKey) {
  return orderKey.length > ORDER_KEY_REKEY_LENGTH;
}
function rekeyList(siblings, writeKey) {
  const keys = keysBetween(null, null, siblings.length);
  siblings.forEach((sibling, i) => {
    if (sibling.order_key !== keys[i]) writeKey(sibling.id, keys[i]);
  });
}

// server/sync/mutations/subscriptions.ts
var MOVED_TO_TOP_LEVEL = {
  code: "moved_to_top_level",
  message: "the folder does not exist (any more): the subscription is at the top level"
};
function requireSubscription(ctx, subscriptionId) {
  const subscription = getSubscription(ctx.db, ctx.userId, subscriptionId);
  if (!subscription) throw notFound2("subscription");
  return subscription;
}
function resolveFolder(ctx, folderId) {
  if (folderId === null || getFolder(ctx.db, ctx.userId, folderId)) return { folderId, note: void 0 };
  return { folderId: null, note: MOVED_TO_TOP_LEVEL };
}
function rekeySiblingsIfLong(ctx, folderId, orderKey) {
  if (!needsRekey(orderKey)) return;
  rekeyList(
    listSubscriptionKeys(ctx.db, ctx.userId, folderId),
    (id, key) => updateSubscriptionOrderKey(ctx.db, ctx.userId, id, key, version(ctx))
  );
}
function createSubscription(ctx, args) {
  if (getSubscription(ctx.db, ctx.userId, args.subscriptionId) || hasTombstone(ctx.db, ctx.userId, "subscription", args.subscriptionId)) {
    throw new MutationRejected("conflict", "a subscription with this id exists or was deleted");
  }
  const feed = findOrCreateFeed(ctx.db, args.url, ctx.now);
  if (findSubscriptionToFeed(ctx.db, ctx.userId, feed.id)) {
    throw new MutationRejected("conflict", "you already subscribe to this feed");
  }
  const folder = resolveFolder(ctx, args.folderId);
  const at = version(ctx);
  insertSubscription(ctx.db, {
    id: args.subscriptionId,
    user_id: ctx.userId,
    feed_id: feed.id,
    folder_id: folder.folderId,
    order_key: args.orderKey,
    title: args.title ?? null,
    created_at: ctx.now,
    version: at,
    entries_since_version: at
  });
  ctx.subscribedFeedIds.add(feed.id);
  rekeySiblingsIfLong(ctx, folder.folderId, args.orderKey);
  return folder.note;
}
function updateSubscription(ctx, args) {
  const folder = args.folderId === void 0 ? void 0 : resolveFolder(ctx, args.folderId);
  const written = patchSubscriptionRow(
    ctx.db,
    ctx.userId,
    args.subscriptionId,
    { folderId: folder?.folderId, orderKey: args.orderKey, title: args.title },
    version(ctx)
  );
  if (!written) throw notFound2("subscription");
  if (args.orderKey !== void 0 && needsRekey(args.orderKey)) {
    rekeySiblingsIfLong(ctx, requireSubscription(ctx, args.subscriptionId).folder_id, args.orderKey);
  }
  return folder?.note;
}
function moveSubscriptionToTopLevel(ctx, subscriptionId) {
  patchSubscriptionRow(ctx.db, ctx.userId, subscriptionId, { folderId: null }, version(ctx));
}
function deleteSubscription(ctx, args) {
  requireSubscription(ctx, args.subscriptionId);
  deleteSubscriptionRow(ctx.db, ctx.userId, args.subscriptionId);
  writeTombstone(ctx.db, ctx.userId, "subscription", args.subscriptionId, ctx.now, version(ctx));
}

// server/sync/mutations/folders.ts
function requireFolder(ctx, folderId) {
  const folder = getFolder(ctx.db, ctx.userId, folderId);
  if (!folder) throw notFound2("folder");
  return folder;
}
function rekeyFoldersIfLong(ctx, orderKey) {
  if (!needsRekey(orderKey)) return;
  rekeyList(
    listFolderKeys(ctx.db, ctx.userId),
    (id, key) => updateFolderOrderKey(ctx.db, ctx.userId, id, key, version(ctx))
  );
}
function createFolder(ctx, args) {
  if (getFolder(ctx.db, ctx.userId, args.folderId) || hasTombstone(ctx.db, ctx.userId, "folder", args.folderId)) {
    throw new MutationRejected("conflict", "a folder with this id exists or was deleted");
  }
  insertFolder(ctx.db, {
    id: args.folderId,
    user_id: ctx.userId,
    name: args.name,
    order_key: args.orderKey,
    created_at: ctx.now,
    version: version(ctx)
  });
  rekeyFoldersIfLong(ctx, args.orderKey);
}
function renameFolder(ctx, args) {
  requireFolder(ctx, args.folderId);
  updateFolderName(ctx.db, ctx.userId, args.folderId, args.name, version(ctx));
}
function reorderFolder(ctx, args) {
  requireFolder(ctx, args.folderId);
  updateFolderOrderKey(ctx.db, ctx.userId, args.folderId, args.orderKey, version(ctx));
  rekeyFoldersIfLong(ctx, args.orderKey);
}
function deleteFolder(ctx, args) {
  requireFolder(ctx, args.folderId);
  for (const subscriptionId of subscriptionIdsInFolder(ctx.db, ctx.userId, args.folderId)) {
    moveSubscriptionToTopLevel(ctx, subscriptionId);
  }
  deleteFolderRow(ctx.db, ctx.userId, args.folderId);
  writeTombstone(ctx.db, ctx.userId, "folder", args.folderId, ctx.now, version(ctx));
}

// server/sync/repos/entry-states-repo.ts
var SUBSCRIBED_ENTRY = `FROM entries e JOIN subscriptions s ON s.feed_id = e.feed_id AND s.user_id = @userId`;
var LISTED_ENTRY = `FROM entries e CROSS JOIN subscriptions s ON s.feed_id = e.feed_id AND s.user_id = @userId`;
function markUpsert(mark, listed) {
  const other = mark === "read" ? "starred" : "read";
  const changed = `${mark} != excluded.${mark}`;
  const filter = listed === "one" ? "e.id = @id" : "e.id IN (SELECT value FROM json_each(@ids))";
  return `INSERT INTO entry_states (user_id, entry_id, ${mark}, ${other}, updated_at, version)
		 SELECT @userId, e.id, @value, 0, @now, @version ${LISTED_ENTRY}
		 WHERE ${filter}
		 ON CONFLICT (user_id, entry_id) DO UPDATE SET ${mark} = excluded.${mark},
			updated_at = CASE WHEN ${changed} THEN excluded.updated_at ELSE updated_at END,
			version = CASE WHEN ${changed} THEN excluded.version ELSE version END`;
}
var READ_ONE = markUpsert("read", "one");
var READ_MANY = markUpsert("read", "many");
var STARRED_ONE = markUpsert("starred", "one");
function setReadState(db2, write) {
  const { userId, now, version: version2 } = write;
  const value = write.read ? 1 : 0;
  if (write.entryIds.length === 1) {
    return stmt(db2, READ_ONE).run({ userId, now, version: version2, value, id: write.entryIds[0] }).changes;
  }
  return stmt(db2, READ_MANY).run({ userId, now, version: version2, value, ids: JSON.stringify(write.entryIds) }).changes;
}
function setStarredState(db2, write) {
  const { userId, now, version: version2 } = write;
  return stmt(db2, STARRED_ONE).run({ userId, now, version: version2, value: write.starred ? 1 : 0, id: write.entryId }).changes > 0;
}
var SCOPE_FILTER = {
  all: "",
  folder: "AND s.folder_id = @scopeId",
  subscription: "AND s.id = @scopeId"
};
function markScopeRead(db2, write) {
  const scopeId = write.scope.kind === "folder" ? write.scope.folderId : write.scope.kind === "subscription" ? write.scope.subscriptionId : null;
  stmt(
    db2,
    `INSERT INTO entry_states (user_id, entry_id, read, starred, updated_at, version)
		 SELECT @userId, e.id, 1, 0, @now, @version ${SUBSCRIBED_ENTRY}
		 WHERE e.id <= @upTo ${SCOPE_FILTER[write.scope.kind]}
		 ON CONFLICT (user_id, entry_id) DO UPDATE SET read = 1, updated_at = excluded.updated_at,
			version = excluded.version
		 WHERE read = 0`
  ).run({ userId: write.userId, now: write.now, version: write.version, upTo: write.upTo, scopeId });
}

// server/sync/mutations/entries.ts
function setRead(ctx, args) {
  const found = setReadState(ctx.db, { userId: ctx.userId, now: ctx.now, version: version(ctx), ...args });
  if (found === 0) throw notFound2("entry");
  const distinct = new Set(args.entryIds).size;
  if (found === distinct) return void 0;
  return { code: "some_not_found", message: `${distinct - found} of the entries were not found and were skipped` };
}
function setStarred(ctx, args) {
  const found = setStarredState(ctx.db, { userId: ctx.userId, now: ctx.now, version: version(ctx), ...args });
  if (!found) throw notFound2("entry");
}
function markAllRead(ctx, args) {
  const { scope } = args;
  if (scope.kind === "folder" && !getFolder(ctx.db, ctx.userId, scope.folderId)) throw notFound2("folder");
  if (scope.kind === "subscription" && !getSubscription(ctx.db, ctx.userId, scope.subscriptionId)) {
    throw notFound2("subscription");
  }
  markScopeRead(ctx.db, { userId: ctx.userId, now: ctx.now, version: version(ctx), scope, upTo: args.upTo });
}

// server/sync/repos/user-settings-repo.ts
function getUserSettingsRow(db2, userId) {
  return stmt(
    db2,
    "SELECT settings, settings_version FROM users WHERE id = ?"
  ).get(userId);
}
function writeUserSettings(db2, userId, settingsJson, version2) {
  stmt(db2, "UPDATE users SET settings = ?, settings_version = ? WHERE id = ?").run(settingsJson, version2, userId);
}

// server/sync/mutations/settings.ts
function readUserSettings(settingsJson) {
  const stored = userSettingsSchema.partial().safeParse(JSON.parse(settingsJson));
  return { ...defaultUserSettings, ...stored.success ? stored.data : {} };
}
function updateSettings(ctx, args) {
  const current = readUserSettings(getUserSettingsRow(ctx.db, ctx.userId).settings);
  const merged = { ...current, ...args.settings };
  writeUserSettings(ctx.db, ctx.userId, JSON.stringify(merged), version(ctx));
}

// server/sync/mutations/registry.ts
var handlers = {
  "folder.create": createFolder,
  "folder.rename": renameFolder,
  "folder.reorder": reorderFolder,
  "folder.delete": deleteFolder,
  "subscription.create": createSubscription,
  "subscription.update": updateSubscription,
  "subscription.delete": deleteSubscription,
  "entry.setRead": setRead,
  "entry.setStarred": setStarred,
  "entry.markAllRead": markAllRead,
  "settings.update": updateSettings
};
var writesBeforeRejecting = /* @__PURE__ */ new Set(["folder.create", "subscription.create"]);
function runHandler(ctx, mutation) {
  const handler = handlers[mutation.name];
  return handler(ctx, mutation.args) ?? void 0;
}
function runMutation(ctx, mutation) {
  const stamp = ctx.stamp;
  try {
    return runHandler(ctx, mutation);
  } catch (err) {
    ctx.stamp = stamp;
    throw err;
  }
}
function inSavepoint(ctx, mutation) {
  return transactionOf(ctx.db, "default", runMutation)(ctx, mutation);
}
var ConstraintFailed = class extends Error {
  constructor(mutationId, mutationName, cause) {
    super(`${mutationName} (mutation ${mutationId}) failed a database constraint`, { cause });
  }
};
function isConstraintError(err) {
  return err instanceof SqliteError3 && err.code.startsWith("SQLITE_CONSTRAINT");
}
function applyEnvelope(ctx, envelope, mode) {
  const parsed = parseMutation(envelope);
  if (!parsed.ok) return { id: envelope.id, status: "rejected", code: parsed.code, message: parsed.message };
  const { mutation } = parsed;
  const mayConflict = writesBeforeRejecting.has(mutation.name);
  const savepoint = mayConflict || mode === "careful";
  try {
    const note = savepoint ? inSavepoint(ctx, mutation) : runHandler(ctx, mutation);
    return note ? { id: envelope.id, status: "applied", ...note } : { id: envelope.id, status: "applied" };
  } catch (err) {
    if (err instanceof MutationRejected) {
      return { id: envelope.id, status: "rejected", code: err.rejection, message: err.message };
    }
    if (!isConstraintError(err) || !ctx.db.inTransaction) throw err;
    if (!savepoint) throw new ConstraintFailed(envelope.id, mutation.name, err);
    if (mayConflict)
      return { id: envelope.id, status: "rejected", code: "conflict", message: "this id is already taken" };
    ctx.refusedByConstraint.push({ id: envelope.id, name: mutation.name });
    return {
      id: envelope.id,
      status: "rejected",
      code: "conflict",
      message: "the server could not store this change (it conflicts with the data there), so it was not applied"
    };
  }
}

// server/feeds/opml/opml-import.ts
var MAX_IMPORT_FEEDS = 5e3;
var NAME_MAX = 200;
function readOpmlFeeds(xml) {
  let outlines;
  try {
    outlines = parseOpml(xml).body?.outlines ?? [];
  } catch (err) {
    throw invalid(`this is not an OPML file: ${err.message}`);
  }
  const feeds = [];
  const walk = (outline, folder) => {
    const name2 = (outline.title ?? outline.text ?? "").trim().slice(0, NAME_MAX) || null;
    if (outline.xmlUrl) feeds.push({ url: outline.xmlUrl.trim(), title: name2, folder });
    for (const child of outline.outlines ?? []) walk(child, folder ?? (outline.xmlUrl ? null : name2 ?? "Imported"));
  };
  for (const outline of outlines) walk(outline, null);
  return feeds;
}
function normalizeUrl(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}
function importOpml(db2, userId, xml, now) {
  const listed = readOpmlFeeds(xml);
  if (listed.length > MAX_IMPORT_FEEDS) {
    throw invalid(`an import takes at most ${MAX_IMPORT_FEEDS} feeds`);
  }
  return writeTransaction(db2, () => {
    const report = { added: 0, skipped: 0, failed: 0, failures: [], feedIds: [] };
    const ctx = createMutationContext(db2, userId, now);
    const apply = (name2, args) => {
      const parsed = parseMutation({ id: 0, name: name2, args });
      if (!parsed.ok) return parsed.message;
      try {
        db2.transaction(() => runMutation(ctx, parsed.mutation))();
        return null;
      } catch (err) {
        if (err instanceof MutationRejected) return err.message;
        throw err;
      }
    };
    const existing = listSubscriptions(db2, userId);
    const known = new Set(existing.map((s) => s.url));
    const folders = new Map(listFolders(db2, userId).map((f) => [f.name, f]));
    const toAdd = [];
    for (const feed of listed) {
      const url = normalizeUrl(feed.url);
      if (!url) {
        report.failures.push({ url: feed.url, reason: "not an http or https URL" });
      } else if (known.has(url)) {
        report.skipped += 1;
      } else {
        known.add(url);
        toAdd.push({ ...feed, url });
      }
    }
    const folderIds = /* @__PURE__ */ new Map();
    const newFolders = [...new Set(toAdd.flatMap((f) => f.folder && !folders.has(f.folder) ? [f.folder] : []))];
    const lastFolderKey = maxKey([...folders.values()].map((f) => f.order_key));
    keysBetween(lastFolderKey, null, newFolders.length).forEach((orderKey, i) => {
      const folderId = randomUUID2();
      if (apply("folder.create", { folderId, name: newFolders[i], orderKey }) === null) {
        folderIds.set(newFolders[i], folderId);
      }
    });
    for (const [name2, folder] of folders) folderIds.set(name2, folder.id);
    const byFolder = /* @__PURE__ */ new Map();
    for (const feed of toAdd) {
      const folderId = feed.folder ? folderIds.get(feed.folder) ?? null : null;
      byFolder.set(folderId, [...byFolder.get(folderId) ?? [], feed]);
    }
    for (const [folderId, feeds] of byFolder) {
      const lastKey = maxKey(existing.filter((s) => s.folder_id === folderId).map((s) => s.order_key));
      keysBetween(lastKey, null, feeds.length).forEach((orderKey, i) => {
        const { url, title } = feeds[i];
        const failure = apply("subscription.create", {
          subscriptionId: randomUUID2(),
          url,
          folderId,
          orderKey,
          title: keptTitle(title, url)
        });
        if (failure === null) report.added += 1;
        else report.failures.push({ url, reason: failure });
      });
    }
    report.feedIds = [...ctx.subscribedFeedIds];
    report.failed = report.failures.length;
    return report;
  });
}
function keptTitle(title, url) {
  if (!title) return null;
  const same = normalizeUrl(title);
  return same === url ? null : title;
}
function maxKey(keys) {
  return keys.reduce((max, key) => max === null || key > max ? key : max, null);
}

// server/feeds/routes.ts
var MAX_OPML_BYTES = 5 * 1024 * 1024;
var ICON_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;
var idParam2 = z13.object({ id: z13.string().min(1).max(100) });
var feedIdParam = z13.object({ feedId: z13.coerce.number().int().positive() });
var opmlJsonBody = z13.object({ opml: z13.string().min(1) });
function feedsRoutes(deps) {
  const router = Router7();
  const now = deps.now ?? Date.now;
  const auth = requireAuth(deps.db, now, deps.logger);
  router.get("/icons/:feedId", (req, res) => {
    const { feedId } = parse(feedIdParam, req.params, "icon id");
    const icon = feedIcon(deps.db, feedId);
    res.setHeader("Cache-Control", `public, max-age=${ICON_MAX_AGE_SECONDS}`);
    res.type(icon.content_type).send(icon.data);
  });
  router.use(discoverRoutes(deps));
  router.post("/subscriptions/:id/refresh", auth, async (req, res) => {
    const { id } = parse(idParam2, req.params, "subscription id");
    res.json(await refreshSubscription(deps, currentAuth(req).userId, id));
  });
  router.get("/opml", auth, (req, res) => {
    const xml = exportOpml(deps.db, currentAuth(req).userId, now());
    res.setHeader("Content-Disposition", 'attachment; filename="tidings.opml"');
    res.type("text/x-opml").send(xml);
  });
  router.post(
    "/opml",
    auth,
    express.text({
      type: (req) => !req.headers["content-type"]?.includes("json"),
      limit: MAX_OPML_BYTES
    }),
    (req, res) => {
      const xml = typeof req.body === "string" ? req.body : parse(opmlJsonBody, req.body, "OPML import").opml;
      const { userId } = currentAuth(req);
      const { feedIds, ...report } = importOpml(deps.db, userId, xml, now());
      deps.bus.notify([userId]);
      for (const feedId of feedIds) deps.refresher.requestRefresh(feedId);
      res.json(report);
    }
  );
  return router;
}

// server/greader/routes.ts
import express2, { Router as Router8 } from "express";
import { z as z15 } from "zod";

// server/http/compress.ts
import compression from "compression";
var COMPRESSION_THRESHOLD_BYTES = 14 * 1024;
function compress() {
  return compression({ threshold: COMPRESSION_THRESHOLD_BYTES });
}
var compressOne = compress();
function sendJson(req, res, value) {
  const body = JSON.stringify(value);
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  if (Buffer.byteLength(body) < COMPRESSION_THRESHOLD_BYTES) res.send(body);
  else compressOne(req, res, () => res.send(body));
}

// server/greader/edit-service.ts
import { randomUUID as randomUUID3 } from "node:crypto";

// server/greader/edit-transaction.ts
function inEditTransaction(db2, userId, now, edit) {
  return writeTransaction(db2, () => {
    const ctx = createMutationContext(db2, userId, now);
    let changed = false;
    const apply = (name2, args) => {
      const result2 = applyEnvelope(ctx, { id: 0, name: name2, args }, "fast");
      changed ||= result2.status === "applied";
      return result2;
    };
    const value = edit(apply);
    return { value, changed, subscribedFeedIds: [...ctx.subscribedFeedIds] };
  });
}

// server/greader/ids.ts
var READING_LIST = "user/-/state/com.google/reading-list";
var READ = "user/-/state/com.google/read";
var STARRED = "user/-/state/com.google/starred";
var labelStreamId = (name2) => `user/-/label/${name2}`;
var feedStreamId = (feedId) => `feed/${feedId}`;
var MAX_ITEM_ID = 10 ** 15 - 1;
var STATE = /^user\/[^/]*\/state\/com\.google\/(.+)$/;
var LABEL = /^user\/[^/]*\/label\/(.+)$/;
var FEED = /^feed\/(\d{1,15})$/;
var FEED_URL = /^feed\/(https?:\/\/.+)$/i;
function parseStreamId(value) {
  let match = STATE.exec(value);
  if (match) return { kind: "state", state: match[1] };
  match = LABEL.exec(value);
  if (match) return { kind: "label", name: match[1] };
  match = FEED.exec(value);
  if (match) return { kind: "feed", feedId: Number(match[1]) };
  match = FEED_URL.exec(value);
  if (match) return { kind: "feed-url", url: match[1] };
  return void 0;
}
var LONG_ITEM = /^tag:google\.com,2005:reader\/item\/([0-9a-f]{1,16})$/i;
var SHORT_HEX = /^[0-9a-f]{16}$/i;
var DECIMAL = /^\d{1,15}$/;
function parseItemId(value) {
  const trimmed = value.trim();
  const hex = LONG_ITEM.exec(trimmed)?.[1] ?? (SHORT_HEX.test(trimmed) ? trimmed : void 0);
  const id = hex !== void 0 ? parseInt(hex, 16) : DECIMAL.test(trimmed) ? Number(trimmed) : NaN;
  return Number.isSafeInteger(id) && id > 0 && id <= MAX_ITEM_ID ? id : void 0;
}
function longItemId(id) {
  return `tag:google.com,2005:reader/item/${id.toString(16).padStart(16, "0")}`;
}

// server/greader/reader-repo.ts
function listReaderSubscriptions(db2, userId) {
  return stmt(
    db2,
    `SELECT s.id AS subscription_id, s.feed_id, coalesce(s.title, f.title, f.url) AS title, f.url, f.site_url,
		        f.icon_url, s.created_at, fo.id AS folder_id, fo.name AS folder_name
		 FROM subscriptions s JOIN feeds f ON f.id = s.feed_id
		 LEFT JOIN folders fo ON fo.id = s.folder_id AND fo.user_id = s.user_id
		 WHERE s.user_id = ? ORDER BY fo.order_key IS NOT NULL, fo.order_key, fo.id, s.order_key, s.id`
  ).all(userId);
}
function listReaderFolders(db2, userId) {
  return stmt(
    db2,
    "SELECT id, name, order_key FROM folders WHERE user_id = ? ORDER BY order_key, id"
  ).all(userId);
}
function findFolderByName(db2, userId, name2) {
  return stmt(
    db2,
    "SELECT id FROM folders WHERE user_id = ? AND name = ? ORDER BY order_key, id LIMIT 1"
  ).get(userId, name2);
}
function findSubscriptionByFeedUrl(db2, userId, url) {
  return stmt(
    db2,
    "SELECT s.feed_id FROM subscriptions s JOIN feeds f ON f.id = s.feed_id WHERE s.user_id = ? AND f.url = ?"
  ).get(userId, url);
}
function unreadCountsByFeed(db2, userId) {
  return stmt(
    db2,
    `SELECT e.feed_id, count(*) AS count, max(e.fetched_at) AS newest
		 FROM subscriptions s JOIN entries e ON e.feed_id = s.feed_id
		 LEFT JOIN entry_states st ON st.user_id = s.user_id AND st.entry_id = e.id
		 WHERE s.user_id = ? AND coalesce(st.read, 0) = 0 GROUP BY e.feed_id`
  ).all(userId);
}
function itemRefsSql(f) {
  const where = [];
  if (f.feedId !== void 0) where.push("s.feed_id = @feedId");
  if (f.folderId !== void 0) where.push("s.folder_id = @folderId");
  if (f.exclude.read) where.push("coalesce(st.read, 0) = 0");
  if (f.exclude.starred) where.push("coalesce(st.starred, 0) = 0");
  if (f.since !== void 0) where.push("e.fetched_at >= @since");
  if (f.until !== void 0) where.push("e.fetched_at < @until");
  if (f.after !== void 0) where.push(f.oldestFirst ? "e.id > @after" : "e.id < @after");
  const order = `ORDER BY e.id ${f.oldestFirst ? "ASC" : "DESC"} LIMIT @limit`;
  if (f.only) {
    where.unshift(`st.${f.only} = 1`);
    return `SELECT e.id, e.feed_id, e.fetched_at FROM entry_states st
			CROSS JOIN entries e ON e.id = st.entry_id
			CROSS JOIN subscriptions s ON s.feed_id = e.feed_id AND s.user_id = @userId
			WHERE st.user_id = @userId AND ${where.join(" AND ")} ${order.replace(/e\.id/, "st.entry_id")}`;
  }
  return `SELECT e.id, e.feed_id, e.fetched_at FROM entries e
		CROSS JOIN subscriptions s ON s.feed_id = e.feed_id AND s.user_id = @userId
		LEFT JOIN entry_states st ON st.user_id = @userId AND st.entry_id = e.id
		${where.length ? `WHERE ${where.join(" AND ")}` : ""} ${order}`;
}
function itemRefs(db2, filter) {
  const { exclude: _exclude, only: _only, oldestFirst: _oldestFirst, ...params } = filter;
  return stmt(db2, itemRefsSql(filter)).all(params);
}
function readerItems(db2, userId, ids) {
  return stmt(
    db2,
    `SELECT e.id, e.feed_id, e.url, e.title, e.author, e.summary, e.content, e.published_at, e.updated_at,
		        e.fetched_at, e.enclosures, e.dir, coalesce(st.read, 0) AS read, coalesce(st.starred, 0) AS starred,
		        coalesce(s.title, f.title, f.url) AS feed_title, f.url AS feed_url, f.site_url, fo.name AS folder_name
		 FROM entries e CROSS JOIN subscriptions s ON s.feed_id = e.feed_id AND s.user_id = @userId
		 JOIN feeds f ON f.id = e.feed_id
		 LEFT JOIN folders fo ON fo.id = s.folder_id AND fo.user_id = @userId
		 LEFT JOIN entry_states st ON st.user_id = @userId AND st.entry_id = e.id
		 WHERE e.id IN (SELECT value FROM json_each(@ids))`
  ).all({ userId, ids: JSON.stringify(ids) });
}
function newestItemId(db2, filter) {
  const where = ["1"];
  if (filter.feedId !== void 0) where.push("s.feed_id = @feedId");
  if (filter.folderId !== void 0) where.push("s.folder_id = @folderId");
  if (filter.until !== void 0) where.push("e.fetched_at <= @until");
  return stmt(
    db2,
    `SELECT max(e.id) AS id FROM subscriptions s JOIN entries e ON e.feed_id = s.feed_id
		 WHERE s.user_id = @userId AND ${where.join(" AND ")}`
  ).get(filter).id;
}

// server/greader/stream-query.ts
import { z as z14 } from "zod";
var unknownStream = (id) => invalid(`unknown stream "${id}"`);
function resolveStream(db2, userId, id) {
  const parsed = parseStreamId(id);
  if (!parsed) throw unknownStream(id);
  switch (parsed.kind) {
    case "state":
      if (parsed.state === "reading-list") return { id };
      if (parsed.state === "read" || parsed.state === "starred") return { id, only: parsed.state };
      if (parsed.state === "kept-unread") return { id, unreadOnly: true };
      throw unknownStream(id);
    case "label": {
      const folder = findFolderByName(db2, userId, parsed.name);
      if (!folder) throw unknownStream(id);
      return { id, folderId: folder.id };
    }
    case "feed":
      if (!findSubscriptionToFeed(db2, userId, parsed.feedId)) throw unknownStream(id);
      return { id, feedId: parsed.feedId };
    case "feed-url": {
      const subscription = findSubscriptionByFeedUrl(db2, userId, parsed.url);
      if (!subscription) throw unknownStream(id);
      return { id, feedId: subscription.feed_id };
    }
  }
}
var optional = (schema) => z14.preprocess((value) => value === "" ? void 0 : value, schema.optional());
var seconds = z14.coerce.number().nonnegative().max(1e13);
var streamParamsSchema = z14.object({
  s: optional(z14.string().max(2048)),
  n: optional(z14.coerce.number().int().positive()),
  r: optional(z14.string().max(8)),
  c: optional(z14.string().regex(/^\d{1,15}$/, { message: "not a continuation this server gave" })),
  ot: optional(seconds),
  nt: optional(seconds)
});
function streamQuery(db2, userId, params, options) {
  const p = parse(streamParamsSchema, params.single(["s", "n", "r", "c", "ot", "nt"]), "stream parameters");
  const stream = resolveStream(db2, userId, options.streamId || p.s || READING_LIST);
  const states = (name2) => params.getAll(name2).map((id) => parseStreamId(id));
  const isState = (state) => (s) => s?.kind === "state" && s.state === state;
  const excluded = states("xt");
  const included = states("it");
  const only = stream.only ?? (included.some(isState("starred")) ? "starred" : included.some(isState("read")) ? "read" : void 0);
  return {
    stream,
    filter: {
      userId,
      feedId: stream.feedId,
      folderId: stream.folderId,
      only,
      exclude: {
        read: stream.unreadOnly === true || excluded.some(isState("read")),
        starred: excluded.some(isState("starred"))
      },
      since: p.ot === void 0 ? void 0 : Math.floor(p.ot * 1e3),
      until: p.nt === void 0 ? void 0 : Math.floor(p.nt * 1e3),
      after: p.c === void 0 ? void 0 : Number(p.c),
      oldestFirst: p.r === "o",
      limit: Math.min(p.n ?? options.defaultItems, options.maxItems)
    }
  };
}

// server/greader/edit-service.ts
var READ_BATCH = 1e3;
function parseItemIds(values) {
  if (values.length === 0) throw invalid("name at least one item with i=");
  return values.map((value) => {
    const id = parseItemId(value);
    if (id === void 0) throw invalid(`"${value.slice(0, 80)}" is not an item id`);
    return id;
  });
}
var stateOf = (tags) => new Set(
  tags.flatMap((tag) => {
    const stream = parseStreamId(tag);
    return stream?.kind === "state" ? [stream.state] : [];
  })
);
function setRead2(apply, ids, read) {
  for (let start = 0; start < ids.length; start += READ_BATCH) {
    apply("entry.setRead", { entryIds: ids.slice(start, start + READ_BATCH), read });
  }
}
function editTags(db2, userId, now, ids, add, remove) {
  const added = stateOf(add);
  const removed = stateOf(remove);
  const read = added.has("read") ? true : removed.has("read") || added.has("kept-unread") ? false : void 0;
  const starred = added.has("starred") ? true : removed.has("starred") ? false : void 0;
  return inEditTransaction(db2, userId, now, (apply) => {
    if (read !== void 0) setRead2(apply, ids, read);
    if (starred !== void 0) for (const entryId2 of ids) apply("entry.setStarred", { entryId: entryId2, starred });
  });
}
function markAllAsRead(db2, userId, now, streamId, tsUsec) {
  const until = tsUsec === void 0 ? void 0 : Math.floor(tsUsec / 1e3);
  return inEditTransaction(db2, userId, now, (apply) => {
    const stream = resolveStream(db2, userId, streamId);
    if (stream.only || stream.unreadOnly) {
      const refs = itemRefs(db2, {
        userId,
        only: stream.only,
        exclude: { read: true, starred: false },
        until: until === void 0 ? void 0 : until + 1,
        oldestFirst: true,
        limit: 1e6
      });
      setRead2(
        apply,
        refs.map((r) => r.id),
        true
      );
      return;
    }
    const upTo = newestItemId(db2, { userId, feedId: stream.feedId, folderId: stream.folderId, until });
    if (upTo === null) return;
    apply("entry.markAllRead", { scope: scopeOf(db2, userId, stream), upTo });
  });
}
function scopeOf(db2, userId, stream) {
  if (stream.folderId !== void 0) return { kind: "folder", folderId: stream.folderId };
  if (stream.feedId !== void 0) {
    return { kind: "subscription", subscriptionId: findSubscriptionToFeed(db2, userId, stream.feedId).id };
  }
  return { kind: "all" };
}
function folderForLabel(db2, userId, apply, label) {
  const stream = parseStreamId(label);
  if (stream?.kind !== "label") throw invalid(`"${label}" is not a label (user/-/label/<name>)`);
  const existing = findFolderByName(db2, userId, stream.name);
  if (existing) return existing.id;
  const folderId = randomUUID3();
  const last = listFolderKeys(db2, userId).at(-1)?.order_key ?? null;
  const result2 = apply("folder.create", { folderId, name: stream.name, orderKey: keyBetween(last, null) });
  if (result2.status !== "applied") throw invalid(`cannot make a folder "${stream.name}": ${result2.message ?? ""}`);
  return folderId;
}
var lastKeyIn = (db2, userId, folderId) => listSubscriptionKeys(db2, userId, folderId).at(-1)?.order_key ?? null;
function subscribe(db2, userId, apply, url, title, label) {
  const folderId = label === void 0 ? null : folderForLabel(db2, userId, apply, label);
  const result2 = apply("subscription.create", {
    subscriptionId: randomUUID3(),
    url,
    folderId,
    orderKey: keyBetween(lastKeyIn(db2, userId, folderId), null),
    ...title ? { title } : {}
  });
  if (result2.status === "rejected" && result2.code !== "conflict") {
    throw invalid(`cannot subscribe to "${url.slice(0, 200)}": ${result2.message ?? result2.code ?? ""}`);
  }
  return feedIdByUrl(db2, url);
}
function subscribedStream(db2, userId, id) {
  const stream = resolveStream(db2, userId, id);
  if (stream.feedId === void 0) throw invalid(`"${id}" is not a feed`);
  return findSubscriptionToFeed(db2, userId, stream.feedId);
}
function subscriptionEdit(db2, userId, apply, edit, id) {
  if (edit.action === "subscribe") {
    const stream = parseStreamId(id);
    if (stream?.kind !== "feed-url") throw invalid(`subscribe takes s=feed/<URL>, not "${id}"`);
    subscribe(db2, userId, apply, stream.url, edit.title, edit.add[0]);
    return;
  }
  const subscription = subscribedStream(db2, userId, id);
  if (edit.action === "unsubscribe") {
    apply("subscription.delete", { subscriptionId: subscription.id });
    return;
  }
  const removed = new Set(
    edit.remove.map((label) => findFolderByName(db2, userId, label.replace(/^user\/[^/]*\/label\//, ""))?.id)
  );
  let folderId;
  if (edit.add[0] !== void 0) folderId = folderForLabel(db2, userId, apply, edit.add[0]);
  else if (subscription.folder_id !== null && removed.has(subscription.folder_id)) folderId = null;
  if (folderId === void 0 && !edit.title) return;
  const moved = folderId !== void 0 && folderId !== subscription.folder_id;
  apply("subscription.update", {
    subscriptionId: subscription.id,
    ...moved ? { folderId, orderKey: keyBetween(lastKeyIn(db2, userId, folderId ?? null), null) } : {},
    ...edit.title ? { title: edit.title } : {}
  });
}
function editSubscriptions(db2, userId, now, edit) {
  if (edit.streams.length === 0) throw invalid("name the feed with s=");
  return inEditTransaction(db2, userId, now, (apply) => {
    for (const id of edit.streams) subscriptionEdit(db2, userId, apply, edit, id);
  });
}
function quickAdd(db2, userId, now, url) {
  return inEditTransaction(db2, userId, now, (apply) => subscribe(db2, userId, apply, url.replace(/^feed\//, "")));
}
function labelFolder(db2, userId, label) {
  const stream = resolveStream(db2, userId, label);
  if (stream.folderId === void 0) throw invalid(`"${label}" is not a label`);
  return stream.folderId;
}
function renameTag(db2, userId, now, from, to) {
  const target = parseStreamId(to);
  const name2 = target?.kind === "label" ? target.name : to;
  return inEditTransaction(db2, userId, now, (apply) => {
    const result2 = apply("folder.rename", { folderId: labelFolder(db2, userId, from), name: name2 });
    if (result2.status !== "applied") throw invalid(`cannot rename to "${name2}": ${result2.message ?? ""}`);
  });
}
function disableTag(db2, userId, now, label) {
  return inEditTransaction(db2, userId, now, (apply) => {
    apply("folder.delete", { folderId: labelFolder(db2, userId, label) });
  });
}

// server/greader/atom.ts
var GOOGLE_SCHEME = "http://www.google.com/reader/";
var escapeXml = (text) => text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]);
var iso = (seconds2) => new Date(seconds2 * 1e3).toISOString();
function category(term) {
  const label = term.slice(term.lastIndexOf("/") + 1);
  return `<category term="${escapeXml(term)}" scheme="${GOOGLE_SCHEME}" label="${escapeXml(label)}"/>`;
}
function entry(item) {
  const categories = [...item.categories];
  if (!categories.some((c) => c.endsWith("/state/com.google/read"))) categories.push("user/-/state/com.google/fresh");
  const link = item.alternate[0];
  return [
    `<entry gr:crawl-timestamp-msec="${item.crawlTimeMsec}">`,
    `<id>${item.id}</id>`,
    ...categories.map(category),
    `<title type="text">${escapeXml(item.title)}</title>`,
    `<published>${iso(item.published)}</published>`,
    `<updated>${iso(item.updated)}</updated>`,
    link ? `<link rel="alternate" href="${escapeXml(link.href)}" type="text/html"/>` : "",
    ...item.enclosure.map((e) => `<link rel="enclosure" href="${escapeXml(e.href)}" type="${escapeXml(e.type)}"/>`),
    `<content type="html">${escapeXml(item.summary.content)}</content>`,
    item.author ? `<author><name>${escapeXml(item.author)}</name></author>` : "",
    `<source gr:stream-id="${escapeXml(item.origin.streamId)}"><id>${escapeXml(item.origin.streamId)}</id>`,
    `<title type="text">${escapeXml(item.origin.title)}</title>`,
    `<link rel="alternate" href="${escapeXml(item.origin.htmlUrl)}" type="text/html"/></source>`,
    "</entry>"
  ].join("");
}
function atomFeed(feed) {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:gr="http://www.google.com/schemas/reader/atom/">',
    `<id>tag:google.com,2005:reader/${escapeXml(feed.id)}</id>`,
    `<title type="text">${escapeXml(feed.title)}</title>`,
    `<updated>${iso(feed.updated)}</updated>`,
    feed.continuation ? `<gr:continuation>${feed.continuation}</gr:continuation>` : "",
    ...feed.items.map(entry),
    "</feed>"
  ].join("\n");
}

// server/greader/reader-params.ts
var ReaderParams = class _ReaderParams {
  #query;
  #body;
  constructor(query, body) {
    this.#query = query;
    this.#body = body;
  }
  static from(req) {
    const queryStart = req.originalUrl.indexOf("?");
    const query = new URLSearchParams(queryStart < 0 ? "" : req.originalUrl.slice(queryStart + 1));
    return new _ReaderParams(query, new URLSearchParams(Buffer.isBuffer(req.body) ? req.body.toString("utf8") : ""));
  }
  get(name2) {
    return this.#body.get(name2) ?? this.#query.get(name2) ?? void 0;
  }
  getAll(name2) {
    return [...this.#query.getAll(name2), ...this.#body.getAll(name2)];
  }
  /** The parameters as a plain object (last value of each) for a zod schema to check. */
  single(names) {
    return Object.fromEntries(names.map((name2) => [name2, this.get(name2)]));
  }
};
function readerParams(req) {
  return req.readerParams ??= ReaderParams.from(req);
}

// server/greader/reader-auth.ts
import { timingSafeEqual as timingSafeEqual3 } from "node:crypto";
var GOOGLE_LOGIN = /^GoogleLogin\s+auth=([A-Za-z0-9/_-]{1,200})\s*$/i;
var unauthenticated2 = (message) => new HttpError(401, "unauthenticated", message);
function requireReaderAuth(db2, now, logger2) {
  return (req, _res, next) => {
    const authToken = GOOGLE_LOGIN.exec(req.headers.authorization ?? "")?.[1];
    if (!authToken) {
      return next(unauthenticated2("sign in with accounts/ClientLogin and send Authorization: GoogleLogin auth=\u2026"));
    }
    let owner;
    try {
      owner = ownerOfAuthToken(db2, authToken, now(), logger2);
    } catch (err) {
      return next(isTransientDatabaseError(err) ? unavailable("cannot check your sign-in right now") : err);
    }
    if (!owner) return next(unauthenticated2("this app password was revoked or never existed; make a new one"));
    if (owner.disabled) return next(forbidden("this account is disabled; ask the admin"));
    req.readerAuth = { userId: owner.user_id, username: owner.username, authToken };
    next();
  };
}
function currentReaderAuth(req) {
  if (!req.readerAuth) throw new Error("requireReaderAuth must run before this handler");
  return req.readerAuth;
}
var LENIENT_T = /* @__PURE__ */ new Set(["", "x"]);
function sameToken(a, b) {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual3(left, right);
}
var checkEditToken = (req, res, next) => {
  const t = readerParams(req).get("T");
  if (t === void 0 || LENIENT_T.has(t) || sameToken(t, editTokenFor(currentReaderAuth(req).authToken))) {
    return next();
  }
  res.setHeader("X-Reader-Google-Bad-Token", "true");
  res.setHeader("Google-Bad-Token", "true");
  next(unauthenticated2("the T token is not valid; fetch a new one from reader/api/0/token"));
};

// server/greader/item-json.ts
function enclosures(json2) {
  const list = JSON.parse(json2);
  return list.map((e) => ({
    href: e.url,
    type: e.type ?? "application/octet-stream",
    ...e.length ? { length: String(e.length) } : {}
  }));
}
function itemCategories(row) {
  const categories = [READING_LIST];
  if (row.folder_name !== null) categories.push(labelStreamId(row.folder_name));
  if (row.read) categories.push(READ);
  if (row.starred) categories.push(STARRED);
  return categories;
}
function itemHtml(row) {
  return row.content ?? row.summary ?? "";
}
function toReaderItem(row) {
  const links = row.url ? [{ href: row.url }] : [];
  return {
    id: longItemId(row.id),
    crawlTimeMsec: String(row.fetched_at),
    timestampUsec: `${row.fetched_at}000`,
    published: Math.floor(row.published_at / 1e3),
    updated: Math.floor((row.updated_at ?? row.published_at) / 1e3),
    title: row.title,
    author: row.author ?? "",
    canonical: links,
    alternate: links.map((link) => ({ ...link, type: "text/html" })),
    summary: { direction: row.dir, content: itemHtml(row) },
    categories: itemCategories(row),
    origin: { streamId: feedStreamId(row.feed_id), title: row.feed_title, htmlUrl: row.site_url ?? row.feed_url },
    enclosure: enclosures(row.enclosures)
  };
}

// server/greader/reader-service.ts
function itemRefsPage(db2, filter) {
  const refs = itemRefs(db2, { ...filter, limit: filter.limit + 1 });
  if (refs.length <= filter.limit) return { refs };
  refs.length = filter.limit;
  return { refs, continuation: String(refs[refs.length - 1].id) };
}
function streamItemIds(db2, query) {
  const { refs, continuation } = itemRefsPage(db2, query.filter);
  return {
    itemRefs: refs.map((ref) => ({
      id: String(ref.id),
      directStreamIds: [feedStreamId(ref.feed_id)],
      timestampUsec: `${ref.fetched_at}000`
    })),
    ...continuation ? { continuation } : {}
  };
}
function itemsInOrder(db2, userId, ids) {
  const byId = new Map(readerItems(db2, userId, ids).map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toReaderItem(row)] : [];
  });
}
function contentsEnvelope(id, items, now, continuation) {
  return {
    direction: "ltr",
    id,
    title: id === READING_LIST ? "Reading List" : id,
    updated: Math.floor(now / 1e3),
    items,
    ...continuation ? { continuation } : {}
  };
}
function streamContents(db2, userId, query, now) {
  const { refs, continuation } = itemRefsPage(db2, query.filter);
  const items = itemsInOrder(
    db2,
    userId,
    refs.map((ref) => ref.id)
  );
  return contentsEnvelope(query.stream.id, items, now, continuation);
}
function itemContents(db2, userId, ids, now) {
  return contentsEnvelope(READING_LIST, itemsInOrder(db2, userId, ids), now);
}
function subscriptionList(db2, userId) {
  return {
    subscriptions: listReaderSubscriptions(db2, userId).map((s) => ({
      id: feedStreamId(s.feed_id),
      title: s.title,
      categories: s.folder_name === null ? [] : [{ id: labelStreamId(s.folder_name), label: s.folder_name }],
      url: s.url,
      htmlUrl: s.site_url ?? s.url,
      iconUrl: s.icon_url ?? "",
      firstitemmsec: String(s.created_at)
    }))
  };
}
function tagList(db2, userId) {
  const folders = [...new Set(listReaderFolders(db2, userId).map((f) => f.name))];
  return {
    tags: [{ id: STARRED }, ...folders.map((name2) => ({ id: labelStreamId(name2), label: name2, type: "folder" }))]
  };
}
function unreadCounts(db2, userId) {
  const byFeed = new Map(unreadCountsByFeed(db2, userId).map((row) => [row.feed_id, row]));
  const totals = /* @__PURE__ */ new Map();
  const add = (id, count, newest) => {
    const total = totals.get(id) ?? { count: 0, newest: 0 };
    totals.set(id, { count: total.count + count, newest: Math.max(total.newest, newest) });
  };
  for (const s of listReaderSubscriptions(db2, userId)) {
    const row = byFeed.get(s.feed_id);
    if (!row) continue;
    add(feedStreamId(s.feed_id), row.count, row.newest);
    if (s.folder_name !== null) add(labelStreamId(s.folder_name), row.count, row.newest);
    add(READING_LIST, row.count, row.newest);
  }
  const unreadcounts = [...totals].map(([id, t]) => ({
    id,
    count: t.count,
    newestItemTimestampUsec: `${t.newest}000`
  }));
  return { max: totals.get(READING_LIST)?.count ?? 0, unreadcounts };
}

// server/greader/routes.ts
var MAX_BODY_BYTES = 16 * 1024 * 1024;
var MAX_IDS = 1e4;
var MAX_CONTENTS = 1e3;
var loginSchema2 = z15.object({
  Email: z15.string().trim().min(1, { message: "Email (your username) is missing" }).max(200),
  Passwd: z15.string().min(1, { message: "Passwd (an app password) is missing" }).max(1024)
});
var ok = (res) => res.type("text/plain").send("OK");
var json = (res, body) => res.json(body);
var pathStream = (req) => {
  const rest = req.params.stream;
  return rest && rest.length > 0 ? rest.join("/") : void 0;
};
function greaderRoutes(deps) {
  const { db: db2, bus: bus2, refresher } = deps;
  const now = deps.now ?? Date.now;
  const router = Router8();
  const auth = requireReaderAuth(db2, now, deps.logger);
  const userOf = (req) => currentReaderAuth(req).userId;
  const committed = (req, outcome) => {
    if (outcome.changed) bus2.notify([userOf(req)]);
    for (const feedId of outcome.subscribedFeedIds) refresher.requestRefresh(feedId);
  };
  router.use((_req, res, next) => {
    res.setHeader("Cache-Control", "no-store");
    next();
  }, compress());
  router.use(express2.raw({ type: () => true, limit: MAX_BODY_BYTES }));
  const login2 = [
    // Failed sign-ins count against the same limits as the web sign-in's (per address and per username).
    ...loginRateLimits(deps.rateLimits ?? defaultRateLimits, (req) => readerParams(req).get("Email")),
    (req, res) => {
      const params = readerParams(req);
      const { Email, Passwd } = parse(loginSchema2, params.single(["Email", "Passwd"]), "sign-in");
      const token = signInWithAppPassword(db2, Email, Passwd);
      if (!token) throw new HttpError(401, "invalid_credentials", "wrong username or app password");
      if (params.get("output") === "json") return json(res, { SID: token, LSID: null, Auth: token });
      res.type("text/plain").send(`SID=${token}
LSID=null
Auth=${token}
`);
    }
  ];
  router.post("/accounts/ClientLogin", ...login2);
  router.get("/accounts/ClientLogin", ...login2);
  const api = Router8();
  router.use("/reader/api/0", auth, api);
  api.all("/token", (req, res) => {
    res.type("text/plain").send(editTokenFor(currentReaderAuth(req).authToken));
  });
  api.all("/user-info", (req, res) => {
    const { userId, username } = currentReaderAuth(req);
    json(res, { userId: String(userId), userName: username, userProfileId: String(userId), userEmail: "" });
  });
  api.all("/tag/list", (req, res) => json(res, tagList(db2, userOf(req))));
  api.all("/subscription/list", (req, res) => json(res, subscriptionList(db2, userOf(req))));
  api.all("/unread-count", (req, res) => json(res, unreadCounts(db2, userOf(req))));
  api.all("/stream/items/ids", (req, res) => {
    const query = streamQuery(db2, userOf(req), readerParams(req), { defaultItems: 20, maxItems: MAX_IDS });
    json(res, streamItemIds(db2, query));
  });
  api.all("/stream/items/contents", (req, res) => {
    const ids = parseItemIds(readerParams(req).getAll("i"));
    if (ids.length > MAX_CONTENTS) {
      throw new HttpError(400, "invalid_request", `ask for at most ${MAX_CONTENTS} items at a time`);
    }
    json(res, itemContents(db2, userOf(req), ids, now()));
  });
  api.all(["/stream/contents", "/stream/contents/*stream"], (req, res) => {
    const options = { streamId: pathStream(req), defaultItems: 20, maxItems: MAX_CONTENTS };
    const query = streamQuery(db2, userOf(req), readerParams(req), options);
    json(res, streamContents(db2, userOf(req), query, now()));
  });
  api.post("/edit-tag", checkEditToken, (req, res) => {
    const params = readerParams(req);
    const ids = parseItemIds(params.getAll("i"));
    committed(req, editTags(db2, userOf(req), now(), ids, params.getAll("a"), params.getAll("r")));
    ok(res);
  });
  api.post("/mark-all-as-read", checkEditToken, (req, res) => {
    const params = readerParams(req);
    const { s, ts } = parse(markAllSchema, params.single(["s", "ts"]), "mark-all-as-read");
    committed(req, markAllAsRead(db2, userOf(req), now(), s, ts));
    ok(res);
  });
  api.post("/subscription/edit", checkEditToken, (req, res) => {
    const params = readerParams(req);
    const { ac, t } = parse(subscriptionEditSchema, params.single(["ac", "t"]), "subscription edit");
    const edit = {
      action: ac,
      streams: params.getAll("s"),
      title: t,
      add: params.getAll("a"),
      remove: params.getAll("r")
    };
    committed(req, editSubscriptions(db2, userOf(req), now(), edit));
    ok(res);
  });
  api.post("/subscription/quickadd", checkEditToken, (req, res) => {
    const { quickadd } = parse(quickAddSchema, readerParams(req).single(["quickadd"]), "quickadd");
    const outcome = quickAdd(db2, userOf(req), now(), quickadd);
    committed(req, outcome);
    if (outcome.value === void 0) return json(res, { numResults: 0, query: quickadd });
    json(res, { numResults: 1, query: quickadd, streamId: feedStreamId(outcome.value), streamName: quickadd });
  });
  api.post("/subscription/import", checkEditToken, (req, res) => {
    const xml = Buffer.isBuffer(req.body) ? req.body.toString("utf8") : "";
    const { feedIds, added } = importOpml(db2, userOf(req), xml, now());
    committed(req, { value: void 0, changed: added > 0, subscribedFeedIds: feedIds });
    ok(res);
  });
  api.post("/rename-tag", checkEditToken, (req, res) => {
    const { s, dest } = parse(renameSchema, readerParams(req).single(["s", "dest"]), "rename-tag");
    committed(req, renameTag(db2, userOf(req), now(), s, dest));
    ok(res);
  });
  api.post("/disable-tag", checkEditToken, (req, res) => {
    const params = readerParams(req);
    const s = params.get("s") ?? (params.get("t") ? `user/-/label/${params.get("t")}` : void 0);
    const label = parse(z15.string().min(1, { message: "name the label with s=" }), s ?? "", "disable-tag");
    committed(req, disableTag(db2, userOf(req), now(), label));
    ok(res);
  });
  router.get(["/reader/atom", "/reader/atom/*stream"], auth, (req, res) => {
    const options = { streamId: pathStream(req), defaultItems: 20, maxItems: MAX_CONTENTS };
    const query = streamQuery(db2, userOf(req), readerParams(req), options);
    res.type("application/atom+xml").send(atomFeed(streamContents(db2, userOf(req), query, now())));
  });
  router.use((req, _res, next) => next(notFound(`no Reader API endpoint ${req.method} ${req.path}`)));
  return router;
}
var markAllSchema = z15.object({
  s: z15.string().min(1, { message: "name the stream with s=" }),
  ts: z15.preprocess((v) => v === "" ? void 0 : v, z15.coerce.number().int().nonnegative().optional())
});
var subscriptionEditSchema = z15.object({
  ac: z15.enum(["subscribe", "unsubscribe", "edit"]),
  t: z15.string().trim().max(200).optional()
});
var quickAddSchema = z15.object({ quickadd: z15.string().trim().min(1, { message: "quickadd=<feed URL> is missing" }) });
var renameSchema = z15.object({ s: z15.string().min(1), dest: z15.string().min(1) });

// server/greader/mount.ts
var PREFIX = /^\/+api\/+greader(?:\.php)?(?=\/|$)\/*/;
function mountGreader(router) {
  return (req, res, next) => {
    const match = PREFIX.exec(req.url);
    if (!match) return next();
    const url = req.url;
    req.url = `/${url.slice(match[0].length)}`;
    router(req, res, (err) => {
      req.url = url;
      next(err);
    });
  };
}

// server/http/health.ts
import { Router as Router9 } from "express";
function healthRoutes(db2) {
  const router = Router9();
  router.get("/health", (_req, res) => {
    try {
      db2.prepare("SELECT count(*) FROM users").get();
    } catch {
      throw unavailable("the database is not answering");
    }
    res.json({ status: "ok" });
  });
  return router;
}

// server/media/routes.ts
import { Router as Router10 } from "express";

// server/media/fetch-media.ts
import { createHash as createHash6 } from "node:crypto";

// server/media/sniff-image.ts
import { fileTypeFromBuffer } from "file-type";
var RASTER_TYPES = /* @__PURE__ */ new Set([
  "image/png",
  "image/apng",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "image/avif",
  "image/bmp",
  "image/x-icon"
]);
async function rasterImageType(bytes) {
  const type = await fileTypeFromBuffer(bytes);
  return type && RASTER_TYPES.has(type.mime) ? type.mime : null;
}

// server/media/fetch-media.ts
var MAX_MEDIA_BYTES = 5 * 1024 * 1024;
var MEDIA_TIMEOUT_MS = 15e3;
var ACCEPT2 = "image/avif,image/webp,image/apng,image/png,image/jpeg,image/gif,image/*;q=0.8";
var ETAG = /^(W\/)?"[\x21\x23-\x7e]*"$/;
var MediaError = class extends Error {
  constructor(status2, message) {
    super(message);
    this.status = status2;
  }
  status;
};
async function fetchMedia(url, options) {
  const ifNoneMatch = options.ifNoneMatch && ETAG.test(options.ifNoneMatch) ? options.ifNoneMatch : void 0;
  const response = await safeFetch(url, {
    allowPrivate: options.allowPrivate,
    maxBytes: MAX_MEDIA_BYTES,
    timeoutMs: options.timeoutMs ?? MEDIA_TIMEOUT_MS,
    headers: { Accept: ACCEPT2, ...ifNoneMatch ? { "If-None-Match": ifNoneMatch } : {} }
  }).catch((err) => {
    throw err instanceof FetchError ? new MediaError(errorStatus(err), err.message) : err;
  });
  if (response.status === 304 && ifNoneMatch) return { status: 304, etag: ifNoneMatch };
  const contentType = await rasterImageType(response.body);
  if (!contentType) throw new MediaError(502, `${new URL(url).host} did not answer with a raster image`);
  const upstreamTag = response.headers.get("etag");
  const etag = upstreamTag && ETAG.test(upstreamTag) ? upstreamTag : `"${createHash6("sha256").update(response.body).digest("base64url").slice(0, 27)}"`;
  if (ifNoneMatch === etag) return { status: 304, etag };
  return { status: 200, etag, contentType, body: response.body, lastModified: response.headers.get("last-modified") };
}
function errorStatus(err) {
  if (err.code === "blocked_address") return 403;
  return err.status === 404 || err.status === 410 ? 404 : 502;
}

// server/media/routes.ts
var CACHE_CONTROL = "public, max-age=31536000, immutable";
function mediaRoutes(deps) {
  const router = Router10();
  const key = mediaKey(deps.config);
  router.get("/media/:sig/:url", async (req, res) => {
    const url = key ? verifyMediaUrl(key, req.params.sig, req.params.url) : null;
    if (!url) throw notFound("no such media");
    const answer = await fetchMedia(url, {
      allowPrivate: deps.config.ALLOW_PRIVATE_FEEDS,
      ifNoneMatch: req.get("if-none-match")
    }).catch((err) => {
      if (!(err instanceof MediaError)) throw err;
      if (err.status === 403) throw forbidden(err.message);
      throw err.status === 404 ? notFound(err.message) : new HttpError(502, "bad_gateway", err.message);
    });
    cacheHeaders(res, answer.etag);
    if (answer.status === 304) {
      res.status(304).end();
      return;
    }
    res.setHeader("Content-Type", answer.contentType);
    if (answer.lastModified) res.setHeader("Last-Modified", answer.lastModified);
    res.send(answer.body);
  });
  return router;
}
function cacheHeaders(res, etag) {
  res.setHeader("Cache-Control", CACHE_CONTROL);
  res.setHeader("ETag", etag);
}

// server/http/security-headers.ts
import { createHash as createHash7 } from "node:crypto";
import fs2 from "node:fs";
import path3 from "node:path";
import helmet from "helmet";
var EMBED_HOSTS2 = ["https://www.youtube-nocookie.com", "https://www.youtube.com", "https://player.vimeo.com"];
function inlineScriptHashes(indexHtml) {
  const hashes = [];
  for (const match of indexHtml.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
    hashes.push(`'sha256-${createHash7("sha256").update(match[1]).digest("base64")}'`);
  }
  return hashes;
}
function builtScriptHashes(indexFile, now = Date.now) {
  let seen;
  return () => {
    if (seen && now() - seen.checkedAt < 1e3) return seen.value;
    const mtimeMs = fs2.statSync(indexFile, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    if (seen?.mtimeMs !== mtimeMs) {
      const hashes = mtimeMs ? inlineScriptHashes(fs2.readFileSync(indexFile, "utf8")) : [];
      seen = { mtimeMs, value: hashes.join(" ") || "'self'", checkedAt: now() };
    }
    seen.checkedAt = now();
    return seen.value;
  };
}
function securityHeaders(buildDir, options) {
  const scriptHashes = builtScriptHashes(path3.join(buildDir, "index.html"));
  let current;
  return (req, res, next) => {
    const hashes = scriptHashes();
    if (current?.hashes !== hashes) current = { hashes, headers: helmetFor(hashes, options.directImages) };
    current.headers(req, res, next);
  };
}
function helmetFor(scriptHashes, directImages) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", scriptHashes],
        // Svelte writes inline style attributes (transitions, virtual list offsets); scripts stay locked down.
        styleSrc: ["'self'", "'unsafe-inline'"],
        // Article images come through the media proxy (same origin) unless MEDIA_PROXY=off sends them direct.
        imgSrc: directImages ? ["'self'", "data:", "https:", "http:"] : ["'self'", "data:"],
        // Audio and video stream from anywhere on the web, never from script.
        mediaSrc: ["'self'", "https:", "http:"],
        frameSrc: EMBED_HOSTS2,
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"]
      }
    },
    // Article images come from other sites, which rarely send CORP headers.
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: "no-referrer" }
  });
}

// server/http/static-app.ts
import fs3 from "node:fs";
import path4 from "node:path";
import express3, { Router as Router11 } from "express";
function staticApp(buildDir) {
  const router = Router11();
  const indexFile = path4.join(buildDir, "index.html");
  if (!fs3.existsSync(indexFile)) {
    const missing = (_req, res) => {
      res.status(503).type("text/plain").send("The app is not built yet: run `npm run build`, then restart.");
    };
    router.get(/^(?!\/api\/).*/, missing);
    return router;
  }
  router.use(
    "/_app/immutable",
    express3.static(path4.join(buildDir, "_app", "immutable"), { immutable: true, maxAge: "1y", fallthrough: false })
  );
  router.use(
    express3.static(buildDir, {
      index: false,
      setHeaders: (res) => res.setHeader("Cache-Control", "no-cache")
    })
  );
  router.get(/^(?!\/api\/).*/, (req, res, next) => {
    if (!req.accepts("html")) return next();
    res.setHeader("Cache-Control", "no-cache");
    res.sendFile(indexFile);
  });
  return router;
}

// server/http/test-faults.ts
import { Router as Router12 } from "express";
import { z as z16 } from "zod";
var CODES = {
  429: "rate_limited",
  500: "internal",
  502: "bad_gateway",
  503: "unavailable"
};
var faultSchema = z16.object({
  pushStatus: z16.union([z16.literal(429), z16.literal(500), z16.literal(502), z16.literal(503)]).default(503),
  count: z16.number().int().min(0).max(1e6),
  retryAfterSeconds: z16.number().int().min(0).max(3600).default(1)
});
function testFaultRoutes() {
  let state = { pushStatus: 503, remaining: 0, retryAfterSeconds: 1, served: 0 };
  const router = Router12();
  router.get("/__test/faults", (_req, res) => {
    res.json(state);
  });
  router.post("/__test/faults", (req, res) => {
    const fault = parse(faultSchema, req.body, "fault");
    state = {
      pushStatus: fault.pushStatus,
      remaining: fault.count,
      retryAfterSeconds: fault.retryAfterSeconds,
      served: 0
    };
    res.json(state);
  });
  router.delete("/__test/faults", (_req, res) => {
    state = { ...state, remaining: 0 };
    res.json(state);
  });
  router.post("/sync/push", (_req, res, next) => {
    if (state.remaining <= 0) return next();
    state = { ...state, remaining: state.remaining - 1, served: state.served + 1 };
    const status2 = state.pushStatus;
    const retryAfter = status2 === 500 ? void 0 : state.retryAfterSeconds;
    sendError(res, new HttpError(status2, CODES[status2], `test fault: push answers ${status2}`, void 0, retryAfter));
  });
  return router;
}

// server/sync/routes.ts
import { Router as Router14 } from "express";

// src/lib/shared/sync.ts
import { z as z17 } from "zod";
var PROTOCOL_VERSION = 1;
var MAX_MUTATIONS_PER_PUSH = 1e3;
var MAX_PUSH_BYTES = 1024 * 1024;
var clientId = z17.string().min(8).max(64).regex(/^[\w-]+$/);
var pushRequestSchema = z17.object({
  protocolVersion: z17.literal(PROTOCOL_VERSION),
  clientId,
  mutations: z17.array(mutationEnvelopeSchema).max(MAX_MUTATIONS_PER_PUSH)
});
var mutationResultSchema = z17.object({
  id: z17.number().int(),
  status: z17.enum(["applied", "duplicate", "rejected"]),
  /** Why a mutation was rejected, or a note on how it was applied (for example `moved_to_top_level`). */
  code: z17.string().optional(),
  message: z17.string().optional()
});
var pushResponseSchema = z17.object({
  lastMutationId: z17.number().int(),
  results: z17.array(mutationResultSchema)
});
var pullRequestSchema = z17.object({
  protocolVersion: z17.literal(PROTOCOL_VERSION),
  clientId,
  /** Opaque; null on a device's first pull. */
  cookie: z17.string().max(200).nullable(),
  limit: z17.number().int().min(1).max(5e3).optional()
});
var syncFolderSchema = z17.object({ id: z17.string(), name: z17.string(), orderKey: z17.string() });
var feedErrorSchema = z17.object({
  message: z17.string(),
  httpStatus: z17.number().int().nullable(),
  consecutive: z17.number().int(),
  /** True when the server stopped fetching (410 Gone). */
  gone: z17.boolean()
});
var syncSubscriptionSchema = z17.object({
  id: z17.string(),
  feedId: z17.number().int(),
  folderId: z17.string().nullable(),
  orderKey: z17.string(),
  /** The user's own title, or null to show the feed's. */
  title: z17.string().nullable(),
  feedTitle: z17.string().nullable(),
  feedUrl: z17.string(),
  siteUrl: z17.string().nullable(),
  iconUrl: z17.string().nullable(),
  lastFetchedAt: z17.number().nullable(),
  error: feedErrorSchema.nullable()
});
var enclosureSchema = z17.object({
  url: z17.string(),
  type: z17.string().nullable(),
  length: z17.number().nullable()
});
var syncEntrySchema = z17.object({
  id: z17.number().int(),
  feedId: z17.number().int(),
  url: z17.string().nullable(),
  title: z17.string(),
  author: z17.string().nullable(),
  /** Plain text for lists: the feed's summary, or the start of the content. */
  summary: z17.string().nullable(),
  /** Sanitized HTML. */
  content: z17.string().nullable(),
  /** Sanitized full article text, once extracted. */
  fullContent: z17.string().nullable(),
  publishedAt: z17.number(),
  updatedAt: z17.number().nullable(),
  enclosures: z17.array(enclosureSchema),
  categories: z17.array(z17.string()),
  language: z17.string().nullable(),
  dir: z17.enum(["ltr", "rtl"])
});
var syncEntryStateSchema = z17.object({
  entryId: z17.number().int(),
  read: z17.boolean(),
  starred: z17.boolean()
});
var pullResponseSchema = z17.object({
  cookie: z17.string(),
  hasMore: z17.boolean(),
  /** The device must drop everything it pulled before (not its outbox) and apply this pull from scratch. */
  reset: z17.boolean(),
  lastMutationId: z17.number().int(),
  folders: z17.array(syncFolderSchema),
  subscriptions: z17.array(syncSubscriptionSchema),
  entries: z17.array(syncEntrySchema),
  entryStates: z17.array(syncEntryStateSchema),
  /** The user's settings, when they changed. */
  settings: userSettingsSchema.nullable(),
  deleted: z17.object({
    folders: z17.array(z17.string()),
    subscriptions: z17.array(z17.string()),
    entries: z17.array(z17.number().int())
  })
});

// server/sync/repos/sync-clients-repo.ts
function claimSyncClient(db2, clientId2, userId, now) {
  stmt(
    db2,
    `INSERT INTO sync_clients (client_id, user_id, last_mutation_id, created_at, last_seen_at) VALUES (?, ?, 0, ?, ?)
		 ON CONFLICT (client_id) DO NOTHING`
  ).run(clientId2, userId, now, now);
  return stmt(
    db2,
    "SELECT client_id, user_id, last_mutation_id FROM sync_clients WHERE client_id = ?"
  ).get(clientId2);
}
function recordPush(db2, userId, clientId2, lastMutationId, now) {
  stmt(db2, "UPDATE sync_clients SET last_mutation_id = ?, last_seen_at = ? WHERE client_id = ? AND user_id = ?").run(
    lastMutationId,
    now,
    clientId2,
    userId
  );
}
function syncClientRow(db2, clientId2) {
  return stmt(
    db2,
    "SELECT user_id, last_mutation_id FROM sync_clients WHERE client_id = ?"
  ).get(clientId2);
}

// server/sync/client-not-owned.ts
var clientNotOwned = () => new DomainError("forbidden", "this client id belongs to another account", "client_not_owned");

// server/sync/push-service.ts
function applyPush(db2, userId, request2, now, logger2) {
  let outcome;
  try {
    outcome = applyInTransaction(db2, userId, request2, now, "fast");
  } catch (err) {
    if (!(err instanceof ConstraintFailed)) throw err;
    outcome = applyInTransaction(db2, userId, request2, now, "careful");
  }
  for (const { id, name: name2 } of outcome.refusedByConstraint) {
    logger2.warn(
      { userId, clientId: request2.clientId, mutationId: id, mutation: name2 },
      "push: a database constraint refused a mutation, rejected it (a bug or a schema problem)"
    );
  }
  return outcome;
}
function applyInTransaction(db2, userId, request2, now, mode) {
  return transactionOf(db2, "immediate", applyMutations)(db2, userId, request2, now, mode);
}
function applyMutations(db2, userId, request2, now, mode) {
  const client = claimSyncClient(db2, request2.clientId, userId, now);
  if (client.user_id !== userId) {
    throw clientNotOwned();
  }
  const ctx = createMutationContext(db2, userId, now);
  let lastMutationId = client.last_mutation_id;
  const results = [];
  for (const envelope of inIdOrder(request2.mutations)) {
    if (envelope.id <= lastMutationId) {
      results.push({ id: envelope.id, status: "duplicate" });
      continue;
    }
    if (envelope.id !== lastMutationId + 1) break;
    results.push(applyEnvelope(ctx, envelope, mode));
    lastMutationId = envelope.id;
  }
  recordPush(db2, userId, request2.clientId, lastMutationId, now);
  return {
    response: { lastMutationId, results },
    changed: results.some((r) => r.status === "applied"),
    subscribedFeedIds: [...ctx.subscribedFeedIds],
    refusedByConstraint: ctx.refusedByConstraint
  };
}
function inIdOrder(mutations) {
  return [...mutations].sort((a, b) => a.id - b.id);
}

// server/sync/push-limits.ts
var tooLarge = (message) => new HttpError(413, "payload_too_large", message);
function checkPushLimits(req) {
  const declared = Number(req.get("content-length"));
  const measured = Number.isFinite(declared) && !req.get("content-encoding");
  const bytes = measured ? declared : Buffer.byteLength(JSON.stringify(req.body ?? null));
  if (bytes > MAX_PUSH_BYTES) throw tooLarge(`a push may carry at most ${MAX_PUSH_BYTES} bytes`);
  const mutations = req.body?.mutations;
  if (Array.isArray(mutations) && mutations.length > MAX_MUTATIONS_PER_PUSH) {
    throw tooLarge(`a push may carry at most ${MAX_MUTATIONS_PER_PUSH} mutations`);
  }
}

// server/sync/pull-cookie.ts
import { z as z18 } from "zod";
var phaseCodes = { entries: "e", states: "s", deletedEntries: "x" };
var phaseOfCode = { e: "entries", s: "states", x: "deletedEntries" };
var versionNumber = z18.number().int().nonnegative();
var cookieSchema = z18.union([
  z18.object({ v: versionNumber }).strict(),
  z18.object({
    v: versionNumber,
    t: versionNumber,
    p: z18.enum(["e", "s", "x"]),
    c: z18.tuple([versionNumber, versionNumber])
  }).strict()
]);
function encodeRoundEnd(upTo) {
  return Buffer.from(JSON.stringify({ v: upTo })).toString("base64url");
}
function encodePosition(round, position) {
  const cookie = { v: round.after, t: round.upTo, p: phaseCodes[position.phase], c: [position.version, position.id] };
  return Buffer.from(JSON.stringify(cookie)).toString("base64url");
}
function decodeCookie(cookie, currentVersion2) {
  let json2;
  try {
    json2 = JSON.parse(Buffer.from(cookie, "base64url").toString("utf8"));
  } catch {
    return void 0;
  }
  const parsed = cookieSchema.safeParse(json2);
  if (!parsed.success) return void 0;
  const data = parsed.data;
  if (!("t" in data)) return { after: data.v, upTo: currentVersion2 };
  if (data.t < data.v) return void 0;
  return { after: data.v, upTo: data.t, position: { phase: phaseOfCode[data.p], version: data.c[0], id: data.c[1] } };
}

// server/sync/pull-rows.ts
function toSyncFolder(row) {
  return { id: row.id, name: row.name, orderKey: row.order_key };
}
function toSyncSubscription(row) {
  return {
    id: row.id,
    feedId: row.feed_id,
    folderId: row.folder_id,
    orderKey: row.order_key,
    title: row.title,
    feedTitle: row.feed_title,
    feedUrl: row.feed_url,
    siteUrl: row.site_url,
    iconUrl: row.icon_url,
    lastFetchedAt: row.last_fetched_at,
    error: row.last_error === null ? null : {
      message: row.last_error,
      httpStatus: row.http_status,
      consecutive: row.consecutive_errors,
      gone: row.http_status === 410
    }
  };
}
function toSyncEntry(row) {
  return {
    id: row.id,
    feedId: row.feed_id,
    url: row.url,
    title: row.title,
    author: row.author,
    summary: row.summary,
    content: row.content,
    fullContent: row.full_content,
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
    enclosures: JSON.parse(row.enclosures),
    categories: JSON.parse(row.categories),
    language: row.language,
    dir: row.dir === "rtl" ? "rtl" : "ltr"
  };
}
function toSyncEntryState(row) {
  return { entryId: row.id, read: row.read === 1, starred: row.starred === 1 };
}
function entryWeight(row) {
  return (row.content?.length ?? 0) + (row.full_content?.length ?? 0) + (row.summary?.length ?? 0) + row.title.length + row.enclosures.length;
}

// server/sync/repos/pull-repo.ts
function entryIdsPage(db2, q) {
  return stmt(
    db2,
    `SELECT version, id FROM (
			SELECT e.version AS version, e.id AS id
			FROM subscriptions s JOIN entries e
				ON e.feed_id = s.feed_id AND e.version > max(@after, s.entries_since_version) AND e.version <= @upTo
			WHERE s.user_id = @userId
			UNION ALL
			SELECT s.entries_since_version AS version, e.id AS id
			FROM subscriptions s JOIN entries e ON e.feed_id = s.feed_id AND e.version <= s.entries_since_version
			WHERE s.user_id = @userId AND s.entries_since_version > @after AND s.entries_since_version <= @upTo
		)
		WHERE (version, id) > (@fromVersion, @fromId)
		ORDER BY version, id
		LIMIT @limit`
  ).all(q);
}
function entriesWithStates(db2, userId, entryIds) {
  return stmt(
    db2,
    `SELECT e.id, e.feed_id, e.url, e.title, e.author, e.summary, e.content, e.full_content, e.published_at,
			e.updated_at, e.enclosures, e.categories, e.language, e.dir, st.read, st.starred
		 FROM entries e LEFT JOIN entry_states st ON st.entry_id = e.id AND st.user_id = @userId
		 WHERE e.id IN (SELECT value FROM json_each(@ids))`
  ).all({ userId, ids: JSON.stringify(entryIds) });
}
function statesPage(db2, q) {
  return stmt(
    db2,
    `SELECT st.version AS version, st.entry_id AS id, st.read, st.starred
		 FROM entry_states st
		 JOIN entries e ON e.id = st.entry_id
		 JOIN subscriptions s ON s.feed_id = e.feed_id AND s.user_id = st.user_id
		 WHERE st.user_id = @userId AND st.version > @after AND st.version <= @upTo
			AND (st.version, st.entry_id) > (@fromVersion, @fromId)
			AND max(e.version, s.entries_since_version) <= @after
		 ORDER BY st.version, st.entry_id
		 LIMIT @limit`
  ).all(q);
}
function latestFeedSideVersion(db2) {
  return stmt(
    db2,
    `SELECT max(coalesce((SELECT max(version) FROM feeds), 0), coalesce((SELECT max(version) FROM entries), 0),
			coalesce((SELECT max(version) FROM entry_tombstones), 0)) AS v`
  ).get().v;
}
function deletedEntriesPage(db2, q) {
  return stmt(
    db2,
    `SELECT t.version AS version, t.entry_id AS id
		 FROM entry_tombstones t JOIN subscriptions s ON s.feed_id = t.feed_id AND s.user_id = @userId
		 WHERE t.version > @after AND t.version <= @upTo AND (t.version, t.entry_id) > (@fromVersion, @fromId)
		 ORDER BY t.version, t.entry_id
		 LIMIT @limit`
  ).all(q);
}

// server/sync/pull-pages.ts
var ENTRY_CHUNK = 200;
var PULL_PHASES = ["entries", "states", "deletedEntries"];
var pageQueries = {
  entries: entryIdsPage,
  states: statesPage,
  deletedEntries: deletedEntriesPage
};
var fillers = {
  entries: fillEntries,
  states: (db2, q, budget, response) => fillSimple(
    statesPage(db2, { ...q, limit: budget.rows }),
    budget,
    (row) => response.entryStates.push(toSyncEntryState(row))
  ),
  deletedEntries: (db2, q, budget, response) => fillSimple(
    deletedEntriesPage(db2, { ...q, limit: budget.rows }),
    budget,
    (row) => response.deleted.entries.push(row.id)
  )
};
function fillPage(db2, userId, round, budget, response, phases = PULL_PHASES) {
  const start = round.position ? phases.indexOf(round.position.phase) : 0;
  for (let i = start; i < phases.length; i++) {
    const phase = phases[i];
    const from = i === start && round.position ? round.position : { version: 0, id: 0 };
    const q = {
      userId,
      after: round.after,
      upTo: round.upTo,
      fromVersion: from.version,
      fromId: from.id,
      limit: 0
    };
    const last = fillers[phase](db2, q, budget, response);
    if (last) {
      const stop = { phase, version: last.version, id: last.id };
      return anyLeft(db2, userId, round, stop, phases) ? stop : void 0;
    }
  }
  return void 0;
}
function anyLeft(db2, userId, round, stop, phases) {
  return phases.slice(phases.indexOf(stop.phase)).some((phase) => {
    const from = phase === stop.phase ? stop : { version: 0, id: 0 };
    const q = { userId, after: round.after, upTo: round.upTo, fromVersion: from.version, fromId: from.id, limit: 1 };
    return pageQueries[phase](db2, q).length > 0;
  });
}
function fillSimple(rows, budget, add) {
  rows.forEach(add);
  budget.rows -= rows.length;
  return budget.rows <= 0 ? rows.at(-1) : void 0;
}
function fillEntries(db2, q, budget, response) {
  let from = { version: q.fromVersion, id: q.fromId };
  if (budget.rows <= 0 || budget.chars <= 0) return from;
  const limit = budget.rows;
  const ids = entryIdsPage(db2, { ...q, limit });
  for (let start = 0; start < ids.length; start += ENTRY_CHUNK) {
    const chunk = ids.slice(start, start + ENTRY_CHUNK);
    const rows = new Map(
      entriesWithStates(
        db2,
        q.userId,
        chunk.map((r) => r.id)
      ).map((row) => [row.id, row])
    );
    for (const id of chunk) {
      const row = rows.get(id.id);
      response.entries.push(toSyncEntry(row));
      if (row.read !== null) response.entryStates.push(toSyncEntryState(row));
      budget.rows -= 1;
      budget.chars -= entryWeight(row);
      from = id;
      if (budget.chars <= 0) return from;
    }
  }
  return ids.length < limit ? void 0 : from;
}

// server/sync/pull-service.ts
var DEFAULT_PULL_LIMIT = 1e3;
var MAX_PULL_PAGE_CHARS = 3 * 1024 * 1024;
function pull(db2, userId, request2) {
  return transactionOf(db2, "deferred", readPage)(db2, userId, request2);
}
function readPage(db2, userId, request2) {
  const client = syncClientRow(db2, request2.clientId);
  if (client && client.user_id !== userId) throw clientNotOwned();
  const current = currentVersion(db2);
  const { round, initial, reset } = startingRound(db2, request2.cookie, current);
  const response = emptyResponse(reset, client?.last_mutation_id ?? 0);
  if (!initial && round.after === round.upTo) {
    response.cookie = encodeRoundEnd(round.upTo);
    return response;
  }
  const budget = { rows: request2.limit ?? DEFAULT_PULL_LIMIT, chars: MAX_PULL_PAGE_CHARS };
  let phases = PULL_PHASES;
  if (!round.position) {
    const feedsChanged = latestFeedSideVersion(db2) > round.after;
    const subscribedInRound = addRoundStart(db2, userId, { ...round, feedsChanged }, initial, response);
    if (!feedsChanged && !subscribedInRound) phases = ["states"];
  }
  const stop = fillPage(db2, userId, round, budget, response, phases);
  response.hasMore = stop !== void 0;
  response.cookie = stop ? encodePosition(round, stop) : encodeRoundEnd(round.upTo);
  return response;
}
function startingRound(db2, cookie, current) {
  const fresh = { round: { after: 0, upTo: current }, initial: true, reset: cookie !== null };
  if (cookie === null) return fresh;
  const round = decodeCookie(cookie, current);
  if (!round || round.after > round.upTo || round.upTo > current || missedDeletions(db2, round)) return fresh;
  return { round, initial: false, reset: false };
}
function missedDeletions(db2, round) {
  return round.after > 0 && round.after < getTombstoneHorizon(db2);
}
function emptyResponse(reset, lastMutationId) {
  return {
    cookie: "",
    hasMore: false,
    reset,
    lastMutationId,
    folders: [],
    subscriptions: [],
    entries: [],
    entryStates: [],
    settings: null,
    deleted: { folders: [], subscriptions: [], entries: [] }
  };
}
function addRoundStart(db2, userId, round, initial, response) {
  response.folders = foldersChangedBetween(db2, userId, round.after, round.upTo).map(toSyncFolder);
  const subscriptions = subscriptionsChangedBetween(db2, userId, round);
  response.subscriptions = subscriptions.map(toSyncSubscription);
  for (const tombstone of tombstonesBetween(db2, userId, round.after, round.upTo)) {
    (tombstone.kind === "folder" ? response.deleted.folders : response.deleted.subscriptions).push(tombstone.id);
  }
  const settings = getUserSettingsRow(db2, userId);
  const changed = settings.settings_version > round.after && settings.settings_version <= round.upTo;
  if (initial || changed) response.settings = readUserSettings(settings.settings);
  return subscriptions.some((s) => s.entries_since_version > round.after);
}

// server/sync/change-events.ts
var HEARTBEAT_MS = 25e3;
function changeEvents(bus2, heartbeatMs = HEARTBEAT_MS) {
  return (req, res) => {
    const { userId } = currentAuth(req);
    res.writeHead(200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no"
    });
    res.write("retry: 5000\n\n");
    const unsubscribe = bus2.subscribe(userId, () => res.write("event: change\ndata: pull\n\n"));
    const heartbeat = setInterval(() => res.write(": heartbeat\n\n"), heartbeatMs);
    const stopOnShutdown = bus2.onClose(() => res.end());
    res.on("close", () => {
      clearInterval(heartbeat);
      unsubscribe();
      stopOnShutdown();
    });
  };
}

// server/sync/rest-routes.ts
import { Router as Router13 } from "express";
import { z as z19 } from "zod";

// server/sync/rest-service.ts
function runAll(db2, userId, now, mutations) {
  const ctx = createMutationContext(db2, userId, now);
  for (const mutation of mutations) runMutation(ctx, mutation);
}
function patchSubscription(db2, userId, now, args) {
  return writeTransaction(db2, () => {
    runAll(db2, userId, now, [{ id: 0, name: "subscription.update", args }]);
    return toSyncSubscription(getSubscriptionView(db2, userId, args.subscriptionId));
  });
}
function patchFolder(db2, userId, now, folderId, changes) {
  const mutations = [];
  if (changes.name !== void 0)
    mutations.push({ id: 0, name: "folder.rename", args: { folderId, name: changes.name } });
  if (changes.orderKey !== void 0) {
    mutations.push({ id: 0, name: "folder.reorder", args: { folderId, orderKey: changes.orderKey } });
  }
  return writeTransaction(db2, () => {
    if (!getFolder(db2, userId, folderId)) throw notFound("folder not found");
    runAll(db2, userId, now, mutations);
    return toSyncFolder(getFolder(db2, userId, folderId));
  });
}

// server/sync/rest-routes.ts
var clientMadeId = z19.uuid();
var subscriptionPatchSchema = z19.object({
  folderId: z19.string().nullable().optional(),
  orderKey: z19.string().optional(),
  title: z19.string().nullable().optional()
}).strict();
var folderPatchSchema = z19.object({ name: z19.string().trim().min(1).max(200).optional(), orderKey: orderKeySchema.optional() }).strict().refine((p) => p.name !== void 0 || p.orderKey !== void 0, { message: "nothing to update" });
function idParam3(value, what) {
  const parsed = clientMadeId.safeParse(value);
  if (!parsed.success) throw notFound(`${what} not found`);
  return parsed.data;
}
function syncRestRoutes(deps) {
  const { db: db2, bus: bus2 } = deps;
  const now = deps.now ?? Date.now;
  const router = Router13();
  const auth = requireAuth(db2, now, deps.logger);
  router.patch("/subscriptions/:id", auth, (req, res) => {
    const subscriptionId = idParam3(req.params.id, "subscription");
    const body = parse(subscriptionPatchSchema, req.body, "subscription change");
    const args = parse(mutationArgsSchemas["subscription.update"], { ...body, subscriptionId }, "subscription change");
    const { userId } = currentAuth(req);
    const subscription = patchSubscription(db2, userId, now(), args);
    bus2.notify([userId]);
    res.json({ subscription });
  });
  router.patch("/folders/:id", auth, (req, res) => {
    const folderId = idParam3(req.params.id, "folder");
    const changes = parse(folderPatchSchema, req.body, "folder change");
    const { userId } = currentAuth(req);
    const folder = patchFolder(db2, userId, now(), folderId, changes);
    bus2.notify([userId]);
    res.json({ folder });
  });
  return router;
}

// server/sync/routes.ts
function syncRoutes(deps) {
  const { db: db2, bus: bus2, refresher } = deps;
  const now = deps.now ?? Date.now;
  const auth = requireAuth(db2, now, deps.logger);
  const router = Router14();
  router.post("/sync/push", auth, (req, res) => {
    checkPushLimits(req);
    const request2 = parse(pushRequestSchema, req.body, "push");
    const { userId } = currentAuth(req);
    const outcome = applyPush(db2, userId, request2, now(), deps.logger);
    if (outcome.changed) bus2.notify([userId]);
    for (const feedId of outcome.subscribedFeedIds) refresher.requestRefresh(feedId);
    sendJson(req, res, outcome.response);
  });
  router.post("/sync/pull", auth, (req, res) => {
    const request2 = parse(pullRequestSchema, req.body, "pull");
    sendJson(req, res, pull(db2, currentAuth(req).userId, request2));
  });
  router.get("/sync/events", requireAuth(db2, now, deps.logger, { allowQueryToken: true }), changeEvents(bus2));
  router.use(syncRestRoutes(deps));
  return router;
}

// server/app.ts
function createApp(deps) {
  const app2 = express4();
  app2.disable("x-powered-by");
  app2.set("trust proxy", "loopback, linklocal, uniquelocal");
  app2.set("etag", false);
  app2.use(requestLog(deps.logger, { ignore: (path9) => path9 === "/api/health" }));
  app2.use(securityHeaders(deps.config.buildDir, { directImages: deps.config.MEDIA_PROXY === "off" }));
  app2.use(mountGreader(greaderRoutes(deps)));
  const api = express4.Router();
  api.use((_req, res, next) => {
    res.setHeader("Cache-Control", "no-store");
    next();
  });
  api.use(express4.json({ limit: MAX_PUSH_BYTES + 64 * 1024 }));
  if (deps.config.TEST_FAULTS) api.use(testFaultRoutes());
  api.use(syncRoutes(deps));
  api.use(mediaRoutes(deps));
  api.use(compress());
  api.use(healthRoutes(deps.db));
  api.use(authRoutes(deps));
  api.use(accountRoutes(deps));
  api.use(appPasswordRoutes(deps));
  api.use("/admin", adminRoutes(deps));
  api.use(feedsRoutes(deps));
  api.use(entriesRoutes(deps));
  api.use(apiNotFound);
  app2.use("/api", api);
  app2.use(compress(), staticApp(deps.config.buildDir));
  app2.use(errorHandler);
  return app2;
}

// server/config.ts
import path5 from "node:path";
import { z as z20 } from "zod";
var booleanFromEnv = z20.enum(["true", "false", "1", "0", "yes", "no", ""]).default("false").transform((v) => v === "true" || v === "1" || v === "yes");
var configSchema = z20.object({
  PORT: z20.coerce.number().int().min(0).max(65535).default(3e3),
  HOST: z20.string().min(1).default("0.0.0.0"),
  DATA_DIR: z20.string().min(1).default("./data"),
  ALLOW_PRIVATE_FEEDS: booleanFromEnv,
  /** Unset: each feed's interval adapts to how often it posts. */
  REFRESH_INTERVAL_MINUTES: z20.coerce.number().int().min(1).max(10080).optional(),
  LOG_LEVEL: z20.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** How long a write waits for another process's lock before the request gets a 503. */
  DB_BUSY_TIMEOUT_MS: z20.coerce.number().int().min(0).max(6e4).default(1e3),
  /** Off unless set: lets end-to-end tests make the server fail on purpose. Never set it in production. */
  TEST_FAULTS: booleanFromEnv,
  /** `on`: feed images are served through /api/media (same origin, cacheable offline); `off`: from their sites. */
  MEDIA_PROXY: z20.enum(["on", "off"]).default("on"),
  /** Signs media URLs; unset: a random key is made on first start and kept in DATA_DIR/media-proxy.key. */
  MEDIA_PROXY_SECRET: z20.string().min(32, { message: "use at least 32 characters" }).optional(),
  /** The built app to serve; unset: build/ in the repository. Tests point it at a copy to ship an update. */
  BUILD_DIR: z20.string().min(1).optional()
});
function loadConfig(env = process.env) {
  const fromEnv = Object.fromEntries(
    Object.keys(configSchema.shape).flatMap(
      (key) => env[key] === void 0 || env[key] === "" ? [] : [[key, env[key]]]
    )
  );
  const parsed = configSchema.safeParse(fromEnv);
  if (!parsed.success) {
    throw new Error(`Invalid configuration:
${z20.prettifyError(parsed.error)}`);
  }
  const dataDir = path5.resolve(parsed.data.DATA_DIR);
  return {
    ...parsed.data,
    DATA_DIR: dataDir,
    databasePath: path5.join(dataDir, "tidings.db"),
    buildDir: path5.resolve(parsed.data.BUILD_DIR ?? path5.join(import.meta.dirname, "..", "build"))
  };
}
var SECRET_KEYS = /SECRET|TOKEN|PASSWORD|KEY/i;
function describeConfig(config2) {
  return Object.fromEntries(
    Object.entries(config2).map(([key, value]) => [key, SECRET_KEYS.test(key) && value !== void 0 ? "***" : value])
  );
}

// server/db/checkpointer.ts
import path6 from "node:path";
var SQLITE_DEFAULT_AUTOCHECKPOINT = 1e3;
var DEFAULTS = { activeIntervalMs: 50, idleIntervalMs: 250, safetyNetPages: 1e4 };
var WalCheckpointer = class {
  #db;
  #logger;
  #worker = null;
  #exited = Promise.resolve();
  #running = false;
  #stopping = false;
  /** True once the worker's connection is open and has checkpointed once; false if it never got there. */
  ready = Promise.resolve(false);
  constructor(db2, logger2, options = {}) {
    this.#db = db2;
    this.#logger = logger2;
    if (db2.memory || db2.readonly) return;
    const { activeIntervalMs, idleIntervalMs, safetyNetPages } = { ...DEFAULTS, ...options };
    db2.pragma(`wal_autocheckpoint = ${Math.trunc(safetyNetPages)}`);
    const workerData = { file: path6.resolve(db2.name), activeIntervalMs, idleIntervalMs };
    const worker = startWorker(workerEntry(import.meta.url, "checkpoint-worker"), { workerData });
    worker.unref();
    this.#worker = worker;
    this.#running = true;
    let failure;
    this.ready = new Promise((resolve2) => {
      worker.on("message", (report) => {
        if ("ready" in report) resolve2(true);
        else failure = report.failed;
      });
      worker.once("exit", () => resolve2(false));
    });
    worker.on("error", (err) => failure ??= err.message);
    this.#exited = new Promise(
      (resolve2) => worker.once("exit", (exitCode) => {
        this.#running = false;
        if (!this.#stopping) this.#fallBack(exitCode, failure);
        resolve2();
      })
    );
  }
  /** Whether the worker thread is alive. */
  get running() {
    return this.#running;
  }
  /** Stops the worker and closes its connection; the main connection checkpoints on its own again. */
  async close() {
    if (!this.#worker) return;
    this.#stopping = true;
    if (this.#running) {
      this.#worker.ref();
      this.#worker.postMessage("stop");
    }
    await this.#exited;
    this.#restoreAutocheckpoint();
  }
  #fallBack(exitCode, failure) {
    this.#restoreAutocheckpoint();
    this.#logger.warn(
      { failure, exitCode },
      "the WAL checkpointer thread stopped; checkpoints run on the main thread again (SQLite default)"
    );
  }
  #restoreAutocheckpoint() {
    if (this.#db.open) this.#db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
  }
};

// server/db/open.ts
import fs5 from "node:fs";
import path8 from "node:path";
import Database from "better-sqlite3";

// server/db/migrate.ts
import fs4 from "node:fs";
import path7 from "node:path";
var MIGRATIONS_DIR = path7.join(import.meta.dirname, "migrations");
var FILE_PATTERN = /^(\d{3})_[\w-]+\.sql$/;
function readMigrations(dir = MIGRATIONS_DIR) {
  return fs4.readdirSync(dir).filter((name2) => FILE_PATTERN.test(name2)).map((name2) => ({
    version: Number(FILE_PATTERN.exec(name2)[1]),
    name: name2,
    sql: fs4.readFileSync(path7.join(dir, name2), "utf8")
  })).sort((a, b) => a.version - b.version);
}
function migrate(db2, migrations = readMigrations()) {
  const applied = [];
  for (const migration of migrations) {
    db2.transaction(() => {
      const current = db2.pragma("user_version", { simple: true });
      if (migration.version <= current) return;
      db2.exec(migration.sql);
      db2.pragma(`user_version = ${migration.version}`);
      applied.push(migration.version);
    }).immediate();
  }
  return applied;
}

// server/db/open.ts
function openDatabase(file, options) {
  if (file !== ":memory:") fs5.mkdirSync(path8.dirname(file), { recursive: true });
  const db2 = new Database(file, { readonly: options.readonly ?? false });
  db2.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs)}`);
  if (!options.readonly) {
    db2.pragma("journal_mode = WAL");
    db2.pragma("synchronous = NORMAL");
  }
  db2.pragma("foreign_keys = ON");
  if (!options.readonly) migrate(db2);
  return db2;
}

// server/entries/retention-repo.ts
function retentionCandidates(db2, cutoff, keepPerFeed, limit) {
  return stmt(
    db2,
    `WITH ranked AS (
		   SELECT id, row_number() OVER (PARTITION BY feed_id ORDER BY published_at DESC, id DESC) AS rank FROM entries
		 )
		 SELECT e.id, e.feed_id, e.guid FROM entries e JOIN ranked r ON r.id = e.id
		 WHERE e.published_at < ? AND e.fetched_at < ? AND r.rank > ?
		   AND NOT EXISTS (SELECT 1 FROM entry_states st WHERE st.entry_id = e.id AND st.starred = 1)
		   AND NOT EXISTS (
		     SELECT 1 FROM subscriptions sub WHERE sub.feed_id = e.feed_id AND NOT EXISTS (
		       SELECT 1 FROM entry_states st WHERE st.entry_id = e.id AND st.user_id = sub.user_id AND st.read = 1))
		 ORDER BY e.id LIMIT ?`
  ).all(cutoff, cutoff, keepPerFeed, limit);
}
function deleteEntryWithTombstone(db2, entry2, now, version2) {
  stmt(
    db2,
    `INSERT INTO entry_tombstones (feed_id, guid, entry_id, deleted_at, version) VALUES (?, ?, ?, ?, ?)
		 ON CONFLICT (feed_id, guid) DO UPDATE SET entry_id = excluded.entry_id, deleted_at = excluded.deleted_at,
		 version = excluded.version`
  ).run(entry2.feed_id, entry2.guid, entry2.id, now, version2);
  stmt(db2, "DELETE FROM entries WHERE id = ?").run(entry2.id);
}

// server/entries/retention.ts
var KEEP_NEWEST_PER_FEED = 50;
var BATCH = 500;
var DAY = 24 * 60 * 60 * 1e3;
async function runRetention(db2, now, bus2) {
  const cutoff = now - getServerSettings(db2).retentionDays * DAY;
  const touchedFeeds = /* @__PURE__ */ new Set();
  let deleted = 0;
  for (; ; ) {
    const batch = writeTransaction(db2, () => {
      const candidates = retentionCandidates(db2, cutoff, KEEP_NEWEST_PER_FEED, BATCH);
      for (const entry2 of candidates) {
        deleteEntryWithTombstone(db2, entry2, now, nextVersion(db2));
        touchedFeeds.add(entry2.feed_id);
      }
      return candidates.length;
    });
    deleted += batch;
    if (batch < BATCH) break;
    await new Promise((resolve2) => setImmediate(resolve2));
  }
  if (bus2) bus2.notify([...touchedFeeds].flatMap((feedId) => subscriberIds(db2, feedId)));
  return { deleted };
}

// server/sync/tombstone-prune.ts
var TOMBSTONE_MAX_AGE_MS = 90 * 24 * 60 * 60 * 1e3;
function pruneTombstones(db2, now, maxAgeMs = TOMBSTONE_MAX_AGE_MS) {
  return writeTransaction(db2, () => {
    const removedUpTo = pruneTombstonesBefore(db2, now - maxAgeMs);
    if (removedUpTo > 0) raiseTombstoneHorizon(db2, removedUpTo);
    return removedUpTo;
  });
}

// server/feeds/engine/feed-engine.ts
var DAY2 = 24 * 60 * 60 * 1e3;
var FeedEngine = class {
  #o;
  #refresh;
  #pending = /* @__PURE__ */ new Map();
  #running = /* @__PURE__ */ new Map();
  #perHost = /* @__PURE__ */ new Map();
  /** Feeds whose refresh threw (it could not even save its failure): not scheduled again before `until`. */
  #heldBack = /* @__PURE__ */ new Map();
  #tickTimer = null;
  #retentionTimer = null;
  #stopped = false;
  constructor(options) {
    this.#o = {
      now: Date.now,
      random: Math.random,
      timers: {
        setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
        clearTimeout: (h) => clearTimeout(h)
      },
      concurrency: 8,
      perHost: 2,
      maxSleepMs: 6e4,
      retentionEveryMs: DAY2,
      // AppDeps spread in carries `now: undefined` when the app uses the real clock.
      ...Object.fromEntries(Object.entries(options).filter(([, value]) => value !== void 0))
    };
    const mediaKey2 = mediaKey(this.#o.config);
    this.#refresh = options.refresh ?? ((feedId) => refreshFeed(
      {
        db: this.#o.db,
        logger: this.#o.logger,
        bus: this.#o.bus,
        allowPrivate: this.#o.config.ALLOW_PRIVATE_FEEDS,
        fixedIntervalMinutes: this.#o.config.REFRESH_INTERVAL_MINUTES,
        now: this.#o.now,
        random: this.#o.random,
        timeoutMs: this.#o.timeoutMs,
        mediaKey: mediaKey2
      },
      feedId
    ));
  }
  /** Subscribing calls this after its transaction commits: the fetch happens soon, never inside the request. */
  requestRefresh(feedId) {
    this.refreshNow(feedId).catch((err) => this.#o.logger.warn({ err, feedId }, "requested refresh failed"));
  }
  /** Queues the feed (or joins its queued or running fetch) and resolves with what the fetch did. */
  refreshNow(feedId) {
    const existing = this.#running.get(feedId) ?? this.#pending.get(feedId);
    if (existing) return existing.promise;
    if (this.#stopped) return Promise.reject(new Error("the feed engine is stopping"));
    const feed = getFeed(this.#o.db, feedId);
    if (!feed) return Promise.reject(new Error(`feed ${feedId} does not exist`));
    let resolve2;
    let reject;
    const promise = new Promise((res, rej) => (resolve2 = res, reject = rej));
    this.#pending.set(feedId, { feedId, host: hostOf(feed.url), promise, resolve: resolve2, reject });
    this.#pump();
    return promise;
  }
  /** Queues every feed that is due now and waits for all of them. */
  async runDue() {
    const due = listDueFeeds(this.#o.db, this.#o.now(), 1e4);
    const results = await Promise.allSettled(due.map((f) => this.refreshNow(f.id)));
    return results.flatMap((r) => r.status === "fulfilled" ? [r.value] : []);
  }
  get activeCount() {
    return this.#running.size;
  }
  start() {
    this.#stopped = false;
    this.#scheduleTick(0);
    this.#scheduleRetention();
  }
  /** Stops scheduling, drops what is queued, and waits for the fetches in flight. */
  async stop() {
    this.#stopped = true;
    this.#o.timers.clearTimeout(this.#tickTimer);
    this.#o.timers.clearTimeout(this.#retentionTimer);
    for (const job of this.#pending.values()) job.reject(new Error("the feed engine stopped"));
    this.#pending.clear();
    await Promise.allSettled([...this.#running.values()].map((job) => job.promise));
  }
  #pump() {
    for (const job of this.#pending.values()) {
      if (this.#running.size >= this.#o.concurrency) return;
      const onHost = this.#perHost.get(job.host) ?? 0;
      if (onHost >= this.#o.perHost) continue;
      this.#pending.delete(job.feedId);
      this.#running.set(job.feedId, job);
      this.#perHost.set(job.host, onHost + 1);
      this.#refresh(job.feedId).then(
        (result2) => {
          this.#heldBack.delete(job.feedId);
          return result2;
        },
        (err) => {
          this.#holdBack(job.feedId);
          throw err;
        }
      ).finally(() => {
        this.#running.delete(job.feedId);
        this.#perHost.set(job.host, (this.#perHost.get(job.host) ?? 1) - 1);
        this.#pump();
      }).then(job.resolve, job.reject);
    }
  }
  #scheduleTick(delayMs) {
    if (this.#stopped) return;
    this.#tickTimer = this.#o.timers.setTimeout(() => this.#tick(), delayMs);
  }
  #tick() {
    try {
      const now = this.#o.now();
      const room = Math.max(this.#o.concurrency * 4 - this.#pending.size, 0);
      const due = listDueFeeds(this.#o.db, now, room + this.#heldBack.size).filter(
        (feed) => (this.#heldBack.get(feed.id)?.until ?? 0) <= now
      );
      for (const feed of due.slice(0, room)) {
        this.refreshNow(feed.id).catch(
          (err) => this.#o.logger.warn({ err, feedId: feed.id }, "refresh failed")
        );
      }
      const next = nextDueAt(this.#o.db);
      const sleep = next === null ? this.#o.maxSleepMs : next - this.#o.now();
      this.#scheduleTick(Math.min(Math.max(sleep, 1e3), this.#o.maxSleepMs));
    } catch (err) {
      this.#o.logger.error({ err }, "feed scheduler tick failed");
      this.#scheduleTick(this.#o.maxSleepMs);
    }
  }
  /**
   * A refresh that throws has not saved its own backoff (the database refused even that), so the feed would
   * stay due and be fetched again at every tick. The engine holds it back as a failing fetch would be.
   */
  #holdBack(feedId) {
    const failures = (this.#heldBack.get(feedId)?.failures ?? 0) + 1;
    this.#heldBack.set(feedId, { failures, until: this.#o.now() + backoffMs(failures) });
  }
  /** The first run comes soon after start (a server restarted daily would otherwise never run it). */
  #scheduleRetention(delayMs = Math.min(this.#o.retentionEveryMs, 10 * 6e4)) {
    if (this.#stopped) return;
    this.#retentionTimer = this.#o.timers.setTimeout(() => {
      runRetention(this.#o.db, this.#o.now(), this.#o.bus).then((report) => {
        const tombstoneHorizon = pruneTombstones(this.#o.db, this.#o.now());
        this.#o.logger.info({ ...report, tombstoneHorizon }, "retention done");
      }).catch((err) => this.#o.logger.error({ err }, "retention failed")).finally(() => this.#scheduleRetention(this.#o.retentionEveryMs));
    }, delayMs);
  }
};
function hostOf(url) {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

// server/log.ts
import { pino } from "pino";
function createLogger(level, destination) {
  return pino(
    {
      level,
      redact: {
        paths: [
          "password",
          "token",
          "*.password",
          "*.token",
          "req.headers.authorization",
          "req.headers.cookie",
          "req.query.token",
          'res.headers["set-cookie"]'
        ],
        censor: "[redacted]"
      }
    },
    destination
  );
}

// server/media/restamp-stored.ts
import { createHash as createHash8 } from "node:crypto";
import { setImmediate as nextTurn } from "node:timers/promises";

// server/media/media-urls-repo.ts
function mediaUrlState(db2) {
  const row = stmt(
    db2,
    "SELECT mode, next_id FROM media_url_state WHERE id = 1"
  ).get();
  return { mode: row.mode, nextId: row.next_id };
}
function saveMediaUrlState(db2, state) {
  stmt(db2, "UPDATE media_url_state SET mode = ?, next_id = ? WHERE id = 1").run(state.mode, state.nextId);
}
function entriesHtmlFrom(db2, fromId, limit) {
  return stmt(
    db2,
    "SELECT id, content, full_content FROM entries WHERE id >= ? ORDER BY id LIMIT ?"
  ).all(fromId, limit);
}
function saveEntryHtml(db2, entry2, version2) {
  stmt(db2, "UPDATE entries SET content = ?, full_content = ?, version = ? WHERE id = ?").run(
    entry2.content,
    entry2.full_content,
    version2,
    entry2.id
  );
}

// server/media/restamp-stored.ts
var CHUNK = 200;
function mediaUrlMode(key) {
  return key ? `proxy:${createHash8("sha256").update(key).digest("base64url").slice(0, 16)}` : "direct";
}
async function restampStoredMedia(db2, key, logger2) {
  const mode = mediaUrlMode(key);
  let state = mediaUrlState(db2);
  if (state.mode === mode && state.nextId === null) return 0;
  if (state.mode !== mode) state = { mode, nextId: 0 };
  logger2.info({ mode, fromId: state.nextId }, "rewriting the image URLs of stored entries");
  let changed = 0;
  for (let fromId = state.nextId ?? 0; ; await nextTurn()) {
    const rows = entriesHtmlFrom(db2, fromId, CHUNK);
    const nextId = rows.length === CHUNK ? rows.at(-1).id + 1 : null;
    writeTransaction(db2, () => {
      for (const row of rows) {
        const content = row.content && restampImageUrls(row.content, key);
        const fullContent = row.full_content && restampImageUrls(row.full_content, key);
        if (content === row.content && fullContent === row.full_content) continue;
        saveEntryHtml(db2, { id: row.id, content, full_content: fullContent }, nextVersion(db2));
        changed += 1;
      }
      saveMediaUrlState(db2, { mode, nextId });
    });
    if (nextId === null) break;
    fromId = nextId;
  }
  logger2.info({ mode, changed }, "image URLs of stored entries rewritten");
  return changed;
}

// server/sync/change-bus.ts
import { EventEmitter } from "node:events";
var CLOSE = /* @__PURE__ */ Symbol("close");
var ChangeBus = class {
  #emitter = new EventEmitter();
  constructor() {
    this.#emitter.setMaxListeners(0);
  }
  notify(userIds) {
    for (const userId of new Set(userIds)) this.#emitter.emit(String(userId));
  }
  subscribe(userId, listener) {
    this.#emitter.on(String(userId), listener);
    return () => this.#emitter.off(String(userId), listener);
  }
  /** Shutting down: every open stream ends, so the server can close without waiting for them. */
  close() {
    this.#emitter.emit(CLOSE);
  }
  onClose(listener) {
    this.#emitter.once(CLOSE, listener);
    return () => this.#emitter.off(CLOSE, listener);
  }
  listenerCount(userId) {
    return this.#emitter.listenerCount(String(userId));
  }
};

// server/index.ts
var config = loadConfig();
var logger = createLogger(config.LOG_LEVEL);
logger.info({ config: describeConfig(config) }, "starting Tidings");
var db = openDatabase(config.databasePath, {
  busyTimeoutMs: config.DB_BUSY_TIMEOUT_MS
});
var checkpointer = new WalCheckpointer(db, logger);
var bus = new ChangeBus();
var engine = new FeedEngine({ db, logger, bus, config });
var app = createApp({ config, db, logger, bus, refresher: engine });
engine.start();
restampStoredMedia(db, mediaKey(config), logger).catch(
  (err) => logger.warn({ err }, "rewriting the image URLs of stored entries failed; it goes on at the next start")
);
var server = app.listen(config.PORT, config.HOST, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;
  logger.info({ port, dataDir: config.DATA_DIR }, `Tidings is listening on http://localhost:${port}`);
});
var stopping = false;
function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "shutting down");
  const force = setTimeout(() => server.closeAllConnections(), 1e4).unref();
  const engineStopped = engine.stop();
  server.close(() => {
    clearTimeout(force);
    void engineStopped.then(async () => {
      await checkpointer.close();
      db.close();
      logger.info("stopped");
      process.exit(0);
    });
  });
  bus.close();
  server.closeIdleConnections();
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
//# sourceMappingURL=index.js.map
