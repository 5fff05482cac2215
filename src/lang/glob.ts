/**
 * Globs for the Input: `*` matches any run of characters (none included);
 * every other character matches itself. Matching is linear-time two-pointer
 * wildcard matching, not a RegExp, so no pattern can backtrack.
 *
 * `canMatch` decides whether a glob can match any value of a field at all
 * (`kind: "s3.Bucket"` cannot: kinds have no dots), so the Input is refused
 * at validation instead of silently matching nothing.
 */

export function globMatch(glob: string, value: string): boolean {
  let g = 0;
  let v = 0;
  let star = -1; // position in glob of the last `*`
  let resume = 0; // position in value that `*` has consumed up to
  while (v < value.length) {
    if (g < glob.length && glob[g] !== '*' && glob[g] === value[v]) {
      g++;
      v++;
    } else if (g < glob.length && glob[g] === '*') {
      star = g++;
      resume = v;
    } else if (star >= 0) {
      g = star + 1;
      v = ++resume;
    } else {
      return false;
    }
  }
  while (g < glob.length && glob[g] === '*') g++;
  return g === glob.length;
}

/** Does any glob in the list match the value? */
export function anyGlobMatch(globs: readonly string[], value: string): boolean {
  return globs.some((g) => globMatch(g, value));
}

/**
 * The values a field can take, as a small deterministic automaton: `next`
 * gives the state after a character (undefined: no value continues so).
 */
export interface Language {
  readonly name: string;
  /** Every character any value may contain. */
  readonly alphabet: string;
  readonly accepting: ReadonlySet<number>;
  next(state: number, ch: string): number | undefined;
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const DIGITS = '0123456789';

function language(name: string, alphabet: string, accepting: number[], next: Language['next']): Language {
  return { name, alphabet, accepting: new Set(accepting), next };
}

const isIn = (set: string, ch: string) => set.includes(ch);

/**
 * `group/version` (lowercase DNS characters, one slash) or a core `version`
 * (`v1`: letters and digits only). States: 1 a core version so far, 4 a
 * group, 2 after the slash, 3 in the version.
 */
export const API_VERSION_LANGUAGE = language('an apiVersion (group/version, or v1)', `${LOWER}${DIGITS}.-/`, [1, 3], (state, ch) => {
  const alnum = isIn(`${LOWER}${DIGITS}`, ch);
  const dnsPunct = ch === '.' || ch === '-';
  switch (state) {
    case 0:
      return alnum ? 1 : dnsPunct ? 4 : undefined;
    case 1:
    case 4:
      return alnum ? state : dnsPunct ? 4 : ch === '/' ? 2 : undefined;
    case 2:
    case 3:
      return alnum ? 3 : undefined;
    default:
      return undefined;
  }
});

/** A Kind: an uppercase letter, then letters and digits (`Bucket`, `SecurityGroupIngressRule`). */
export const KIND_LANGUAGE = language('a kind (Bucket, Instance)', `${LOWER}${UPPER}${DIGITS}`, [1], (state, ch) =>
  state === 0 ? (isIn(UPPER, ch) ? 1 : undefined) : isIn(`${LOWER}${UPPER}${DIGITS}`, ch) ? 1 : undefined,
);

/** A Kubernetes object name (DNS subdomain): lowercase letters, digits, `-` and `.`. */
export const OBJECT_NAME_LANGUAGE = language('an object name', `${LOWER}${DIGITS}.-`, [1], (_state, ch) =>
  isIn(`${LOWER}${DIGITS}.-`, ch) ? 1 : undefined,
);

/** A namespace (DNS label): lowercase letters, digits and `-`. */
export const NAMESPACE_LANGUAGE = language('a namespace', `${LOWER}${DIGITS}-`, [1], (_state, ch) =>
  isIn(`${LOWER}${DIGITS}-`, ch) ? 1 : undefined,
);

/**
 * Whether some value of `lang` matches `glob`: a search over pairs of
 * (position in the glob, automaton state), each visited once.
 */
export function canMatch(glob: string, lang: Language): boolean {
  const seen = new Set<string>();
  const stack: [number, number][] = [[0, 0]];
  while (stack.length > 0) {
    const [i, state] = stack.pop()!;
    const key = `${i}:${state}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (i === glob.length) {
      if (lang.accepting.has(state)) return true;
      continue;
    }
    const ch = glob[i]!;
    if (ch === '*') {
      stack.push([i + 1, state]);
      for (const c of lang.alphabet) {
        const next = lang.next(state, c);
        if (next !== undefined) stack.push([i, next]);
      }
    } else {
      const next = lang.next(state, ch);
      if (next !== undefined) stack.push([i + 1, next]);
    }
  }
  return false;
}
