/**
 * What a pod runs: images from the registries the platform trusts, pinned to
 * a version. Every image a pod pulls is judged, as the container runtime
 * reads it (kit/image.ts): each container, init container and ephemeral
 * container, and each image volume (`volumes[].image.reference`, pulled from
 * a registry like a container's image).
 */
import { z } from 'zod';
import { formatFieldPath, isObject, type Segment } from '../../lang/fieldpath.js';
import { globMatch } from '../../lang/glob.js';
import { defineRule, type Rule, type RuleContext } from '../../engine/rule.js';
import { parseImage, type ImageRef } from '../kit/image.js';
import { describe } from '../params.js';
import { containersOf, podSpec, POD } from './pods.js';

/** One image reference a pod pulls, where it is and how a message names it. */
interface ImageAt {
  at: Segment[];
  value: unknown;
  /** `container "app"`, `image volume "models"`. */
  label: string;
  /** The field, as messages name it: `image`, `image.reference`. */
  field: string;
  /** Where the field itself cannot hold a reference (an image volume whose `image` is not an object). */
  unreadable?: true;
}

/** Every image reference of the pod: containers (regular, init, ephemeral), then image volumes. */
function imagesOf(spec: Record<string, unknown>): ImageAt[] {
  const out: ImageAt[] = containersOf(spec).map((c) => ({ at: [...c.at, 'image'], value: c.container.image, label: c.label, field: 'image' }));
  const volumes = Array.isArray(spec.volumes) ? spec.volumes : [];
  volumes.forEach((v: unknown, i) => {
    if (!isObject(v) || v.image === undefined || v.image === null) return;
    const name = typeof v.name === 'string' && v.name !== '' ? JSON.stringify(v.name) : `[${i}]`;
    const label = `image volume ${name}`;
    if (!isObject(v.image)) out.push({ at: ['spec', 'volumes', i, 'image'], value: v.image, label, field: 'image', unreadable: true });
    else out.push({ at: ['spec', 'volumes', i, 'image', 'reference'], value: v.image.reference, label, field: 'image.reference' });
  });
  return out;
}

/** An image as messages quote it: whole (a digest included), within a bound. */
const shown = (image: string) => JSON.stringify(image.length > MAX_SHOWN ? `${image.slice(0, MAX_SHOWN)}…` : image);
const MAX_SHOWN = 200;

/**
 * The parsed reference, or undefined after reporting why there is none: a
 * pod whose image cannot be read is refused, never passed.
 */
function read(ctx: RuleContext, img: ImageAt): { ref: ImageRef; text: string } | undefined {
  const path = formatFieldPath(img.at);
  if (img.value === undefined || img.value === null || img.value === '') {
    ctx.unsafe(path, `${img.label} has no ${img.field}; name the image to run`);
    return undefined;
  }
  if (typeof img.value !== 'string' || img.unreadable === true) {
    ctx.unsafe(path, `${img.label} has ${img.field} that is ${describe(img.value)}, not ${img.unreadable === true ? 'an object with a reference' : 'an image reference'}`);
    return undefined;
  }
  const parsed = parseImage(img.value);
  if (!parsed.ok) {
    ctx.unsafe(path, `${img.label} has ${img.field} ${shown(img.value)}, which is not an image reference the runtime accepts: ${parsed.error}`);
    return undefined;
  }
  return { ref: parsed.ref, text: img.value };
}

/** A registry glob, split once: the host part and the repository part, matched each on its own. */
interface RegistryGlob {
  glob: string;
  registry: string;
  path: string;
}

const splitGlob = (glob: string): RegistryGlob => {
  const lower = glob.toLowerCase();
  const slash = lower.indexOf('/');
  return { glob, registry: lower.slice(0, slash), path: lower.slice(slash + 1) };
};

/**
 * Does a glob allow the image? Its host part matches the registry and its
 * path part the repository, each on its own: `*` in the host cannot reach
 * into the path, so `*.example.com/*` allows `cdn.example.com/app` but not
 * `evil.io/x.example.com/app`.
 */
const allows = (g: RegistryGlob, ref: ImageRef) => globMatch(g.registry, ref.registry.toLowerCase()) && globMatch(g.path, ref.path);

