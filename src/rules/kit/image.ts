/**
 * Container image references, read the way the container runtime reads a
 * Pod's `image`: containerd's CRI plugin normalises it with
 * github.com/distribution/reference `ParseDockerRef` (`ParseNormalizedNamed`,
 * then the name's default tag). So `nginx` is `docker.io/library/nginx`,
 * `user/app` is `docker.io/user/app`, `index.docker.io` is `docker.io`, and a
 * first component with a `.` or a `:`, or `localhost`, or an uppercase
 * letter, is the registry host. The grammar is reference.go's (path
 * components lowercase `[a-z0-9]` joined by `.`, `_`, `__` or dashes; a tag
 * `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`; a digest an algorithm and hex), and a
 * digest must be one go-digest accepts (sha256, sha384 or sha512 in lowercase
 * hex of the right length).
 *
 * Written by hand, piece by piece, with no pattern that can backtrack; the
 * text is bounded. Nothing here throws; nothing imports anything.
 */

export interface ImageRef {
  /** The host the runtime pulls from, with its port: `docker.io`, `registry.example.com:5000`, `[::1]:5000`. */
  registry: string;
  /** The repository inside it: `library/nginx`. */
  path: string;
  /** `registry/path`, lowercased (hosts are case-insensitive, paths are lowercase): what an allow-list matches. */
  name: string;
  /** As written, if any; a digest makes the runtime ignore it. */
  tag?: string;
  /** `sha256:<hex>`, if pinned. */
  digest?: string;
}

export type ParsedImage = { ok: true; ref: ImageRef } | { ok: false; error: string };

/** Longer than any reference the grammar allows with a DNS host (255-character path, 128-character tag, a sha512 digest). */
export const MAX_IMAGE_LENGTH = 1024;

/** reference.go `RepositoryNameTotalLengthMax`. */
const MAX_PATH_LENGTH = 255;

/** Digest algorithms go-digest registers, and the hex length of each. */
const DIGEST_HEX: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 };

const DOMAIN_LABEL = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const IDENTIFIER = /^[a-f0-9]{64}$/;

/** reference.go `domainAndPort`: a DNS-like host or a bracketed IPv6 address, then an optional port. */
function isDomain(s: string): boolean {
  if (s.startsWith('[')) {
    const close = s.indexOf(']');
    return close > 0 && /^\[[a-fA-F0-9:]+\]$/.test(s.slice(0, close + 1)) && /^(?::[0-9]+)?$/.test(s.slice(close + 1));
  }
  const colon = s.indexOf(':');
  if (colon >= 0 && !/^:[0-9]+$/.test(s.slice(colon))) return false;
  return (colon >= 0 ? s.slice(0, colon) : s).split('.').every((label) => DOMAIN_LABEL.test(label));
}

const isRemoteName = (s: string) => s.split('/').every((c) => PATH_COMPONENT.test(c));

/** normalize.go `splitDockerDomain`: the registry and the rest, Docker Hub's defaults applied. */
function splitDockerDomain(name: string): [string, string] {
  const slash = name.indexOf('/');
  if (slash < 0) return ['docker.io', `library/${name}`];
  const maybe = name.slice(0, slash);
  let domain: string;
  let remainder: string;
  if (maybe === 'index.docker.io') {
    [domain, remainder] = ['docker.io', name.slice(slash + 1)];
  } else if (maybe === 'localhost' || maybe.includes('.') || maybe.includes(':') || maybe.toLowerCase() !== maybe) {
    [domain, remainder] = [maybe, name.slice(slash + 1)];
  } else {
    [domain, remainder] = ['docker.io', name];
  }
  if (domain === 'docker.io' && !remainder.includes('/')) remainder = `library/${remainder}`;
  return [domain, remainder];
}

/** go-digest `Parse`: a registered algorithm and lowercase hex of its length. */
function digestProblem(digest: string): string | undefined {
  const [algorithm, hex] = [digest.slice(0, digest.indexOf(':')), digest.slice(digest.indexOf(':') + 1)];
  if (!Object.hasOwn(DIGEST_HEX, algorithm)) return `unsupported digest algorithm "${algorithm}"`;
  const length = DIGEST_HEX[algorithm]!;
  if (hex.length !== length || !/^[a-f0-9]+$/.test(hex)) return `a ${algorithm} digest is ${length} lowercase hex characters`;
  return undefined;
}

/**
 * Parses an image reference as the runtime does, or says why it cannot: the
 * same references fail here as in `ParseDockerRef`.
 */
export function parseImage(s: string): ParsedImage {
  const fail = (error: string): ParsedImage => ({ ok: false, error });
  if (s === '') return fail('an empty reference');
  if (s.length > MAX_IMAGE_LENGTH) return fail(`longer than ${MAX_IMAGE_LENGTH} characters`);
  if (IDENTIFIER.test(s)) return fail('a 64-character hex string is an image ID, not a name');

  const [domain, remainder] = splitDockerDomain(s);
  const tagSep = remainder.indexOf(':');
  const remote = tagSep < 0 ? remainder : remainder.slice(0, tagSep);
  if (remote.toLowerCase() !== remote) return fail('the repository name must be lowercase');

  // reference.go `Parse` on `domain/remainder`: name [":" tag] ["@" digest].
  let rest = `${domain}/${remainder}`;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return fail('invalid reference format: the digest is not algorithm:hex');
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return fail('invalid reference format: a tag is letters, digits, _, . and - (at most 128, not starting with . or -)');
  }
  // The name: a registry then a path; or, as the grammar falls back to, a path alone (`a_b.com/x`: no host has an
  // underscore), whose first component the runtime contacts as the host all the same.
  const slash = rest.indexOf('/');
  const registry = rest.slice(0, slash);
  const path = rest.slice(slash + 1);
  const withHost = isDomain(registry) && isRemoteName(path);
  if (!withHost && !isRemoteName(rest)) return fail('invalid reference format');
  if ((withHost ? path : rest).length > MAX_PATH_LENGTH) return fail(`the repository name is longer than ${MAX_PATH_LENGTH} characters`);
  if (digest !== undefined) {
    const problem = digestProblem(digest);
    if (problem !== undefined) return fail(problem);
  }
  return {
    ok: true,
    ref: { registry, path, name: `${registry.toLowerCase()}/${path}`, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) },
  };
}
