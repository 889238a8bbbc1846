/**
 * Identity (认证授权中心): the OAuth2 client-credentials token endpoint and bearer-token authentication.
 *
 * Two levels of identity, as in X-Road: the calling department app is authenticated by its token; the end user
 * and the case being worked on travel as the X-End-User and X-Case-Id headers, recorded and never trusted for
 * access.
 */
import { errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { Knex } from '@mikro-orm/postgresql';
import type { SigningKeys } from './keys';
import { SIGNING_ALG } from './keys';
import type { ClientSecrets } from './secrets';
import { FailureBackoff, type BackoffOptions } from './backoff';
import { CLIENT_ID_PATTERN } from './catalogue';
import type { DirectoryState, Role } from './directory-state';
import type { Caller } from './policy';
import { CONSOLE_CLIENT_ID, mayAct, personCaller } from './console-sessions';

/**
 * The header in which the federation gateway sends its own token to a subgraph, beside the caller's
 * Authorization (which it forwards): `X-Gateway-Authorization: Bearer <a GATEWAY client's token>`.
 */
export const GATEWAY_AUTHORIZATION_HEADER = 'x-gateway-authorization';
/**
 * The header in which the gateway tells a subgraph the district scopes it planned for the client's whole operation
 * (JSON, by row type); trusted only beside the gateway's credential. See RequestAccess.constrainTo.
 */
export const ROW_SCOPES_HEADER = 'x-hub-row-scopes';
/**
 * The header in which the gateway names the entity types (comma-separated) whose every object in the operation it
 * has the owning subgraph confirm (see GatewayFront.ownerChecks): a subgraph may then link to such entities by
 * reference although their rows are limited to districts. Trusted only beside the gateway's credential.
 */
export const OWNER_CHECKED_HEADER = 'x-hub-owner-checked';

export interface IdentityOptions {
  issuer: string;
  audience: string;
  tokenTtlSeconds: number;
  /** Back-off of the token endpoint per client id and per source address (see auth/backoff.ts). */
  tokenBackoff: { perClient: BackoffOptions; perAddress: BackoffOptions };
}

/** An OAuth2 error response (RFC 6749 §5.2). */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: 'invalid_request' | 'invalid_client' | 'unsupported_grant_type' | 'slow_down',
    readonly description: string,
    /** Seconds to wait before trying again (sent as Retry-After with a 429). */
    readonly retryAfter?: number,
  ) {
    super(description);
  }
}

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

/** Why a bearer token was refused; the message goes to the client as is. */
export class AuthenticationError extends Error {}

// Bounded: tokens are at most MAX_TOKEN_CHARS long, so the cache holds at most about 40 MB.
const MAX_CACHED_TOKENS = 10_000;
const MAX_TOKEN_CHARS = 4096;
/** Longest client secret looked at: generated ones are 43 characters. */
const MAX_SECRET_CHARS = 256;

export class Identity {
  /** Claims of tokens verified before, by token (see verifiedClaims). */
  private readonly verified = new Map<string, JWTPayload & { exp: number }>();
  private readonly clientFailures: FailureBackoff;
  private readonly addressFailures: FailureBackoff;

  constructor(
    private readonly knex: Knex,
    private readonly keys: SigningKeys,
    private readonly directory: DirectoryState,
    private readonly secrets: ClientSecrets,
    private readonly options: IdentityOptions,
  ) {
    this.clientFailures = new FailureBackoff(options.tokenBackoff.perClient);
    this.addressFailures = new FailureBackoff(options.tokenBackoff.perAddress);
  }

  /**
   * The client-credentials grant: checks the client's secret and status and returns a signed access token.
   * `params` are the form or JSON body fields; `basic` the decoded HTTP Basic credentials, if sent; `address` the
   * caller's address. A client id or address that failed repeatedly is locked out for a growing time (429 with
   * Retry-After) before any lookup is made.
   */
  async issueToken(
    params: Record<string, unknown>,
    basic: { id: string; secret: string } | undefined,
    address: string,
  ): Promise<TokenResponse> {
    const grantType = params.grant_type;
    if (grantType !== 'client_credentials') {
      throw new OAuthError(400, 'unsupported_grant_type', 'Only grant_type=client_credentials is supported.');
    }
    const clientId = basic?.id ?? params.client_id;
    const secret = basic?.secret ?? params.client_secret;
    if (typeof clientId !== 'string' || typeof secret !== 'string' || !clientId || !secret) {
      throw new OAuthError(
        400,
        'invalid_request',
        'Send client_id and client_secret (form fields, JSON, or HTTP Basic).',
      );
    }
    // An id no client can have (too long, a NUL...) is simply unknown: never looked up, never a key of its own.
    const knownShape = CLIENT_ID_PATTERN.test(clientId) && secret.length <= MAX_SECRET_CHARS;
    // Per client id *from this address*: keyed on the id alone, anyone could lock a department's app out by
    // sending it wrong secrets; the address's own count catches one address trying many ids.
    const clientKey = `${knownShape ? clientId : '(malformed)'} ${address}`;
    const wait = Math.max(
      this.addressFailures.retryAfter(address),
      this.clientFailures.retryAfter(clientKey),
    );
    if (wait > 0) {
      throw new OAuthError(429, 'slow_down', `Too many failed token requests; try again in ${wait} s.`, wait);
    }
    const rows = knownShape
      ? (
          await this.knex.raw(
            `SELECT client_id, role, department_code, secret_hash, disabled_at FROM client WHERE client_id = ?`,
            [clientId],
          )
        ).rows
      : [];
    const client = rows[0] as
      | {
          client_id: string;
          role: Role;
          department_code: string | null;
          secret_hash: string;
          disabled_at: Date | null;
        }
      | undefined;
    const { valid, rehash, busy } = await this.secrets.verify(
      secret.slice(0, MAX_SECRET_CHARS),
      client?.secret_hash ?? null,
    );
    if (busy) throw new OAuthError(429, 'slow_down', 'The token service is busy; try again in 1 s.', 1);
    if (!client || !valid || client.disabled_at) {
      this.addressFailures.fail(address);
      this.clientFailures.fail(clientKey);
      throw new OAuthError(401, 'invalid_client', 'Unknown client, wrong secret, or a disabled client.');
    }
    this.addressFailures.succeed(address);
    this.clientFailures.succeed(clientKey);
    if (rehash) {
      // An scrypt hash from an earlier version: replaced by the keyed hash now that the secret is known.
      await this.knex.raw(`UPDATE client SET secret_hash = ? WHERE client_id = ? AND secret_hash = ?`, [
        rehash,
        client.client_id,
        client.secret_hash,
      ]);
    }
    const token = await this.keys.sign(
      { role: client.role, dept: client.department_code ?? undefined },
      { issuer: this.options.issuer, audience: this.options.audience, subject: client.client_id },
    );
    return { access_token: token, token_type: 'Bearer', expires_in: this.options.tokenTtlSeconds };
  }

