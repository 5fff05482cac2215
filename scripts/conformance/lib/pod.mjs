// Shared by the conformance modules (scripts/conformance/*.mjs); not a module itself (the runner reads only the
// folder's own .mjs files).

/** The pod (metadata and spec) a Pod or workload makes. */
export function podOf(obj) {
  switch (obj?.kind) {
    case 'Pod':
      return obj;
    case 'CronJob':
      return obj.spec?.jobTemplate?.spec?.template;
    case 'PodTemplate':
      return obj.template;
    default:
      return obj?.spec?.template;
  }
}
