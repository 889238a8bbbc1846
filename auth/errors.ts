/**
 * Errors of the permission layer, shaped for clients: a code, the coordinate, and what to do about it.
 */
import { GraphQLError } from 'graphql';
import type { CatalogueItem } from './directory-state';
import type { Access } from './policy';

/** A denied field: null in the answer, with this error naming the coordinate and how to get access. */
export function forbidden(coordinate: string, item: CatalogueItem | undefined, access: Access): GraphQLError {
  if (!item) {
    return new GraphQLError(`${coordinate} is not in the resource catalogue, so it is never served.`, {
      extensions: { code: 'FORBIDDEN', coordinate },
    });
  }
  const resource = item.resource;
  const howToApply =
    access === 'REQUESTABLE'
      ? `Apply with the mutation requestAccess(input: { resourceCode: "${resource.code}", items: ["${coordinate}"], purpose: "...", legalBasis: "..." }); the provider reviews it.`
      : resource.shareType === 'NOT_SHARED' || item.shareType === 'NOT_SHARED'
        ? 'This item is not shared (不予共享): only its provider department reads it.'
        : 'Only department apps read source data; administrators and auditors read the directory and the audit trail.';
  return new GraphQLError(
    `Access to ${coordinate} (${item.name}, resource ${resource.code} ${resource.name}) is not granted. ${howToApply}`,
    {
      extensions: {
        code: 'FORBIDDEN',
        coordinate,
        resourceCode: resource.code,
        shareType: item.shareType,
        access,
        howToApply,
      },
    },
  );
}

/** A hub API field the caller's role may not use. */
export function unauthorised(role: string): GraphQLError {
  return new GraphQLError(`This field is for ${role} clients only.`, {
    extensions: { code: 'FORBIDDEN', requiredRole: role },
  });
}

/** A console person whose console roles do not include one that the field needs (@apiAccess consoleRoles). */
export function personLacksRole(roles: readonly string[]): GraphQLError {
  return new GraphQLError(
    `Signed in to the console, this needs the console role ${roles.join(' or ')}; an administrator can add it.`,
    { extensions: { code: 'FORBIDDEN', requiredConsoleRole: roles } },
  );
}