  /**
   * The claims of a token whose signature, issuer, audience and expiry check out. A token verified before is
   * answered from memory until it expires: an ES256 verification costs more than a point lookup, and a client
   * sends the same token for up to TOKEN_TTL_SECONDS. Only byte-identical tokens hit the cache, so a forged one
   * is always verified; whether the client is still enabled is decided afresh by the caller on every request.
   */
  private async verifiedClaims(token: string): Promise<JWTPayload> {
    const cached = this.verified.get(token);
    if (cached && cached.exp * 1000 > Date.now()) return cached;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(
        token,
        async (header) => {
          const key = await this.keys.publicKey(header.kid);
          if (!key) throw new AuthenticationError('The token was not signed by a key of this hub.');
          return key;
        },
        {
          issuer: this.options.issuer,
          audience: this.options.audience,
          algorithms: [SIGNING_ALG],
          requiredClaims: ['sub', 'exp'],
        },
      ));
    } catch (error) {
      this.verified.delete(token);
      if (error instanceof AuthenticationError) throw error;
      if (error instanceof joseErrors.JWTExpired)
        throw new AuthenticationError('The access token has expired; get a new one.');
      if (error instanceof joseErrors.JWTClaimValidationFailed) {
        throw new AuthenticationError(`The access token is not for this hub (${error.claim} claim).`);
      }
      throw new AuthenticationError('The access token is invalid.');
    }
    // Bounded: dropping everything now and then is simpler than LRU order, and costs one verification per token.
    if (this.verified.size >= MAX_CACHED_TOKENS) this.verified.clear();
    this.verified.set(token, payload as JWTPayload & { exp: number });
    return payload;
  }

  /**
   * Verifies the gateway's credential (`X-Gateway-Authorization: Bearer <token>`): a token of an enabled client
   * whose role is GATEWAY now. Throws AuthenticationError otherwise, saying what was wrong.
   */
  async authenticateGateway(authorization: string | undefined): Promise<Caller> {
    if (!authorization) throw new AuthenticationError('The gateway credential is missing.');
    const gateway = await this.authenticate(authorization, {});
    if (gateway.role !== 'GATEWAY') {
      throw new AuthenticationError(
        `The client ${gateway.clientId} is not a gateway (its role is ${gateway.role}).`,
      );
    }
    return gateway;
  }

  /**
   * Verifies `Authorization: Bearer <token>` and returns the caller. Throws AuthenticationError for a missing,
   * malformed, expired, forged or wrongly signed token (alg none included), a wrong issuer or audience, or a
   * client that is unknown or disabled now.
   */
  async authenticate(
    authorization: string | undefined,
    headers: { endUser?: string; caseId?: string },
  ): Promise<Caller> {
    const match =
      authorization && authorization.length <= MAX_TOKEN_CHARS
        ? /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/.exec(authorization)
        : null;
    if (!match) {
      throw new AuthenticationError(
        'Send an access token: Authorization: Bearer <token>. Get one from POST /oauth/token with grant_type=client_credentials.',
      );
    }
    const payload = await this.verifiedClaims(match[1]);
    // The client's current state, not the token's claims, decides: a disabled client is refused at once.
    const snapshot = this.directory.snapshot();
    const client = snapshot.clients.get(String(payload.sub));
    if (!client || client.disabled)
      throw new AuthenticationError('The client of this token is disabled or unknown.');
    if (client.clientId === CONSOLE_CLIENT_ID) {
      // A console token acts for the person it names, as that person's current roles allow.
      const person = snapshot.consoleUsers.get(String(payload.person));
      if (!mayAct(person))
        throw new AuthenticationError('The console user of this token is disabled or unknown.');
      return personCaller(person, headers.caseId);
    }
    return {
      clientId: client.clientId,
      role: client.role,
      departmentCode: client.departmentCode,
      endUser: headers.endUser,
      caseId: headers.caseId,
    };
  }
}
