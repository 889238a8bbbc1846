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
import { verifySecret } from './secrets';
import { CLIENT_ID_PATTERN } from '../connectors/directory/catalogue-data';
import type { DirectoryState, Role } from './directory-state';
import type { Caller } from './policy';

export interface IdentityOptions {
  issuer: string;
  audience: string;
  tokenTtlSeconds: number;
}

/** An OAuth2 error response (RFC 6749 §5.2). */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: 'invalid_request' | 'invalid_client' | 'unsupported_grant_type',
    readonly description: string,
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

// A hash to compare against when the client id is unknown, so that "no such client" and "wrong secret" take
// the same time and cannot be told apart.
const MAX_CACHED_TOKENS = 10_000;
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export class Identity {
  /** Claims of tokens verified before, by token (see verifiedClaims). */
  private readonly verified = new Map<string, JWTPayload & { exp: number }>();

  constructor(
    private readonly knex: Knex,
    private readonly keys: SigningKeys,
    private readonly directory: DirectoryState,
    private readonly options: IdentityOptions,
  ) {}

  /**
   * The client-credentials grant: checks the client's secret and status and returns a signed access token.
   * `params` are the form or JSON body fields; `basic` the decoded HTTP Basic credentials, if sent.
   */
  async issueToken(
    params: Record<string, unknown>,
    basic?: { id: string; secret: string },
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
    // An id no client can have (a NUL, say, which PostgreSQL would refuse as a parameter) is simply unknown: it
    // gets the same answer, after the same secret check against a dummy hash, as any other unknown client.
    const rows = CLIENT_ID_PATTERN.test(clientId)
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
    const valid = await verifySecret(secret, client?.secret_hash ?? DUMMY_HASH);
    if (!client || !valid || client.disabled_at) {
      throw new OAuthError(401, 'invalid_client', 'Unknown client, wrong secret, or a disabled client.');
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
   * Verifies `Authorization: Bearer <token>` and returns the caller. Throws AuthenticationError for a missing,
   * malformed, expired, forged or wrongly signed token (alg none included), a wrong issuer or audience, or a
   * client that is unknown or disabled now.
   */
  async authenticate(
    authorization: string | undefined,
    headers: { endUser?: string; caseId?: string },
  ): Promise<Caller> {
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/.exec(authorization ?? '');
    if (!match) {
      throw new AuthenticationError(
        'Send an access token: Authorization: Bearer <token>. Get one from POST /oauth/token with grant_type=client_credentials.',
      );
    }
    const payload = await this.verifiedClaims(match[1]);
    // The client's current state, not the token's claims, decides: a disabled client is refused at once.
    const client = this.directory.snapshot().clients.get(String(payload.sub));
    if (!client || client.disabled)
      throw new AuthenticationError('The client of this token is disabled or unknown.');
    return {
      clientId: client.clientId,
      role: client.role,
      departmentCode: client.departmentCode,
      endUser: headers.endUser,
      caseId: headers.caseId,
    };
  }
}
