/**
 * AppArmor (k8s.io/pod-security-admission `check_appArmorProfile.go`): the
 * `appArmorProfile` fields (Kubernetes v1.30+) and the beta annotations
 * before them may choose the runtime's default profile or one loaded on the
 * node, never `Unconfined`. The reference implementation reads both at
 * every version.
 */
import { formatFieldPath, isObject } from '../../../lang/fieldpath.js';
import type { Rule } from '../../../engine/rule.js';
import { describe } from '../../params.js';
import { annotationsWhere, prefix, pssRule, setters } from './standard.js';

const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const allowedAnnotation = (v: string) => v === '' || v === 'runtime/default' || v.startsWith('localhost/');
const ALLOWED_TYPES = ['RuntimeDefault', 'Localhost'];

export const apparmor = pssRule({
  id: 'k8s-pss-apparmor',
  title: 'Containers keep an AppArmor profile',
  severity: 'high',
  level: 'baseline',
  description:
    'Refuses `securityContext.appArmorProfile` on the pod or on any container whose `type` is not `RuntimeDefault` or `Localhost`, and an annotation `container.apparmor.security.beta.kubernetes.io/*` whose value is not empty, `runtime/default` or `localhost/*`: `Unconfined` runs the container without the AppArmor confinement the runtime applies. Reference check: `appArmorProfile`.',
  references: { trivy: ['KSV-0002'] },
  check(ctx, spec) {
    for (const a of annotationsWhere(ctx, (key) => key.startsWith(ANNOTATION_PREFIX))) {
      if (!allowedAnnotation(a.value)) ctx.unsafe(a.path, `${a.path} is ${JSON.stringify(a.value)}; use "runtime/default" or "localhost/<profile>", or better, securityContext.appArmorProfile`);
    }
    for (const s of setters(spec)) {
      const profile = s.context?.appArmorProfile;
      if (profile === undefined || profile === null) continue;
      const path = formatFieldPath([...s.at, 'appArmorProfile']);
      if (!isObject(profile)) {
        ctx.unsafe(path, `${prefix(s.who)}${path} is ${describe(profile)}, not an object; it cannot be checked`);
        continue;
      }
      const type = profile.type;
      if (typeof type === 'string' && ALLOWED_TYPES.includes(type)) continue;
      const shown = type === undefined || type === null ? 'not set' : typeof type === 'string' ? JSON.stringify(type) : describe(type);
      ctx.unsafe(`${path}.type`, `${prefix(s.who)}${path}.type is ${shown}; use RuntimeDefault or Localhost${type === 'Unconfined' ? ': Unconfined runs the container without AppArmor' : ''}`);
    }
  },
}) satisfies Rule;