const RegistryGlobSchema = z
  .string()
  .min(1, 'a glob cannot be empty')
  .max(512)
  .superRefine((glob, ctx) => {
    const slash = glob.indexOf('/');
    if (slash <= 0 || slash === glob.length - 1) {
      ctx.addIssue({
        code: 'custom',
        message: `"${glob}" must name a registry and a repository path, as images are normalised: registry.example.com/*, docker.io/library/nginx`,
      });
    }
  });

export const imageRegistries = defineRule({
  id: 'k8s-image-registries',
  title: 'Images come from the allowed registries',
  severity: 'high',
  defaultAction: 'Deny',
  description:
    "Acts only where `rules.k8s-image-registries.allowed` lists the registries the platform trusts; without it, it does nothing. Refuses every image a Pod or a workload's pod template pulls (each container, init container and ephemeral container, and each image volume; bare or carried by a provider-kubernetes Object) that no glob allows. Images are normalised as the container runtime reads them (`nginx` is `docker.io/library/nginx`, `user/app` is `docker.io/user/app`, `index.docker.io` is `docker.io`; a first component with a `.` or `:`, or `localhost`, is the registry), then the glob's host part is matched against the registry (ports included) and its path part against the repository, so `*` never reaches across the first `/`. A digest pins the content, not where it comes from: a digest-pinned image still needs an allowed registry. An image that is absent or does not parse is refused, naming the resource and the path.",
  kinds: POD,
  params: z.object({
    allowed: z
      .array(RegistryGlobSchema)
      .min(1, 'list at least one registry; remove "allowed" to lift the limit')
      .meta({
        description:
          'The images allowed, as globs over the normalised `registry/repository` (`*` matches any run of characters, but never across the first `/`), e.g. `registry.example.com/*`, `mcr.microsoft.com/*`, `docker.io/library/*`. Unset: the rule does nothing.',
      }),
  }),
  configured: ({ allowed }) => allowed !== undefined,
  check(ctx, { allowed }) {
    const spec = podSpec(ctx);
    if (allowed === undefined || spec === undefined) return;
    const globs = allowed.map(splitGlob);
    for (const img of imagesOf(spec)) {
      const image = read(ctx, img);
      if (image === undefined || globs.some((g) => allows(g, image.ref))) continue;
      const { ref, text } = image;
      ctx.unsafe(
        formatFieldPath(img.at),
        `${img.label} runs ${shown(text)}, which is ${ref.name}${ref.tag !== undefined ? `:${ref.tag}` : ''} from ${ref.registry}, not an allowed registry (${allowed.join(', ')}); use an image from an allowed registry`,
      );
    }
  },
}) satisfies Rule;

export const imageTag = defineRule({
  id: 'k8s-image-tag',
  title: 'Images are pinned to a version',
  severity: 'medium',
  defaultAction: 'Deny',
  description:
    "Refuses an image with no tag or the `latest` tag (Kyverno's best-practices/disallow-latest-tag), on every image a Pod or a workload's pod template pulls (each container, init container and ephemeral container, and each image volume; bare or carried by a provider-kubernetes Object): either pulls whatever was pushed last, so what runs is not what was reviewed and cannot be rolled back. An image pinned by digest (`@sha256:…`) passes, whatever its tag, since the runtime pulls the digest. The tag is read as the runtime reads it, so `localhost:5000/app` has no tag (the port is no tag). An image that is absent or does not parse is refused, naming the resource and the path.",
  references: { checkov: ['CKV_K8S_14'], trivy: ['KSV-0013'] },
  kinds: POD,
  check(ctx) {
    const spec = podSpec(ctx);
    if (spec === undefined) return;
    for (const img of imagesOf(spec)) {
      const image = read(ctx, img);
      if (image === undefined || image.ref.digest !== undefined) continue;
      const { ref, text } = image;
      const path = formatFieldPath(img.at);
      if (ref.tag === undefined) {
        ctx.unsafe(path, `${img.label} runs ${shown(text)} with no tag, which pulls ${ref.name}:latest; pin a version tag or a digest`);
      } else if (ref.tag === 'latest') {
        ctx.unsafe(path, `${img.label} runs ${shown(text)}; the latest tag moves with every push: pin a version tag or a digest`);
      }
    }
  },
}) satisfies Rule;

/** The image rules in evaluation order. */
export const IMAGE_RULES = [imageRegistries, imageTag] as const satisfies readonly Rule[];
